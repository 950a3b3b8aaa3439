//! Real PDFs: certificates (A4 landscape, with a QR code to the public verification page) and
//! printable attendance lists. DejaVu Sans is embedded as a subset with a ToUnicode map, so
//! any Latin, Greek, Cyrillic… name renders and the text can be searched and extracted.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use lentera_core::i18n::Lang;
use lentera_core::time_fmt::calendar_date;
use lentera_core::{Error, Result};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

pub(crate) static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

const WIDTH: f32 = 842.0;
const HEIGHT: f32 = 595.0;
pub(crate) const INK: (u8, u8, u8) = (33, 37, 41);
pub(crate) const ACCENT: (u8, u8, u8) = (14, 90, 120);

/// Everything printed on one certificate.
#[derive(Debug, Clone)]
pub struct CertificatePrint {
    pub number: String,
    pub person_name: String,
    pub event_name: String,
    pub start_date: time::Date,
    pub end_date: time::Date,
    pub place: String,
    pub lesson_hours: i64,
    pub signatory_name: Option<String>,
    pub signatory_title: Option<String>,
    /// The public address that confirms the certificate.
    pub verify_url: String,
}

pub(crate) struct Fonts {
    regular: Font,
    bold: Font,
}

pub(crate) fn fonts() -> Result<Fonts> {
    Ok(Fonts {
        regular: Font::new(REGULAR.into(), 0).ok_or_else(|| Error::unexpected("regular font"))?,
        bold: Font::new(BOLD.into(), 0).ok_or_else(|| Error::unexpected("bold font"))?,
    })
}

/// Width of `text` at `size` points, from the font's advance widths.
pub(crate) fn text_width(data: &[u8], text: &str, size: f32) -> f32 {
    let Ok(font) = skrifa::FontRef::new(data) else { return text.chars().count() as f32 * size * 0.6 };
    let cmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars().map(|c| cmap.map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(size * 0.6)).sum()
}

pub(crate) fn fill(surface: &mut Surface, (r, g, b): (u8, u8, u8)) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

/// Draws `text` centred on the page at baseline `y`, shrinking it to fit `max_width`.
fn centred(surface: &mut Surface, fonts: &Fonts, bold: bool, text: &str, size: f32, y: f32, max_width: f32) {
    let data = if bold { BOLD } else { REGULAR };
    let mut size = size;
    let mut width = text_width(data, text, size);
    if width > max_width {
        size *= max_width / width;
        width = max_width;
    }
    let font = if bold { fonts.bold.clone() } else { fonts.regular.clone() };
    surface.draw_text(Point::from_xy((WIDTH - width) / 2.0, y), font, size, text, false, TextDirection::Auto);
}

/// Draws `text` from `x` at baseline `y`, shrinking it to end before the frame.
fn left(surface: &mut Surface, fonts: &Fonts, style: Style, text: &str, x: f32, y: f32) {
    cell(surface, fonts, text, style, x, y, WIDTH - 48.0 - x);
}

pub(crate) fn qr(surface: &mut Surface, url: &str, x: f32, y: f32, size: f32) -> Result<()> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(Error::unexpected)?;
    let n = code.width();
    let module = size / n as f32;
    let mut pb = PathBuilder::new();
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark
            && let Some(r) = Rect::from_xywh(x + (i % n) as f32 * module, y + (i / n) as f32 * module, module, module)
        {
            pb.push_rect(r);
        }
    }
    if let Some(path) = pb.finish() {
        fill(surface, INK);
        surface.draw_path(&path);
    }
    Ok(())
}

