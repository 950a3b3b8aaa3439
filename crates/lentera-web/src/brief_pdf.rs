//! The advocacy brief as a PDF: at most two A4 pages, Indonesian, fonts embedded as subsets
//! (text extractable), a 12-month bar chart and a QR code to the public page behind the
//! figures.

use krilla::Document;
use krilla::geom::{PathBuilder, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use lentera_core::brief::{Brief, RegionBrief};
use lentera_core::i18n::Lang;
use lentera_core::kpi::Colour;
use lentera_core::money::rupiah;
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::{Error, Result};

use crate::pdf::{ACCENT, BOLD, Fonts, INK, REGULAR, Style, bold, cell, fill, fonts, line, qr, regular, text_width};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 44.0;
const TEXT_WIDTH: f32 = WIDTH - 2.0 * MARGIN;
const MAX_PAGES: usize = 2;

/// Splits `text` into lines that fit `width` at `style`.
fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let data = if style.bold { BOLD } else { REGULAR };
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut current = String::new();
        for word in para.split_whitespace() {
            let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
            if text_width(data, &candidate, style.size) > width && !current.is_empty() {
                lines.push(std::mem::replace(&mut current, word.to_string()));
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
    }
    lines
}

/// One drawing step on a page, replayed when the page is written.
type Draw = Box<dyn Fn(&mut Surface, &Fonts)>;

/// Writes pages top to bottom, starting a second page when the first is full (and stopping
/// there: a brief is two pages at most).
struct Writer<'a> {
    doc: &'a mut Document,
    fonts: Fonts,
    pages: Vec<Vec<Draw>>,
    y: f32,
}

impl Writer<'_> {
    fn room(&mut self, height: f32) -> bool {
        if self.y + height <= HEIGHT - MARGIN {
            return true;
        }
        if self.pages.len() >= MAX_PAGES {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN + 10.0;
        true
    }

    fn draw(&mut self, f: impl Fn(&mut Surface, &Fonts) + 'static) {
        if let Some(p) = self.pages.last_mut() {
            p.push(Box::new(f));
        }
    }

    fn text(&mut self, text: &str, style: Style, indent: f32) {
        let lh = style.size * 1.35;
        for l in wrap(text, style, TEXT_WIDTH - indent) {
            if !self.room(lh) {
                return;
            }
            self.y += lh;
            let y = self.y;
            self.draw(move |s, f| {
                fill(s, INK);
                cell(s, f, &l, style, MARGIN + indent, y, TEXT_WIDTH - indent);
            });
        }
    }

    fn heading(&mut self, text: &str) {
        if !self.room(30.0) {
            return;
        }
        self.y += 10.0;
        self.text(text, bold(11.5), 0.0);
        let y = self.y + 3.0;
        self.draw(move |s, _| line(s, MARGIN, y, WIDTH - MARGIN, y, 0.5));
        self.y += 2.0;
    }

    fn finish(self) -> Result<()> {
        let Writer { doc, fonts, pages, .. } = self;
        let n = pages.len();
        for (i, page) in pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| Error::unexpected("page size"))?;
            let mut p = doc.start_page_with(settings);
            let mut s = p.surface();
            for f in &page {
                f(&mut s, &fonts);
            }
            fill(&mut s, INK);
            cell(
                &mut s,
                &fonts,
                &format!("Halaman {} / {n} · Lentera", i + 1),
                regular(7.5),
                MARGIN,
                HEIGHT - 24.0,
                200.0,
            );
            s.finish();
            p.finish();
        }
        Ok(())
    }
}

fn colour_name(c: Colour) -> (&'static str, (u8, u8, u8)) {
    match c {
        Colour::Green => ("Hijau", (19, 115, 51)),
        Colour::Yellow => ("Kuning", (180, 130, 0)),
        Colour::Red => ("Merah", (176, 0, 32)),
    }
}

fn rect(s: &mut Surface, x: f32, y: f32, w: f32, h: f32, colour: (u8, u8, u8)) {
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        if let Some(path) = pb.finish() {
            fill(s, colour);
            s.draw_path(&path);
        }
    }
}

/// A new brief document with its metadata, and a writer on its first page.
fn document(title: String) -> Document {
    let mut doc = Document::new();
    doc.set_metadata(Metadata::new().title(title).language("id".into()).creator("Lentera".into()));
    doc
}

