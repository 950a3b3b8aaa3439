//! The advocacy brief as a PDF: at most two A4 pages, Indonesian, fonts embedded as subsets
//! (text extractable), a 12-month bar chart and a QR code to the public page behind the
//! figures.

use krilla::Document;
use krilla::geom::{PathBuilder, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use lentera_core::brief::Brief;
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

/// The brief of one library; `public_url` is where the QR code leads.
pub fn brief(b: &Brief, public_url: &str) -> Result<Vec<u8>> {
    let lang = Lang::Id;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("Ringkasan advokasi — {}", b.library.name))
            .language("id".into())
            .creator("Lentera".into()),
    );
    let mut w = Writer { doc: &mut doc, fonts: fonts()?, pages: vec![Vec::new()], y: MARGIN };

    // Header band with the QR code.
    let url = public_url.to_string();
    w.draw(move |s, _| {
        rect(s, 0.0, 0.0, WIDTH, 6.0, ACCENT);
        let _ = qr(s, &url, WIDTH - MARGIN - 72.0, MARGIN - 8.0, 72.0);
    });
    let header_width = TEXT_WIDTH - 84.0;
    let (name, audience) = (b.library.name.clone(), format!("Untuk: {}", b.audience.label(lang)));
    let place = match &b.regency_name {
        Some(r) => format!("{} · {r}", b.library.region_code),
        None => b.library.region_code.to_string(),
    };
    w.draw(move |s, f| {
        fill(s, ACCENT);
        cell(s, f, "RINGKASAN ADVOKASI PERPUSTAKAAN", bold(9.0), MARGIN, MARGIN + 4.0, header_width);
        fill(s, INK);
        cell(s, f, &name, bold(17.0), MARGIN, MARGIN + 26.0, header_width);
        cell(s, f, &place, regular(9.5), MARGIN, MARGIN + 42.0, header_width);
        cell(s, f, &audience, regular(9.5), MARGIN, MARGIN + 56.0, header_width);
    });
    w.y = MARGIN + 72.0;

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
    let r = &b.reach;
    w.text(
        &format!(
            "{} kegiatan disetujui dengan {} peserta ({} perempuan, {} laki-laki), termasuk {} penyandang disabilitas.",
            number(r.activities, lang),
            number(r.participants(), lang),
            number(r.female, lang),
            number(r.male, lang),
            number(r.disabled, lang)
        ),
        regular(10.0),
        0.0,
    );
    if let Some(avg) = b.regency_average {
        let regency = b.regency_name.clone().unwrap_or_else(|| "kabupaten/kota".into());
        w.text(
            &format!(
                "Rata-rata perpustakaan program di {regency}: {} kegiatan dalam periode yang sama.",
                format!("{avg:.1}").replace('.', ",")
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
    // The 12-month chart: approved activities per month.
    if w.room(96.0) {
        let top = w.y + 14.0;
        let (chart_h, bar_gap) = (60.0, 4.0);
        let max = b.trend.iter().map(|t| t.1).max().unwrap_or(0).max(1) as f32;
        let bar_w = TEXT_WIDTH / b.trend.len().max(1) as f32;
        let trend = b.trend.clone();
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

    if let Some((title, story)) = &b.story {
        w.heading("Kisah perubahan");
        let story: String = story.chars().take(700).collect();
        w.text(&format!("{title}: “{story}”"), regular(9.5), 0.0);
    }

    w.heading("Dana yang sudah diperoleh");
    if b.leveraged.is_empty() {
        w.text("Belum ada anggaran yang tercatat disetujui.", regular(10.0), 0.0);
    }
    for (source, amount) in &b.leveraged {
        w.text(&format!("• {}: {}", source.full_label(lang), rupiah(*amount, lang)), regular(10.0), 6.0);
    }
    if !b.leveraged.is_empty() {
        w.text(&format!("Jumlah: {}", rupiah(b.leveraged_total(), lang)), bold(10.0), 6.0);
    }
    if !b.partners.is_empty() {
        w.text(&format!("Mitra: {}", b.partners.join(", ")), regular(9.5), 0.0);
    }

    w.heading(&format!("Permintaan untuk tahun anggaran {}", b.budget_year));
    match &b.ask {
        Some(a) => {
            w.text(&format!("Kami memohon dukungan sebesar {}:", rupiah(a.amount, lang)), bold(10.5), 0.0);
            for (source, description, amount) in &a.lines {
                w.text(
                    &format!("• {description} — {} ({})", rupiah(*amount, lang), source.full_label(lang)),
                    regular(10.0),
                    6.0,
                );
            }
            if let Some(step) = a.step {
                w.text(
                    &format!("Agar masuk {}, paling lambat {}.", step.step.label(lang), calendar_date(step.date, lang)),
                    regular(10.0),
                    0.0,
                );
            }
        }
        None if b.plan_approved => {
            w.text("Semua permintaan untuk pihak ini sudah tercatat disetujui. Terima kasih.", regular(10.0), 0.0)
        }
        None => w.text("Rencana kerja tahun ini belum disetujui; permintaan menyusul.", regular(10.0), 0.0),
    }

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