fn page(surface: &mut Surface, fonts: &Fonts, c: &CertificatePrint) -> Result<()> {
    // Frame.
    if let Some(frame) = Rect::from_xywh(24.0, 24.0, WIDTH - 48.0, HEIGHT - 48.0) {
        let mut pb = PathBuilder::new();
        pb.push_rect(frame);
        if let Some(path) = pb.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(ACCENT.0, ACCENT.1, ACCENT.2).into(),
                width: 3.0,
                ..Default::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
    }
    fill(surface, ACCENT);
    centred(surface, fonts, false, "PERPUSTAKAAN NASIONAL REPUBLIK INDONESIA", 13.0, 78.0, 700.0);
    centred(surface, fonts, true, "SERTIFIKAT", 40.0, 135.0, 700.0);
    fill(surface, INK);
    centred(surface, fonts, false, &format!("Nomor: {}", c.number), 12.0, 160.0, 700.0);
    centred(surface, fonts, false, "diberikan kepada", 14.0, 205.0, 700.0);
    centred(surface, fonts, true, &c.person_name, 30.0, 250.0, 720.0);
    centred(surface, fonts, false, "atas partisipasinya sebagai peserta", 14.0, 290.0, 700.0);
    centred(surface, fonts, true, &c.event_name, 18.0, 322.0, 740.0);
    let dates = if c.start_date == c.end_date {
        calendar_date(c.start_date, Lang::Id)
    } else {
        format!("{} – {}", calendar_date(c.start_date, Lang::Id), calendar_date(c.end_date, Lang::Id))
    };
    centred(
        surface,
        fonts,
        false,
        &format!("{dates} · {} · {} jam pelajaran (JP)", c.place, c.lesson_hours),
        12.0,
        348.0,
        740.0,
    );
    centred(
        surface,
        fonts,
        false,
        "Program Transformasi Perpustakaan Berbasis Inklusi Sosial (TPBIS)",
        11.0,
        370.0,
        700.0,
    );
    // Verification QR, bottom left.
    qr(surface, &c.verify_url, 60.0, 420.0, 110.0)?;
    fill(surface, INK);
    left(surface, fonts, regular(8.0), "Periksa keaslian:", 60.0, 545.0);
    left(surface, fonts, regular(8.0), &c.verify_url, 60.0, 556.0);
    // Signatory, bottom right.
    let x = 500.0;
    left(surface, fonts, regular(12.0), &calendar_date(c.end_date, Lang::Id), x, 430.0);
    if let Some(title) = &c.signatory_title {
        left(surface, fonts, regular(12.0), title, x, 448.0);
    }
    left(surface, fonts, bold(13.0), c.signatory_name.as_deref().unwrap_or("Panitia Penyelenggara"), x, 520.0);
    Ok(())
}

/// One PDF with one page per certificate.
pub fn certificates(certs: &[CertificatePrint]) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let mut doc = Document::new();
    let title = match certs {
        [one] => format!("Sertifikat {} — {}", one.person_name, one.event_name),
        _ => "Sertifikat".to_string(),
    };
    doc.set_metadata(Metadata::new().title(title).language("id".into()).creator("Lentera".into()));
    for c in certs {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| Error::unexpected("page size"))?;
        let mut p = doc.start_page_with(settings);
        let mut surface = p.surface();
        page(&mut surface, &fonts, c)?;
        surface.finish();
        p.finish();
    }
    doc.finish().map_err(|e| Error::unexpected(format!("pdf: {e:?}")))
}

pub(crate) fn line(surface: &mut Surface, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y1);
    pb.line_to(x2, y2);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(INK.0, INK.1, INK.2).into(),
            width,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Style {
    pub(crate) bold: bool,
    pub(crate) size: f32,
}

pub(crate) const fn regular(size: f32) -> Style {
    Style { bold: false, size }
}

pub(crate) const fn bold(size: f32) -> Style {
    Style { bold: true, size }
}

/// Draws `text` from `x` at baseline `y`, shrunk to fit `room` points.
pub(crate) fn cell(surface: &mut Surface, fonts: &Fonts, text: &str, style: Style, x: f32, y: f32, room: f32) {
    let Style { bold, size } = style;
    let (font, data) = if bold { (&fonts.bold, BOLD) } else { (&fonts.regular, REGULAR) };
    let width = text_width(data, text, size);
    let size = if width > room { (size * room / width).max(5.0) } else { size };
    surface.draw_text(Point::from_xy(x, y), font.clone(), size, text, false, TextDirection::Auto);
}

/// A printable attendance list: one row per participant, a box per day to sign (a tick where
/// attendance is already recorded).
pub struct AttendanceSheet {
    pub event_name: String,
    pub subtitle: String,
    pub days: Vec<time::Date>,
    /// Name, institution, and per day whether attendance is recorded.
    pub rows: Vec<(String, String, Vec<bool>)>,
}

