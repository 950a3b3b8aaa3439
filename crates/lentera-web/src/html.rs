//! The page layout and small HTML helpers shared by all pages (maud escapes everything).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lentera_core::FieldError;
use lentera_core::i18n::Lang;
use lentera_core::library::Page;
use lentera_core::region::TimeZone;
use lentera_core::user::{Role, User};
use maud::{DOCTYPE, Markup, html};

use crate::ctx::Ctx;
use crate::http::error::PageErrorInfo;

pub struct Layout<'a> {
    pub lang: Lang,
    pub user: Option<&'a User>,
    pub here: &'a str,
    pub csrf: &'a str,
}

impl<'a> From<&'a Ctx> for Layout<'a> {
    fn from(c: &'a Ctx) -> Self {
        Layout { lang: c.lang, user: c.user.as_ref(), here: &c.here, csrf: &c.csrf }
    }
}

/// Wraps a page body in the common layout: skip link, header with navigation, main landmark.
pub fn page(l: Layout, title: &str, body: Markup) -> Markup {
    page_with_head(l, title, html! {}, body)
}

/// [`page`] with extra elements in the head (a shared page's Open Graph preview).
pub fn page_with_head(l: Layout, title: &str, head: Markup, body: Markup) -> Markup {
    let t = |id, en| l.lang.t(id, en);
    let other = if l.lang == Lang::Id { ("en", "English") } else { ("id", "Bahasa Indonesia") };
    html! {
        (DOCTYPE)
        html lang=(l.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Lentera" }
                link rel="stylesheet" href=(crate::assets::CSS_PATH);
                script src=(crate::assets::JS_PATH) defer {}
                (head)
            }
            body {
                a.skip href="#isi" { (t("Lompat ke isi", "Skip to content")) }
                header.top {
                    a.brand href="/" { "Lentera" }
                    // On a phone the menu folds behind this button (with the script; without
                    // it the menu stays open).
                    button.menu-toggle type="button" aria-controls="menu" aria-expanded="false" { (t("Menu", "Menu")) }
                    nav #menu aria-label=(t("Menu utama", "Main menu")) {
                        a href="/wilayah" { (t("Wilayah", "Regions")) }
                        @if let Some(u) = l.user {
                            a href="/perpustakaan" { (t("Perpustakaan", "Libraries")) }
                            a href="/kegiatan" { (t("Kegiatan", "Activities")) }
                            a href="/laporan-bulanan" { (t("Laporan bulanan", "Monthly")) }
                            a href="/rencana-kerja" { (t("Rencana kerja", "Work plans")) }
                            a href="/advokasi" { (t("Advokasi", "Advocacy")) }
                            a href="/acara" { (t("Acara", "Events")) }
                            @if !matches!(u.scope, lentera_core::user::Scope::Library { .. }) {
                                a href="/dasbor" { (t("Dasbor", "Dashboard")) }
                                a href="/indikator" { (t("Indikator", "Indicators")) }
                                a href="/iplm" { "IPLM" }
                                a href="/kelengkapan" { (t("Kelengkapan", "Completeness")) }
                                a href="/kinerja" { (t("Kinerja", "KPI")) }
                            }
                            a href="/kotak-masuk" { (t("Kotak masuk", "Inbox")) }
                            @if u.role.is_coordinator() {
                                a href="/pengguna" { (t("Pengguna", "Users")) }
                                a href="/audit" { (t("Audit", "Audit")) }
                                @if u.role == Role::NationalAdmin { a href="/daftar-isian/kategori-kegiatan" { (t("Daftar isian", "Lists")) } }
                            }
                            a href="/akun" { (t("Akun", "Account")) " (" (u.username) ")" }
                            form.inline method="post" action="/keluar" {
                                input type="hidden" name="_csrf" value=(l.csrf);
                                button.link type="submit" { (t("Keluar", "Sign out")) }
                            }
                        } @else {
                            a href="/masuk" { (t("Masuk", "Sign in")) }
                        }
                        a href={ "/bahasa/" (other.0) "?kembali=" (urlencode(l.here)) } lang=(other.0) { (other.1) }
                    }
                }
                main #isi { (body) }
                footer {
                    p { (t("Lentera — Transformasi Perpustakaan Berbasis Inklusi Sosial.", "Lentera — social-inclusion library transformation.")) " "
                        a href="/tentang-data" { (t("Data wilayah: ODbL", "Region data: ODbL")) } " · "
                        a href="/data-terbuka" { (t("Data terbuka", "Open data")) } " · "
                        a href="/verifikasi" { (t("Periksa sertifikat", "Check a certificate")) } }
                }
            }
        }
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The error messages for one field, shown beside it.
pub fn field_errors(errors: &[FieldError], field: &str, lang: Lang) -> Markup {
    html! {
        @for e in errors.iter().filter(|e| e.field == field) {
            p.field-error id={ "err-" (field) } role="alert" { (if lang == Lang::En { &e.message_en } else { &e.message }) }
        }
    }
}

