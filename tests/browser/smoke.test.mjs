// Browser flows on a phone-sized screen: a regency coordinator walks the regions and edits
// a library; a manager reports and the chain reviews; an organiser runs a Bimtek from
// nomination to verified certificates. Run by `cargo test` (crates/lentera/tests/browser.rs) with LENTERA_BIN set.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const BIN = process.env.LENTERA_BIN;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
let server, browser, base, dataDir;

before(async () => {
  assert.ok(BIN, "LENTERA_BIN must point at the lentera binary");
  dataDir = mkdtempSync(join(tmpdir(), "lentera-browser-"));
  server = spawn(BIN, ["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on("line", (l) => {
      const m = l.match(/running at (http:\/\/\S+?)\/\s/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error("server exited " + code)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("coordinator signs in, walks to a village, edits a library, sees it audited", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID" });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);

  await page.goto(base + "/masuk");
  await page.getByLabel("Nama pengguna").fill("koordinator.kabupaten");
  await page.getByLabel("Kata sandi").fill("lentera-demo-2026");
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.getByText("Selamat datang").waitFor();

  // Walk nation → province → regency → district → village.
  await page.goto(base + "/wilayah");
  await page.getByRole("link", { name: "Jawa Timur" }).click();
  assert.equal(await page.locator("h1").textContent(), "Jawa Timur");
  for (const level of ["Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"]) {
    await page.getByRole("heading", { name: level }).waitFor();
    await page.locator("main table tbody tr td:nth-child(2) a").first().click();
  }
  assert.match(await page.locator("main dl").textContent(), /Desa\/Kelurahan/);
  assert.match(await page.locator("nav.crumbs").textContent(), /Jawa Timur/);

  // The region field suggests villages by name (the page's only script).
  await page.goto(base + "/perpustakaan/baru");
  await page.getByLabel("Kode wilayah (desa/kelurahan)").pressSequentially("Ternyang", { delay: 20 });
  await page.waitForFunction(() => document.querySelectorAll("#region-list option").length > 0);
  assert.equal(await page.locator("#region-list option").first().getAttribute("value"), "35.07.12.2001");

  // Find a library in the coordinator's scope and edit it.
  await page.goto(base + "/perpustakaan");
  await page.getByLabel("Cari nama atau NPP").fill("Perpustakaan Desa");
  await page.getByRole("button", { name: "Terapkan" }).click();
  const first = page.locator("main table tbody tr td:first-child a").first();
  const name = (await first.textContent()).trim();
  await first.click();
  await page.getByRole("link", { name: "Ubah data" }).click();
  await page.getByLabel("Telepon/WhatsApp").fill("0812 9999 0000");
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.getByText("Perubahan tersimpan.").waitFor();
  assert.match(await page.locator("main dl").textContent(), /0812 9999 0000/);
  assert.equal((await page.locator("h1").textContent()).trim(), name);

  // Deleting asks first; dismissing keeps the library.
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("button", { name: "Hapus" }).click();
  assert.equal((await page.locator("h1").textContent()).trim(), name);

  // The change is in the audit log.
  await page.goto(base + "/audit");
  const row = page.locator("main table tbody tr").first();
  assert.match(await row.textContent(), /koordinator\.kabupaten/);
  assert.match(await row.textContent(), /phone/);
  await context.close();
});

async function signIn(context, username) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(base + "/masuk");
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill("lentera-demo-2026");
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.getByText("Selamat datang").waitFor();
  return page;
}

/** The library page's KPI line for the current month, as data attributes. */
async function kpiNow(page) {
  const el = page.locator("#kpi-bulan-ini");
  return {
    overall: await el.getAttribute("data-overall"),
    monthly: await el.getAttribute("data-monthly"),
    activities: Number(await el.getAttribute("data-activities")),
  };
}

test("a manager reports an activity and the month's figures on a phone; the regency verifies, the province approves; completeness and the KPI colour follow", async () => {
  const phone = { viewport: { width: 390, height: 844 }, locale: "id-ID" };
  // Dates as they are in WIB, where the demo's libraries are.
  const wib = new Date(Date.now() + 7 * 3600 * 1000).toISOString();
  const today = wib.slice(0, 10);
  const month = wib.slice(0, 7);
  const regency = await browser.newContext(phone);
  const regencyPage = await signIn(regency, "koordinator.kabupaten");
  await regencyPage.goto(base + "/kelengkapan?periode=" + month);
  const reportedBefore = Number(await regencyPage.locator("#sudah-lapor").getAttribute("data-n"));

  const manager = await browser.newContext(phone);
  let page = await signIn(manager, "pengelola");
  await page.getByRole("link", { name: "Perpustakaan saya" }).click();
  const libraryUrl = page.url().split("?")[0];
  const kpiBefore = await kpiNow(page);
  assert.equal(kpiBefore.monthly, "red", "no figures for this month yet");
  await page.getByRole("link", { name: "Laporkan kegiatan" }).click();
  const title = "Pelatihan membuat sabun " + Date.now();
  await page.getByLabel("Judul kegiatan").fill(title);
  await page.getByLabel("Kategori").selectOption({ label: "Pelatihan keterampilan dan mata pencaharian" });
  await page.getByLabel("Tanggal mulai").fill(today);
  await page.getByLabel("Jumlah peserta").fill("12");
  await page.getByLabel("Laki-laki").fill("2");
  await page.getByLabel("Perempuan", { exact: true }).fill("10");
  await page.getByRole("button", { name: "Simpan draf" }).click();
  await page.getByText("Perubahan tersimpan.").waitFor();
  // A photo as a phone camera gives it: 4000 × 3000 and grainy (drawn on a canvas here).
  const jpeg = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 4000;
    c.height = 3000;
    const g = c.getContext("2d");
    const img = g.createImageData(4000, 3000);
    for (let i = 0; i < img.data.length; i += 4) {
      img.data[i] = (i * 7) % 251; img.data[i + 1] = (i * 13) % 241; img.data[i + 2] = (i * 3) % 239; img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    return c.toDataURL("image/jpeg", 0.9).split(",")[1];
  });
  const original = Buffer.from(jpeg, "base64");
  await page.locator("#photo").setInputFiles({ name: "kegiatan.jpg", mimeType: "image/jpeg", buffer: original });
  // The phone makes it smaller before it travels (issue 15: over 2G a big photo never arrived).
  const sent = [];
  await page.exposeFunction("photoSent", (size) => sent.push(size));
  await page.evaluate(() => {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      if (body instanceof FormData) body.getAll("photo").forEach((f) => window.photoSent(f.size));
      return send.call(this, body);
    };
  });
  await page.getByRole("button", { name: "Unggah" }).click();
  await page.locator(".photos img").first().waitFor();
  assert.ok(sent.length === 1 && sent[0] < original.length / 2, `sent ${sent} of ${original.length} bytes`);
  assert.ok(await page.locator(".photos img").first().evaluate((img) => img.complete && img.naturalWidth > 0), "thumbnail loads");
  await page.getByRole("button", { name: "Ajukan" }).click();
  await page.locator(".badge", { hasText: "Diajukan" }).waitFor();
  const url = page.url().split("?")[0];
  // This month's figures, submitted before the deadline.
  await page.goto(base + "/laporan-bulanan/baru?perpustakaan=" + libraryUrl.split("/").pop() + "&periode=" + month);
  await page.getByLabel("Pengunjung laki-laki").fill("20");
  await page.getByLabel("Pengunjung perempuan").fill("25");
  await page.getByRole("button", { name: "Simpan draf" }).click();
  await page.getByText("Perubahan tersimpan.").waitFor();
  await page.getByRole("button", { name: "Ajukan" }).click();
  await page.locator(".badge", { hasText: "Diajukan" }).waitFor();
  await manager.close();

  page = regencyPage;
  await page.goto(base + "/kelengkapan?periode=" + month);
  assert.equal(Number(await page.locator("#sudah-lapor").getAttribute("data-n")), reportedBefore + 1, "completeness counts the library");
  await page.goto(base + "/kotak-masuk");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("button", { name: "Verifikasi" }).click();
  await page.locator(".badge", { hasText: "Diverifikasi" }).waitFor();
  await regency.close();

  const province = await browser.newContext(phone);
  page = await signIn(province, "koordinator.provinsi");
  await page.goto(base + "/kotak-masuk");
  await page.getByRole("link", { name: title }).click();
  assert.equal(page.url().split("?")[0], url);
  await page.getByRole("button", { name: "Setujui" }).click();
  await page.locator(".badge", { hasText: "Disetujui" }).waitFor();
  // One more approved activity and figures on time: the month's colour moves up.
  await page.goto(libraryUrl);
  const kpiAfter = await kpiNow(page);
  assert.equal(kpiAfter.activities, kpiBefore.activities + 1);
  assert.equal(kpiAfter.monthly, "green");
  assert.notEqual(kpiAfter.overall, kpiBefore.overall, `colour changes from ${kpiBefore.overall}`);
  await province.close();
});

test("an organiser runs a 5-day Bimtek: nominates within quotas, QR check-in on a phone, a Zoom report, pre/post-tests, certificates that verify", async () => {
  const phone = { viewport: { width: 390, height: 844 }, locale: "id-ID" };
  const day = (offset) => new Date(Date.now() + 7 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
  const org = await browser.newContext(phone);
  let page = await signIn(org, "koordinator.provinsi");

  // The event: five days from yesterday, hybrid (a venue and a Zoom link).
  await page.goto(base + "/acara/baru");
  const name = "Bimtek SPP-TIK Uji " + Date.now();
  await page.getByLabel("Nama acara").fill(name);
  await page.getByLabel("Jenis acara").selectOption({ label: "Bimtek SPP-TIK" });
  await page.getByLabel("Gelombang").fill("1");
  await page.getByLabel("Moda").selectOption("hibrida");
  await page.getByLabel("Tempat").fill("Hotel Santika Surabaya");
  await page.getByLabel("Tautan rapat daring").fill("https://zoom.us/j/1234567890");
  await page.getByLabel("Tanggal mulai").fill(day(-1));
  await page.getByLabel("Tanggal selesai").fill(day(3));
  await page.getByLabel("Nama penanda tangan sertifikat").fill("Dra. Kepala Dinas");
  await page.getByLabel("Buka pendaftaran mandiri lewat tautan publik").check();
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.getByText("Data baru tersimpan.").waitFor();
  const eventUrl = page.url().split("?")[0];
  const id = eventUrl.split("/").pop();

  // Self-registration on a phone: searching the library keeps what was typed (issue 15: the
  // search reloaded the page and wiped the name).
  const selfRegistration = (await page.locator("code", { hasText: "/daftar/" }).textContent()).trim();
  const stranger = await (await browser.newContext(phone)).newPage();
  await stranger.goto(selfRegistration);
  await stranger.getByLabel("Nama lengkap").fill("Rina Wulandari");
  await stranger.getByLabel("Cari perpustakaan Anda").fill("Perpustakaan Desa");
  await stranger.getByRole("button", { name: "Cari" }).click();
  await stranger.locator("#library_id option").nth(1).waitFor({ state: "attached" });
  assert.equal(await stranger.getByLabel("Nama lengkap").inputValue(), "Rina Wulandari", "the name typed stays");
  await stranger.context().close();

  // Two participants from one village library (quota 3 per village library).
  const people = [
    ["Siti Nur Aisyah", "0819" + String(Date.now()).slice(-8), "siti.uji@desa.id"],
    ["I Made Ngurah Ñoño", "0818" + String(Date.now()).slice(-8), "made.uji@desa.id"],
  ];
  for (const [full, tel, mail] of people) {
    await page.goto(base + `/acara/${id}/peserta/baru`);
    await page.getByLabel("Cari perpustakaan").fill("Perpustakaan Desa");
    await page.locator("form:has(#perpustakaan) button").click();
    await page.locator("#library_id option").nth(1).waitFor({ state: "attached" });
    await page.locator("#library_id").selectOption({ index: 1 });
    await page.getByLabel("Nama lengkap").fill(full);
    await page.getByLabel("Jenis kelamin").selectOption({ label: full.startsWith("Siti") ? "Perempuan" : "Laki-laki" });
    await page.getByLabel("Nomor HP/WhatsApp").fill(tel);
    await page.getByLabel("Email", { exact: true }).fill(mail);
    await page.getByRole("button", { name: "Daftarkan", exact: true }).last().click();
    await page.getByRole("heading", { name: "Peserta" }).waitFor();
  }
  const codeOf = async (full) => (await page.locator("tr", { hasText: full }).locator("code").textContent()).trim();
  const codes = [await codeOf(people[0][0]), await codeOf(people[1][0])];
  assert.match(await page.locator("main table").textContent(), /Terdaftar[\s\S]*Terdaftar/);

  // Today's QR on the organiser's screen; the participant scans it and checks in.
  await page.goto(base + `/acara/${id}/presensi/qr`);
  assert.equal(await page.locator(".qr svg").count(), 1);
  const link = (await page.locator("#tautan-presensi").textContent()).trim();
  const participant = await browser.newContext(phone);
  const p = await participant.newPage();
  p.setDefaultTimeout(15000);
  await p.goto(link);
  await p.getByLabel("Kode pendaftaran Anda").fill(codes[0].toLowerCase());
  await p.getByRole("button", { name: "Saya hadir" }).click();
  await p.getByText("Terima kasih, " + people[0][0]).waitFor();

  // Yesterday was online: the Zoom participants report counts both (one renamed, by email).
  await page.goto(base + `/acara/${id}/presensi/zoom?tanggal=${day(-1)}`);
  const csv = "\ufeffName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n" +
    `HP Samsung (Siti),${people[0][2]},08:00,16:00,470,Yes\n${people[1][0]},,08:05,15:55,465,Yes\nPanitia,,08:00,16:00,480,No\n`;
  await page.locator("#file").setInputFiles({ name: "participants.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Impor" }).click();
  await page.getByText("2 peserta dihitung hadir").waitFor();
  assert.match(await page.locator("main table").textContent(), /Panitia/, "the organisers' own row is left unmatched");

  // The other days are marked by hand.
  for (const d of [day(0), day(1), day(2)]) {
    await page.goto(base + `/acara/${id}/presensi?tanggal=${d}`);
    for (const box of await page.locator("input[type=checkbox][name^=present_]").all()) await box.check();
    await page.getByRole("button", { name: "Simpan presensi hari ini" }).click();
    await page.getByText("Perubahan tersimpan.").waitFor();
  }

  // A question in the bank, used by both tests.
  await page.goto(base + "/bank-soal");
  const question = "Apa peran perpustakaan desa dalam TPBIS? " + Date.now();
  await page.getByLabel("Pertanyaan").fill(question);
  await page.getByLabel("Pilihan jawaban").fill("Gudang buku\nPusat belajar masyarakat\nKantor desa");
  await page.getByLabel("Nomor jawaban benar").fill("2");
  await page.getByRole("button", { name: "Simpan soal" }).click();
  await page.getByText("Data baru tersimpan.").waitFor();
  for (const kind of ["pre", "post"]) {
    await page.goto(base + `/acara/${id}/tes/${kind}`);
    await page.getByLabel(question).check();
    await page.getByLabel("Buka tes untuk peserta").check();
    await page.getByRole("button", { name: "Simpan" }).click();
    await page.getByText("Perubahan tersimpan.").waitFor();
  }

  // The participant takes both tests on the phone.
  await p.goto(base + `/ikut/${id}`);
  await p.getByLabel("Kode pendaftaran Anda").fill(codes[0]);
  await p.getByRole("button", { name: "Masuk" }).click();
  await p.locator("#nama-peserta").waitFor();
  await p.getByRole("button", { name: "Kerjakan pra-tes" }).click();
  // Each answer's button sits on the answer's own line, left of its text (issue 15).
  const answer = await p.getByLabel("Gudang buku").evaluate((radio) => {
    const r = radio.getBoundingClientRect(), l = radio.closest("label").getBoundingClientRect();
    return { width: r.width, top: r.top - l.top, text: radio.closest("label").textContent.trim() };
  });
  assert.ok(answer.width < 40 && answer.top < 20 && answer.text === "Gudang buku", JSON.stringify(answer));
  await p.getByLabel("Gudang buku").check();
  await p.getByRole("button", { name: "Kirim jawaban" }).click();
  await p.getByText("Nilai Pra-tes: 0/1").waitFor();
  await p.getByRole("button", { name: "Kerjakan pasca-tes" }).click();
  await p.getByLabel("Pusat belajar masyarakat").check();
  await p.getByRole("button", { name: "Kirim jawaban" }).click();
  await p.getByText("Nilai Pasca-tes: 1/1").waitFor();
  await page.goto(base + `/acara/${id}/hasil`);
  assert.match(await page.locator("main").textContent(), /\+100/);

  // Certificates: issued for both (5 of 5 days), a real PDF, verified on the public page.
  await page.goto(base + `/acara/${id}/sertifikat`);
  await page.getByRole("button", { name: "Terbitkan sertifikat" }).click();
  await page.getByText("Data baru tersimpan.").waitFor();
  assert.equal(await page.locator("main table tbody tr").count(), 2);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "PDF" }).first().click()]);
  const pdf = readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const number = (await page.locator("main table tbody tr a[href^='/verifikasi/']").first().textContent()).trim();
  const pub = await browser.newContext(phone);
  const v = await pub.newPage();
  await v.goto(base + "/verifikasi/" + number);
  await v.getByText("Sertifikat ini ASLI").waitFor();
  assert.match(await v.locator("#nama-pemegang").textContent(), /Siti Nur Aisyah|I Made Ngurah Ñoño/);
  await pub.close();
  await participant.close();
  await org.close();
});