/// The header band: the kind of brief, the name, the place, the reader, and the QR code to
/// the public page.
fn header(w: &mut Writer, kicker: &'static str, name: String, place: String, audience: String, url: String) {
    w.draw(move |s, _| {
        rect(s, 0.0, 0.0, WIDTH, 6.0, ACCENT);
        let _ = qr(s, &url, WIDTH - MARGIN - 72.0, MARGIN - 8.0, 72.0);
    });
    let header_width = TEXT_WIDTH - 84.0;
    w.draw(move |s, f| {
        fill(s, ACCENT);
        cell(s, f, kicker, bold(9.0), MARGIN, MARGIN + 4.0, header_width);
        fill(s, INK);
        cell(s, f, &name, bold(17.0), MARGIN, MARGIN + 26.0, header_width);
        cell(s, f, &place, regular(9.5), MARGIN, MARGIN + 42.0, header_width);
        cell(s, f, &audience, regular(9.5), MARGIN, MARGIN + 56.0, header_width);
    });
    w.y = MARGIN + 72.0;
}

/// The reach of the twelve months in one sentence.
fn reach_text(r: &lentera_core::brief::Reach) -> String {
    let lang = Lang::Id;
    format!(
        "{} kegiatan disetujui dengan {} peserta ({} perempuan, {} laki-laki), termasuk {} penyandang disabilitas.",
        number(r.activities, lang),
        number(r.participants(), lang),
        number(r.female, lang),
        number(r.male, lang),
        number(r.disabled, lang)
    )
}

/// The brief of one library; `public_url` is where the QR code leads; `photo` is the JPEG
/// of the story's photo, when it has one.
pub fn brief(b: &Brief, public_url: &str, photo: Option<Vec<u8>>) -> Result<Vec<u8>> {
    let lang = Lang::Id;
    let mut doc = document(format!("Ringkasan advokasi — {}", b.library.name));
    let mut w = Writer { doc: &mut doc, fonts: fonts()?, pages: vec![Vec::new()], y: MARGIN };
    let place = match &b.regency_name {
        Some(r) => format!("{} · {r}", b.library.region_code),
        None => b.library.region_code.to_string(),
    };
    header(
        &mut w,
        "RINGKASAN ADVOKASI PERPUSTAKAAN",
        b.library.name.clone(),
        place,
        format!("Untuk: {}", b.audience.label(lang)),
        public_url.to_string(),
    );

    w.heading("Pesan utama");
    w.text(&b.message, regular(10.5), 0.0);

    if !b.needs.is_empty() {
        w.heading("Kebutuhan masyarakat");
        for n in &b.needs {
            let group = if n.group.is_empty() { String::new() } else { format!(" ({})", n.group) };
            w.text(&format!("• {}{group}: {}", n.problem, n.need), regular(10.0), 6.0);
        }
    }

    let period = format!("{} – {}", b.from.label(lang), b.to.label(lang));
    w.heading(&format!("Yang sudah dilakukan ({period})"));
    w.text(&reach_text(&b.reach), regular(10.0), 0.0);
    if let Some(avg) = b.regency_average {
        let regency = b.regency_name.clone().unwrap_or_else(|| "kabupaten/kota".into());
        w.text(
            &format!(
                "Rata-rata perpustakaan program di {regency}: {} kegiatan dalam periode yang sama.",
                lentera_core::time_fmt::one_decimal(avg, lang)
            ),
            regular(9.5),
            0.0,
        );
    }
    if let Some(k) = b.kpi {
        let (name, colour) = colour_name(k.overall);
        if w.room(18.0) {
            w.y += 16.0;
            let y = w.y;
            w.draw(move |s, f| {
                rect(s, MARGIN, y - 9.0, 10.0, 10.0, colour);
                fill(s, INK);
                cell(
                    s,
                    f,
                    &format!("Warna kinerja bulan terakhir: {name}"),
                    regular(10.0),
                    MARGIN + 16.0,
                    y,
                    TEXT_WIDTH - 16.0,
                );
            });
        }
    }
    chart(&mut w, &b.trend);

    if let Some((title, story)) = &b.story {
        w.heading("Kisah perubahan");
        let story: String = story.chars().take(700).collect();
        w.text(&format!("{title}: “{story}”"), regular(9.5), 0.0);
        if let Some(jpeg) = photo {
            picture(&mut w, jpeg);
        }
    }

    leveraged(&mut w, &b.leveraged);
    if !b.partners.is_empty() {
        w.text(&format!("Mitra: {}", b.partners.join(", ")), regular(9.5), 0.0);
    }

    let none = if b.plan_approved {
        "Semua permintaan untuk pihak ini sudah tercatat disetujui. Terima kasih."
    } else {
        "Rencana kerja tahun ini belum disetujui; permintaan menyusul."
    };
    ask(&mut w, b.budget_year, b.ask.as_ref(), none);

    w.heading("Kontak");
    let mut contact = b.library.name.clone();
    for part in [&b.library.address, &b.library.phone, &b.library.email].into_iter().flatten() {
        contact.push_str(" · ");
        contact.push_str(part);
    }
    w.text(&contact, regular(9.5), 0.0);
    w.text(&format!("Angka lengkap: {public_url}"), regular(8.5), 0.0);
    w.finish()?;
    doc.finish().map_err(|e| Error::unexpected(format!("pdf: {e:?}")))
}

