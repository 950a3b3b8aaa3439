// Lentera's only script: confirmations, region suggestions, timed tests and photo uploads. Pages work without it.
document.documentElement.classList.add("js");
// The phone's folded menu.
var menuToggle = document.querySelector(".menu-toggle");
if (menuToggle) {
  menuToggle.addEventListener("click", function () {
    var open = document.getElementById("menu").classList.toggle("open");
    menuToggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
}
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
// Photos are made smaller on the phone before they travel (at most 1600 px, JPEG), upright
// as taken, with a progress bar and the button disabled while sending; without this script
// the form sends the originals.
document.querySelectorAll("form[data-photos]").forEach(function (form) {
  form.addEventListener("submit", function (e) {
    var input = form.querySelector("input[type=file]");
    if (!input || !input.files.length || !window.createImageBitmap || !window.FormData) return;
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var bar = form.querySelector("progress");
    var say = form.querySelector(".upload-status");
    button.disabled = true;
    bar.hidden = false;
    say.textContent = form.getAttribute("data-preparing");
    Promise.all(Array.prototype.map.call(input.files, shrink)).then(function (photos) {
      var data = new FormData();
      form.querySelectorAll("input[type=hidden]").forEach(function (h) { data.append(h.name, h.value); });
      photos.forEach(function (p, i) { data.append(input.name, p, "foto-" + (i + 1) + ".jpg"); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.onprogress = function (p) {
        if (!p.lengthComputable) return;
        bar.value = p.loaded / p.total;
        say.textContent = form.getAttribute("data-sending") + " " + Math.round((100 * p.loaded) / p.total) + "%";
      };
      xhr.onload = function () {
        if (xhr.status < 400) { location.href = xhr.responseURL; return; }
        document.open(); document.write(xhr.responseText); document.close();
      };
      xhr.onerror = xhr.ontimeout = function () {
        button.disabled = false;
        bar.hidden = true;
        say.textContent = form.getAttribute("data-failed");
      };
      xhr.send(data);
    });
  });
});
function shrink(file) {
  return createImageBitmap(file).then(function (img) {
    var scale = Math.min(1, 1600 / Math.max(img.width, img.height));
    if (scale === 1 && file.type === "image/jpeg" && file.size < 400000) return file;
    var c = document.createElement("canvas");
    c.width = Math.round(img.width * scale);
    c.height = Math.round(img.height * scale);
    c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
    return new Promise(function (done) { c.toBlob(function (b) { done(b || file); }, "image/jpeg", 0.82); });
  }).catch(function () { return file; });
}
// A search that only refreshes one list of the page (the library list of a registration
// form) fetches the page and takes that list from it, so nothing typed elsewhere is lost.
document.querySelectorAll("form[data-refresh]").forEach(function (form) {
  form.addEventListener("submit", function (e) {
    if (!window.fetch || !window.DOMParser) return;
    e.preventDefault();
    var id = form.getAttribute("data-refresh");
    var query = new URLSearchParams(new FormData(form)).toString();
    fetch(location.pathname + "?" + query, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
        var list = document.getElementById(id);
        if (fresh && list) {
          list.innerHTML = fresh.innerHTML;
          list.focus();
        }
        var kept = document.querySelector("input[name=library_query]");
        var typed = form.querySelector("input[type=search]");
        if (kept && typed) kept.value = typed.value;
      })
      .catch(function () { form.submit(); });
  });
});