test("a province coordinator drills the dashboard to a village, switches period, pivots participants by category and gender per regency, exports XLSX, and opens IPLM with the libraries lacking figures", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID", acceptDownloads: true });
  const page = await signIn(context, "koordinator.provinsi");
  await page.goto(base + "/dasbor?periode=2025");
  await page.locator("#angka-utama").waitFor();
  assert.equal(await page.locator("svg.chart").first().getAttribute("role"), "img");
  // Drill down: province → regency → district → village, each through the ranking.
  let levels = 0;
  while ((await page.locator("#peringkat tbody a").count()) > 0 && levels < 4) {
    await page.locator("#peringkat tbody a").first().click();
    await page.locator("#angka-utama").waitFor();
    levels += 1;
  }
  assert.ok(levels >= 3, `drilled ${levels} levels`);
  assert.match(await page.locator("p.crumbs").textContent(), /Jawa Timur/);
  // Another period for the same place.
  await page.getByLabel("Periode").fill("2024-Q2");
  await page.getByRole("button", { name: "Tampilkan" }).click();
  await page.getByText("April 2024 – Juni 2024 · dari laporan").waitFor();
  // A headline number opens its indicator; from there, every indicator of the catalogue.
  await page.locator("#angka-utama a", { hasText: "Peserta perempuan" }).click();
  await page.locator("#nilai").waitFor();
  assert.match(await page.locator("h1").textContent(), /Peserta perempuan/);
  await page.getByRole("link", { name: "Semua indikator" }).click();
  await page.locator("#indikator").waitFor();
  assert.match(await page.locator("#indikator").textContent(), /Kelengkapan laporan bulanan/);
  // Out of scope is refused.
  const denied = await page.goto(base + "/dasbor?region=52");
  assert.equal(denied.status(), 403);

  // The pivot: participants by category and gender per regency.
  await page.goto(base + "/pivot?region=35&periode=2025");
  await page.getByLabel("Baris").selectOption("wilayah");
  await page.getByLabel("Kolom", { exact: true }).selectOption("kategori");
  await page.getByLabel("Kolom kedua").selectOption("gender");
  await page.getByLabel("Nilai").selectOption("peserta");
  await page.getByRole("button", { name: "Tampilkan" }).click();
  await page.locator("#pivot tbody tr").first().waitFor();
  assert.match(await page.locator("#pivot thead").textContent(), /Perempuan/);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Unduh XLSX" }).click()]);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), "PK");

  // IPLM for the province, with the way to the libraries whose figures are missing.
  await page.goto(base + "/iplm?tahun=2024");
  await page.locator("#iplm-wilayah").waitFor();
  await page.locator("#iplm-wilayah a", { hasText: "Jawa Timur" }).click();
  await page.locator("#rincian").waitFor();
  await page.getByRole("link", { name: "Perpustakaan yang datanya belum lengkap" }).click();
  await page.locator("main table tbody tr").first().waitFor();
  assert.match(page.url(), /missing_ktak_year=2024/);
  await context.close();
});