/// The 12-month chart: approved activities per month.
fn chart(w: &mut Writer, trend: &[(lentera_core::monthly::Period, i64, i64)]) {
    if w.room(96.0) {
        let top = w.y + 14.0;
        let (chart_h, bar_gap) = (60.0, 4.0);
        let max = trend.iter().map(|t| t.1).max().unwrap_or(0).max(1) as f32;
        let bar_w = TEXT_WIDTH / trend.len().max(1) as f32;
        let trend = trend.to_vec();
        w.draw(move |s, f| {
            fill(s, INK);
            cell(s, f, "Kegiatan disetujui per bulan", regular(8.0), MARGIN, top, 200.0);
            for (i, (p, n, _)) in trend.iter().enumerate() {
                let h = chart_h * (*n as f32) / max;
                let x = MARGIN + i as f32 * bar_w;
                rect(s, x + bar_gap / 2.0, top + 8.0 + chart_h - h, bar_w - bar_gap, h.max(0.5), ACCENT);
                fill(s, INK);
                cell(s, f, &n.to_string(), regular(7.0), x + 2.0, top + 8.0 + chart_h - h - 2.0, bar_w);
                cell(
                    s,
                    f,
                    &format!("{:02}/{}", p.month, p.year % 100),
                    regular(6.5),
                    x + 2.0,
                    top + chart_h + 18.0,
                    bar_w,
                );
            }
        });
        w.y = top + chart_h + 24.0;
    }
}

/// A photo, at most 220 × 150 points, kept in proportion; left out when it is no JPEG
/// krilla reads or there is no room.
fn picture(w: &mut Writer, jpeg: Vec<u8>) {
    let Ok(image) = krilla::image::Image::from_jpeg(std::sync::Arc::new(jpeg).into(), true) else { return };
    let (pw, ph) = image.size();
    if pw == 0 || ph == 0 {
        return;
    }
    let scale = (220.0 / pw as f32).min(150.0 / ph as f32);
    let (width, height) = (pw as f32 * scale, ph as f32 * scale);
    if !w.room(height + 8.0) {
        return;
    }
    let top = w.y + 6.0;
    w.draw(move |s, _| {
        if let Some(size) = krilla::geom::Size::from_wh(width, height) {
            s.push_transform(&krilla::geom::Transform::from_translate(MARGIN, top));
            s.draw_image(image.clone(), size);
            s.pop();
        }
    });
    w.y = top + height;
}

/// Money approved by budget holders, by source, with the total.
fn leveraged(w: &mut Writer, by_source: &[(lentera_core::workplan::FundingSource, i64)]) {
    let lang = Lang::Id;
    w.heading("Dana yang sudah diperoleh");
    if by_source.is_empty() {
        w.text("Belum ada anggaran yang tercatat disetujui.", regular(10.0), 0.0);
        return;
    }
    for (source, amount) in by_source {
        w.text(&format!("• {}: {}", source.full_label(lang), rupiah(*amount, lang)), regular(10.0), 6.0);
    }
    let total: i64 = by_source.iter().map(|(_, a)| a).sum();
    w.text(&format!("Jumlah: {}", rupiah(total, lang)), bold(10.0), 6.0);
}