/// All errors in a summary box at the top of a form. It takes the focus when the page opens
/// (a screen reader reads it, a phone scrolls to it) and each error links to its field.
pub fn error_summary(errors: &[FieldError], lang: Lang) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.notice.bad #ringkasan-galat role="alert" tabindex="-1" autofocus {
                @if errors.iter().all(|e| e.kind == lentera_core::error::FieldErrorKind::Warning) {
                    strong { (lang.t("Peringatan — periksa sebelum menyimpan:", "Warning — check before saving:")) }
                } @else {
                    strong { (lang.t("Periksa isian berikut:", "Please check the following:")) }
                }
                ul { @for e in errors { li { a href={ "#" (e.field) } { (if lang == Lang::En { &e.message_en } else { &e.message }) } } } }
            }
        }
    }
}

pub struct FieldSpec<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: &'a str,
    pub required: bool,
    pub help: Option<&'a str>,
}

/// A labelled input with its help text and errors.
pub fn input(f: FieldSpec, errors: &[FieldError], lang: Lang) -> Markup {
    let has_err = errors.iter().any(|e| e.field == f.name);
    html! {
        div.field {
            label for=(f.name) { (f.label) @if f.required { " *" } }
            input id=(f.name) name=(f.name) type=(f.kind) value=(f.value) required[f.required]
                aria-invalid=[has_err.then_some("true")] aria-describedby=[has_err.then(|| format!("err-{}", f.name))];
            @if let Some(h) = f.help { small { (h) } }
            (field_errors(errors, f.name, lang))
        }
    }
}

pub fn select(
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    blank: Option<&str>,
    errors: &[FieldError],
    lang: Lang,
) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            select id=(name) name=(name) {
                @if let Some(b) = blank { option value="" { (b) } }
                @for (v, text) in options { option value=(v) selected[v == selected] { (text) } }
            }
            (field_errors(errors, name, lang))
        }
    }
}

/// Links to the other pages of a list, keeping the filters in `base_query`.
pub fn pager<T>(p: &Page<T>, base_query: &str, lang: Lang) -> Markup {
    let pages = p.pages();
    let link = |n: i64| format!("?{}{}page={n}", base_query, if base_query.is_empty() { "" } else { "&" });
    html! {
        nav.pager aria-label=(lang.t("Halaman", "Pages")) {
            span { (lang.t("Halaman", "Page")) " " (p.page) " / " (pages) " · " (lentera_core::time_fmt::number(p.total, lang)) " " (lang.t("data", "records")) }
            @if p.page > 1 { a href=(link(p.page - 1)) rel="prev" { "‹ " (lang.t("Sebelumnya", "Previous")) } }
            @if p.page < pages { a href=(link(p.page + 1)) rel="next" { (lang.t("Berikutnya", "Next")) " ›" } }
        }
    }
}

pub fn date(unix: i64, lang: Lang) -> String {
    lentera_core::time_fmt::date_time(unix, TimeZone::Wib, lang)
}

pub fn notice(kind: &str, text: &str) -> Markup {
    html! { div class={ "notice " (kind) } role="status" { (text) } }
}

/// Messages shown after a redirect, chosen by a short code in `?pesan=`.
pub fn flash(code: Option<&str>, lang: Lang) -> Markup {
    let text = match code {
        Some("tersimpan") => lang.t("Perubahan tersimpan.", "Changes saved."),
        Some("dibuat") => lang.t("Data baru tersimpan.", "Created."),
        Some("dihapus") => lang.t("Data dihapus.", "Deleted."),
        Some("sandi") => lang.t("Kata sandi diganti.", "Password changed."),
        Some("dicabut") => lang.t("Token dicabut.", "Token revoked."),
        Some("penuh") => lang.t(
            "Kuota lembaga atau kapasitas acara penuh: peserta masuk daftar tunggu dan naik otomatis bila ada kursi kosong.",
            "The institution's seats or the event are full: the person is on the waiting list and moves up when a seat frees.",
        ),
        Some("dikenal") => lang.t(
            "Orang ini sudah tercatat (nomor HP/email dan nama cocok); pendaftaran memakai data yang ada.",
            "This person was already recorded (phone/email and name match); the registration uses that record.",
        ),
        Some("digabung") => lang.t("Kedua data digabungkan.", "The two records were merged."),
        Some("diajukan") => lang.t(
            "Terkirim untuk diperiksa dinas kabupaten/kota. Bila dikembalikan, catatannya muncul di sini dan di kotak masuk.",
            "Sent for review by the regency/city office. If it comes back, its note shows here and in the inbox.",
        ),
        Some("diverifikasi") => {
            lang.t("Terverifikasi; berikutnya persetujuan provinsi.", "Verified; the province approves next.")
        }
        Some("disetujui") => lang.t("Disetujui.", "Approved."),
        Some("dikembalikan") => {
            lang.t("Dikembalikan ke perpustakaan dengan catatan Anda.", "Sent back to the library with your note.")
        }
        Some("dibuka") => lang.t("Dibuka kembali untuk diperbaiki.", "Reopened for correction."),
        Some("dianonimkan") => lang.t(
            "Nama dan kontak orang ini dihapus; kehadiran dan sertifikatnya tetap dihitung.",
            "This person's name and contacts were removed; their attendance and certificates still count.",
        ),
        _ => return html! {},
    };
    notice("good", text)
}