pub fn attendance_list(sheet: &AttendanceSheet) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("Daftar hadir — {}", sheet.event_name))
            .language("id".into())
            .creator("Lentera".into()),
    );
    const ROW: f32 = 24.0;
    const TOP: f32 = 120.0;
    let per_page = ((HEIGHT - TOP - 40.0) / ROW) as usize - 1;
    let (x_no, x_name, x_inst, x_days) = (36.0, 62.0, 250.0, 470.0);
    let right = WIDTH - 36.0;
    let day_w = (right - x_days) / sheet.days.len().max(1) as f32;
    let chunks: Vec<&[(String, String, Vec<bool>)]> =
        if sheet.rows.is_empty() { vec![&[]] } else { sheet.rows.chunks(per_page).collect() };
    for (page_no, chunk) in chunks.iter().enumerate() {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| Error::unexpected("page size"))?;
        let mut p = doc.start_page_with(settings);
        let mut s = p.surface();
        fill(&mut s, INK);
        cell(&mut s, &fonts, "DAFTAR HADIR", bold(16.0), x_no, 52.0, 400.0);
        cell(&mut s, &fonts, &sheet.event_name, bold(12.0), x_no, 72.0, right - x_no);
        cell(&mut s, &fonts, &sheet.subtitle, regular(10.0), x_no, 88.0, right - x_no);
        let page_label = format!("Halaman {} / {}", page_no + 1, chunks.len());
        cell(&mut s, &fonts, &page_label, regular(8.0), right - 70.0, 52.0, 70.0);
        // Header row.
        let y = TOP;
        cell(&mut s, &fonts, "No", bold(9.0), x_no + 2.0, y - 8.0, 24.0);
        cell(&mut s, &fonts, "Nama", bold(9.0), x_name + 2.0, y - 8.0, 180.0);
        cell(&mut s, &fonts, "Lembaga", bold(9.0), x_inst + 2.0, y - 8.0, 210.0);
        for (i, d) in sheet.days.iter().enumerate() {
            let label = format!("Hari {} ({}/{})", i + 1, d.day(), d.month() as u8);
            cell(&mut s, &fonts, &label, bold(8.0), x_days + i as f32 * day_w + 2.0, y - 8.0, day_w - 4.0);
        }
        let bottom = y + ROW * chunk.len() as f32;
        line(&mut s, x_no, y - ROW, right, y - ROW, 1.0);
        for k in 0..=chunk.len() {
            line(&mut s, x_no, y + ROW * k as f32, right, y + ROW * k as f32, if k == 0 { 1.0 } else { 0.4 });
        }
        for x in [x_no, x_name, x_inst] {
            line(&mut s, x, y - ROW, x, bottom, 0.4);
        }
        for i in 0..=sheet.days.len() {
            let x = x_days + i as f32 * day_w;
            line(&mut s, x, y - ROW, x, bottom, 0.4);
        }
        for (k, (name, inst, present)) in chunk.iter().enumerate() {
            let base = y + ROW * (k as f32 + 1.0) - 8.0;
            fill(&mut s, INK);
            cell(&mut s, &fonts, &(page_no * per_page + k + 1).to_string(), regular(9.0), x_no + 2.0, base, 24.0);
            cell(&mut s, &fonts, name, regular(9.0), x_name + 2.0, base, x_inst - x_name - 4.0);
            cell(&mut s, &fonts, inst, regular(8.0), x_inst + 2.0, base, x_days - x_inst - 4.0);
            for (i, p) in present.iter().enumerate() {
                if *p {
                    cell(&mut s, &fonts, "✓", regular(9.0), x_days + i as f32 * day_w + 3.0, base, 12.0);
                }
            }
        }
        s.finish();
        p.finish();
    }
    doc.finish().map_err(|e| Error::unexpected(format!("pdf: {e:?}")))
}

/// All certificates as a ZIP of one PDF each, named by certificate number and person.
pub fn zip_all(certs: &[CertificatePrint]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for c in certs {
        let safe: String = lentera_core::text::fold(&c.person_name).replace(' ', "-");
        out.start_file(format!("{}-{safe}.pdf", c.number), options).map_err(Error::unexpected)?;
        out.write_all(&certificates(std::slice::from_ref(c))?).map_err(Error::unexpected)?;
    }
    Ok(out.finish().map_err(Error::unexpected)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_pdf_with_embedded_subset_fonts() {
        let c = CertificatePrint {
            number: "2026-0001-00001-ABCDE".into(),
            person_name: "Ni Luh Ayu Şükrü Nguyễn".into(),
            event_name: "Bimtek SPP-TIK Provinsi Bali".into(),
            start_date: time::macros::date!(2026 - 05 - 04),
            end_date: time::macros::date!(2026 - 05 - 08),
            place: "Denpasar".into(),
            lesson_hours: 40,
            signatory_name: Some("Dra. Kepala Pusat".into()),
            signatory_title: Some("Kepala Pusat Pengembangan Perpustakaan".into()),
            verify_url: "https://lentera.example/verifikasi/2026-0001-00001-ABCDE".into(),
        };
        let pdf = certificates(std::slice::from_ref(&c)).unwrap();
        if let Ok(dir) = std::env::var("LENTERA_PDF_OUT") {
            std::fs::write(std::path::Path::new(&dir).join("certificate.pdf"), &pdf).unwrap();
        }
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("FontFile2"), "TrueType font embedded");
        assert!(text.contains("ToUnicode"), "text extractable");
        let other = CertificatePrint { number: "2026-0001-00002-FGHJK".into(), ..c.clone() };
        let zip = zip_all(&[c, other]).unwrap();
        assert!(zip.starts_with(b"PK"));
        let sheet = AttendanceSheet {
            event_name: "Bimtek".into(),
            subtitle: "4–8 Mei 2026".into(),
            days: vec![time::macros::date!(2026 - 05 - 04), time::macros::date!(2026 - 05 - 05)],
            rows: (0..45)
                .map(|i| (format!("Peserta {i}"), "Perpustakaan Desa".into(), vec![true, i % 2 == 0]))
                .collect(),
        };
        let list = attendance_list(&sheet).unwrap();
        assert!(list.starts_with(b"%PDF-"));
    }
}