test("a village manager turns the Bimtek follow-up plan into this year's work plan with an ADD line; the regency approves; the village head promises Rp 15.000.000 in an audiensi; the APBDes line keeps the promise; an activity paid from it is approved and shows in plan vs actual", async () => {
  const phone = { viewport: { width: 390, height: 844 }, locale: "id-ID" };
  const wib = new Date(Date.now() + 7 * 3600 * 1000).toISOString();
  const today = wib.slice(0, 10);
  const year = wib.slice(0, 4);
  const open = async (username) => signIn(await browser.newContext(phone), username);
  const add = (page) => page.getByRole("button", { name: "Tambah", exact: true }).click();
  const saved = (page) => page.getByText("Perubahan tersimpan.").waitFor();

  // The plan, started from the Bimtek follow-up plan (RTL).
  const manager = await open("pengelola");
  // On a phone the menu folds behind one button, so pages start near the top (issue 15).
  assert.ok((await manager.locator("header.top").boundingBox()).height < 80, "a folded menu");
  await manager.getByRole("button", { name: "Menu" }).click();
  await manager.getByRole("link", { name: "Rencana kerja" }).first().click();
  await manager.getByRole("link", { name: "Buat rencana kerja" }).click();
  await manager.getByLabel("Tahun rencana").fill(year);
  await manager.getByLabel(/Rencana tindak lanjut \(RTL\) Bimtek/).check();
  await manager.getByRole("button", { name: "Buat draf" }).click();
  await manager.getByText("Data baru tersimpan.").waitFor();
  const planUrl = manager.url().split("?")[0];
  assert.match(await manager.locator("#kegiatan + .table-wrap").textContent(), /Advokasi alokasi dana desa/, "the RTL became a planned activity");
  await manager.getByText("Tambah kebutuhan").click();
  await manager.getByLabel(/^Masalah/).fill("Ibu rumah tangga belum berpenghasilan");
  await manager.getByLabel(/^Kebutuhan/).fill("Keterampilan menjahit");
  await add(manager);
  await saved(manager);
  // A budget line by its official source; an amount that is not whole rupiah is refused and
  // nothing typed is lost.
  await manager.getByText("Tambah baris anggaran").click();
  await manager.getByLabel("Sumber dana").selectOption("add");
  await manager.getByLabel("Uraian").fill("Mesin jahit dan bahan");
  await manager.getByLabel("Untuk kegiatan").selectOption("1");
  await manager.getByLabel("Jumlah diusulkan (Rp)").fill("15 juta");
  await add(manager);
  await manager.getByText("Isi rupiah sebagai bilangan bulat lebih dari 0").first().waitFor();
  assert.equal(await manager.getByLabel("Uraian").inputValue(), "Mesin jahit dan bahan");
  await manager.getByLabel("Jumlah diusulkan (Rp)").fill("15.000.000");
  await add(manager);
  await saved(manager);
  assert.match(await manager.locator("#anggaran + .table-wrap").textContent(), /4\.2\.3 Alokasi Dana Desa \(ADD\).*Rp 15\.000\.000/s);
  assert.match(await manager.locator("#kalender").textContent(), /Kalender anggaran/);
  await manager.getByRole("button", { name: "Ajukan" }).click();
  await manager.locator(".badge", { hasText: /^Diajukan$/ }).waitFor();
  assert.ok(await manager.evaluate(() => document.documentElement.scrollWidth <= 390), "the plan fits a phone's width");

  // The regency approves from its inbox.
  const regency = await open("koordinator.kabupaten");
  await regency.goto(base + "/kotak-masuk");
  await regency.getByRole("link", { name: new RegExp("Rencana kerja " + year) }).first().click();
  await regency.getByRole("button", { name: "Setujui" }).click();
  await regency.locator(".badge", { hasText: /^Disetujui$/ }).waitFor();

  // An audiensi with the village head, who promises Rp 15.000.000 from ADD.
  await manager.goto(base + "/pemangku-kepentingan");
  await manager.getByRole("link", { name: "Tambah pemangku kepentingan" }).click();
  await manager.getByLabel(/^Nama orang atau lembaga/).fill("Bapak Kepala Desa Uji");
  await manager.getByLabel("Jenis", { exact: false }).first().selectOption("kepala_desa");
  await manager.getByLabel("Telepon/WhatsApp").fill("0812 7777 1234");
  await manager.getByRole("button", { name: "Simpan" }).click();
  await manager.getByText("Data baru tersimpan.").waitFor();
  await manager.getByRole("link", { name: "Catat advokasi" }).click();
  await manager.getByLabel(/Bapak Kepala Desa Uji/).check();
  await manager.getByLabel(/^Pesan yang disampaikan/).fill("Kelas menjahit perpustakaan membutuhkan dukungan ADD.");
  await manager.getByRole("button", { name: "Simpan" }).click();
  await manager.getByText("Data baru tersimpan.").waitFor();
  await manager.getByText("Catat janji").click();
  await manager.getByLabel(/^Isi janji/).fill("ADD untuk kelas menjahit");
  await manager.getByLabel("Sumber dana (janji dana)").selectOption("add");
  await manager.getByLabel("Jumlah (Rp)").fill("15.000.000");
  await manager.getByLabel(/^Tahun anggaran/).fill(year);
  await manager.getByRole("button", { name: "Simpan janji" }).click();
  await saved(manager);
  assert.match(await manager.locator("#janji + .table-wrap").textContent(), /Dipantau.*/s);

  // The village budget (APBDes) sets the line: recorded on the plan, the promise is kept.
  await manager.goto(planUrl);
  await manager.getByText("Catat", { exact: true }).click();
  await manager.getByLabel("Disetujui (APBDes/APBD/hibah), Rp").fill("15.000.000");
  await manager.getByRole("button", { name: "Simpan", exact: true }).click();
  await saved(manager);
  assert.match(await manager.locator("#janji + ul").textContent(), /ADD untuk kelas menjahit.*Ditepati/s);

  // An activity paid from the ADD line, reported and approved up the chain.
  await manager.goto(base + "/");
  await manager.getByRole("link", { name: "Perpustakaan saya" }).click();
  await manager.getByRole("link", { name: "Laporkan kegiatan" }).click();
  await manager.getByLabel("Judul kegiatan").fill("Kelas menjahit ibu-ibu " + Date.now());
  await manager.getByLabel("Kategori").selectOption({ label: "Pelatihan keterampilan dan mata pencaharian" });
  await manager.getByLabel("Tanggal mulai").fill(today);
  await manager.getByLabel("Jumlah peserta").fill("20");
  await manager.getByLabel("Laki-laki").fill("2");
  await manager.getByLabel("Perempuan", { exact: true }).fill("18");
  await manager.getByRole("button", { name: "Simpan draf" }).click();
  await saved(manager);
  const activityUrl = manager.url().split("?")[0];
  await manager.getByText("Kaitkan dengan rencana dan sumber dana").click();
  await manager.getByLabel("Kegiatan dalam rencana").selectOption("1");
  await manager.getByLabel(/Alokasi Dana Desa \(ADD\) — Mesin jahit/).fill("10.000.000");
  await manager.getByRole("button", { name: "Simpan kaitan" }).click();
  await saved(manager);
  await manager.getByRole("button", { name: "Ajukan" }).click();
  await regency.goto(activityUrl);
  await regency.getByRole("button", { name: "Verifikasi" }).click();
  const province = await open("koordinator.provinsi");
  await province.goto(activityUrl);
  await province.getByRole("button", { name: "Setujui" }).click();
  await province.locator(".badge", { hasText: /^Disetujui$/ }).waitFor();

  await manager.goto(planUrl);
  const actual = await manager.locator("#realisasi ~ .table-wrap").first().textContent();
  assert.match(actual, /Advokasi alokasi dana desa.*1.*20/s, "one approved report, 20 participants, against the planned activity");
  assert.match(await manager.locator("#realisasi ~ .table-wrap").last().textContent(), /ADD.*Rp 15\.000\.000.*Rp 15\.000\.000.*Rp 10\.000\.000/s);
  for (const p of [manager, regency, province]) await p.context().close();
});
