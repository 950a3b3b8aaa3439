// Lentera's only script: confirmations and region suggestions. Pages work without it.
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
document.querySelectorAll("input[data-region-suggest]").forEach(function (input) {
  var list = document.getElementById(input.getAttribute("list"));
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2 || /^[0-9.]+$/.test(q)) return;
    timer = setTimeout(function () {
      var level = input.getAttribute("data-region-suggest");
      fetch("/api/v1/regions/search?limit=15&q=" + encodeURIComponent(q) + (level ? "&level=" + level : ""))
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (d) {
          list.textContent = "";
          d.items.forEach(function (it) {
            var o = document.createElement("option");
            o.value = it.code;
            o.label = it.name + " — " + it.path;
            o.textContent = o.label;
            list.appendChild(o);
          });
        });
    }, 250);
  });
});
// A timed test sends itself when the time is up (the server also refuses late answers).
var timer = document.getElementById("sisa-waktu");
var testForm = document.getElementById("form-tes");
if (timer && testForm) {
  setTimeout(function () { testForm.submit(); }, Math.max(0, Number(timer.getAttribute("data-remaining")) - 5) * 1000);
}