pub fn role_options(lang: Lang, up_to: Role) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .filter(|r| up_to == Role::NationalAdmin || r.rank() < up_to.rank())
        .map(|r| (r.code().to_string(), r.label(lang).to_string()))
        .collect()
}

/// An error page; `who` is the signed-in visitor and their form token, so the page keeps
/// their menu.
pub fn error_page(lang: Lang, info: PageErrorInfo, who: Option<(&User, &str)>) -> Response {
    let (title, text) = match info.status {
        StatusCode::NOT_FOUND => (lang.t("Halaman tidak ditemukan", "Page not found"), lang.t("Alamat ini tidak ada, atau datanya di luar cakupan Anda.", "This address does not exist, or its data is outside your scope.")),
        StatusCode::FORBIDDEN => (lang.t("Akses ditolak", "Access denied"), lang.t("Anda tidak berhak membuka atau mengubah data ini. Bila formulir kedaluwarsa, muat ulang halaman lalu coba lagi.", "You may not open or change this. If the form expired, reload the page and try again.")),
        StatusCode::CONFLICT => (lang.t("Terjadi bentrok data", "Conflict"), lang.t("Data berubah atau masih dipakai.", "The data changed or is still in use.")),
        StatusCode::REQUEST_TIMEOUT => (lang.t("Waktu habis", "Timed out"), lang.t("Bila Anda mengirim data, periksa dulu apakah sudah tersimpan sebelum mengirim ulang.", "If you sent data, check whether it was saved before sending it again.")),
        StatusCode::TOO_MANY_REQUESTS => (lang.t("Terlalu banyak percobaan", "Too many attempts"), lang.t("Tunggu 15 menit lalu coba lagi.", "Wait 15 minutes and try again.")),
        StatusCode::UNPROCESSABLE_ENTITY => (lang.t("Data tidak valid", "Invalid data"), lang.t("Periksa kembali isian Anda.", "Please check your input.")),
        _ => (lang.t("Terjadi kesalahan sistem", "Something went wrong"), lang.t("Maaf, ada gangguan di server. Coba lagi sebentar lagi.", "Sorry, the server had a problem. Please try again shortly.")),
    };
    let body = html! {
        h1 { (title) }
        p { (text) }
        @if let Some(m) = &info.message { p { (m) } }
        @if let Some(i) = &info.incident { p { (lang.t("Nomor insiden: ", "Incident number: ")) code { (i) } } }
        p { a href="/" { (lang.t("Kembali ke beranda", "Back to the home page")) } }
    };
    let l = Layout { lang, user: who.map(|w| w.0), here: "/", csrf: who.map(|w| w.1).unwrap_or("") };
    (info.status, page(l, title, body)).into_response()
}

/// A KPI colour as a badge: the word and the colour, never the colour alone.
pub fn kpi_badge(c: lentera_core::kpi::Colour, lang: Lang) -> Markup {
    html! { span class={ "badge kpi-" (c.code()) } { (c.label(lang)) } }
}

/// A phone number as WhatsApp links want it: digits only, Indonesian `0` turned into `62`.
pub fn whatsapp(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('0') {
        Some(rest) => format!("62{rest}"),
        None => digits,
    }
}

/// A month's short name: `Jan`, `Agu`, `Des` (Indonesian) or `Aug`, `Dec` (English).
pub fn month_short(m: u8, lang: Lang) -> &'static str {
    const ID: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let i = usize::from(m.clamp(1, 12)) - 1;
    if lang == Lang::En { EN[i] } else { ID[i] }
}