/// The concrete ask: the amount, its lines and the step it must reach by its date.
fn ask(w: &mut Writer, budget_year: i32, ask: Option<&lentera_core::brief::Ask>, none: &str) {
    let lang = Lang::Id;
    w.heading(&format!("Permintaan untuk tahun anggaran {budget_year}"));
    let Some(a) = ask else {
        w.text(none, regular(10.0), 0.0);
        return;
    };
    w.text(&format!("Kami memohon dukungan sebesar {}:", rupiah(a.amount, lang)), bold(10.5), 0.0);
    for (source, description, amount) in &a.lines {
        let label = source.full_label(lang);
        let what = if *description == label { String::new() } else { format!(" ({label})") };
        w.text(&format!("• {description} — {}{what}", rupiah(*amount, lang)), regular(10.0), 6.0);
    }
    if let Some(step) = a.step {
        w.text(
            &format!("Agar masuk {}, paling lambat {}.", step.step.label(lang), calendar_date(step.date, lang)),
            regular(10.0),
            0.0,
        );
    }
}

/// The brief of a regency/city or province; `public_url` is where the QR code leads.
pub fn region_brief(b: &RegionBrief, public_url: &str) -> Result<Vec<u8>> {
    let lang = Lang::Id;
    let mut doc = document(format!("Ringkasan advokasi — {}", b.region.name));
    let mut w = Writer { doc: &mut doc, fonts: fonts()?, pages: vec![Vec::new()], y: MARGIN };
    let place = match &b.parent_name {
        Some(p) => format!("{} · {p}", b.region.code),
        None => b.region.code.to_string(),
    };
    header(
        &mut w,
        "RINGKASAN ADVOKASI PERPUSTAKAAN DAERAH",
        b.region.name.clone(),
        place,
        format!("Untuk: {}", b.audience.label(lang)),
        public_url.to_string(),
    );
    w.heading("Pesan utama");
    w.text(&b.message, regular(10.5), 0.0);

    w.heading(&format!("Yang sudah dilakukan ({} – {})", b.from.label(lang), b.to.label(lang)));
    w.text(&reach_text(&b.reach), regular(10.0), 0.0);
    let per = |v: f64| lentera_core::time_fmt::one_decimal(v, lang);
    if let Some(avg) = b.average {
        let above = b.parent_name.clone().unwrap_or_else(|| "nasional".into());
        let parent = b.parent_average.map(|p| format!("; rata-rata {above}: {}", per(p))).unwrap_or_default();
        w.text(&format!("Rata-rata {} kegiatan per perpustakaan program{parent}.", per(avg)), regular(9.5), 0.0);
    }
    let (green, yellow, red) = b.kpi;
    w.text(
        &format!(
            "Warna kinerja bulan terakhir: {} hijau, {} kuning, {} merah.",
            number(green, lang),
            number(yellow, lang),
            number(red, lang)
        ),
        regular(10.0),
        0.0,
    );
    chart(&mut w, &b.trend);

    w.heading("Advokasi dan hasilnya");
    let p = &b.promises;
    w.text(
        &format!(
            "{} kegiatan advokasi; {} janji dukungan, {} ditepati ({} dari {}); {} regulasi ditetapkan; {} kemitraan berjalan.",
            number(b.advocacy, lang),
            number(p.made, lang),
            number(p.kept + p.kept_partly, lang),
            rupiah(p.rupiah_kept, lang),
            rupiah(p.rupiah_promised, lang),
            number(b.regulations_enacted, lang),
            number(b.partnerships_active, lang)
        ),
        regular(10.0),
        0.0,
    );
    if b.libraries > 0 {
        w.text(
            &format!(
                "{} dari {} perpustakaan program punya rencana kerja {} yang disetujui.",
                number(b.plans_approved, lang),
                number(b.libraries, lang),
                b.budget_year
            ),
            regular(10.0),
            0.0,
        );
    }
    leveraged(&mut w, &b.leveraged);
    ask(
        &mut w,
        b.budget_year,
        b.ask.as_ref(),
        "Tidak ada usulan terbuka untuk pihak ini dalam rencana kerja perpustakaan.",
    );
    w.text(&format!("Angka lengkap: {public_url}"), regular(8.5), 0.0);
    w.finish()?;
    doc.finish().map_err(|e| Error::unexpected(format!("pdf: {e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_the_width() {
        let lines = wrap(
            "Perpustakaan desa menjadi pusat belajar warga untuk membaca, berlatih dan berkarya bersama.",
            regular(10.0),
            150.0,
        );
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| text_width(REGULAR, l, 10.0) <= 150.0 || !l.contains(' ')));
        assert_eq!(
            lines.join(" "),
            "Perpustakaan desa menjadi pusat belajar warga untuk membaca, berlatih dan berkarya bersama."
        );
    }
}
