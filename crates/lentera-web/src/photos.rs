//! Photo handling: a checked decode (JPEG, PNG or WebP only, bounded dimensions and memory,
//! so a decompression bomb fails cleanly), re-encoding to a web-size JPEG and a thumbnail
//! (which drops EXIF and GPS metadata), and the files under the data directory.

use lentera_core::services::Env;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use lentera_core::activity::MAX_PHOTO_BYTES;
use lentera_core::ids::ActivityId;
use lentera_core::{Error, Result};

/// Longest side of the web copy and of the thumbnail, in pixels.
const WEB_SIZE: u32 = 1600;
const THUMB_SIZE: u32 = 320;
/// Larger images than this are refused from their header, before any pixel is decoded:
/// 50 megapixels covers phone cameras; decoding one takes at most 150 MB.
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 50_000_000;
const MAX_DECODE_BYTES: u64 = 200 * 1024 * 1024;
/// Pixels being decoded at once, server-wide: a few phone photos decode side by side, a
/// 50-megapixel one alone, and more uploads wait instead of multiplying memory.
const DECODE_BUDGET: u64 = MAX_PIXELS;

/// Admits decodes while the pixels in flight stay within [`DECODE_BUDGET`] (one always may).
struct Gate {
    busy: std::sync::Mutex<u64>,
    freed: std::sync::Condvar,
}

static GATE: Gate = Gate { busy: std::sync::Mutex::new(0), freed: std::sync::Condvar::new() };

struct Slot(u64);

impl Gate {
    fn enter(&'static self, pixels: u64) -> Slot {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        while *busy > 0 && *busy + pixels > DECODE_BUDGET {
            busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy += pixels;
        Slot(pixels)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        *GATE.busy.lock().unwrap_or_else(|e| e.into_inner()) -= self.0;
        GATE.freed.notify_all();
    }
}

pub struct Processed {
    pub web: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn refuse(id: &str, en: &str) -> Error {
    Error::field("photo", id, en)
}

/// Decodes and re-encodes an uploaded photo; every failure is the uploader's, with a message.
pub fn process(bytes: &[u8]) -> Result<Processed> {
    if bytes.is_empty() {
        return Err(refuse("Berkas foto kosong.", "The photo file is empty."));
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(refuse("Foto lebih dari 10 MB.", "The photo is larger than 10 MB."));
    }
    let not_image =
        || refuse("Berkas ini bukan foto JPEG, PNG atau WebP.", "This file is not a JPEG, PNG or WebP photo.");
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| not_image())?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) {
        return Err(not_image());
    }
    let too_large = || {
        refuse(
            "Ukuran gambar (piksel) terlalu besar untuk diproses (paling besar 50 megapiksel).",
            "The image's pixel dimensions are too large to process (at most 50 megapixels).",
        )
    };
    // The header alone tells the size: a 409 KB PNG can claim 12000×11000 pixels.
    let (w, h) = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| not_image())?
        .into_dimensions()
        .map_err(|_| refuse("Foto rusak atau tidak dapat dibaca.", "The photo is damaged or cannot be read."))?;
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(too_large());
    }
    let _slot = GATE.enter(u64::from(w) * u64::from(h));
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let unreadable = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => too_large(),
        _ => refuse("Foto rusak atau tidak dapat dibaca.", "The photo is damaged or cannot be read."),
    };
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    // Phone cameras store pixels as the sensor saw them and mark the photo "rotate 90°";
    // the mark is dropped with the rest of the metadata, so it is applied to the pixels first.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    img.apply_orientation(orientation);
    let web = shrink(&img, WEB_SIZE);
    let (width, height) = (web.width(), web.height());
    Ok(Processed { web: jpeg(&web, 82)?, thumb: jpeg(&shrink(&img, THUMB_SIZE), 75)?, width, height })
}

fn shrink(img: &DynamicImage, side: u32) -> DynamicImage {
    if img.width() <= side && img.height() <= side { img.clone() } else { img.thumbnail(side, side) }
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    DynamicImage::ImageRgb8(img.to_rgb8()).write_with_encoder(enc).map_err(Error::unexpected)?;
    Ok(out)
}

/// Processes an upload, writes its files and records it for the activity; on any failure
/// nothing of it remains.
pub fn add_to_activity(
    env: &Env,
    actor: &lentera_core::access::Actor,
    files_dir: &Path,
    activity_id: ActivityId,
    bytes: &[u8],
) -> Result<lentera_core::activity::Photo> {
    let p = process(bytes)?;
    let name = new_name();
    write(files_dir, &name, &p)?;
    let photo = lentera_core::activity::NewPhoto {
        name: name.clone(),
        width: i64::from(p.width),
        height: i64::from(p.height),
        bytes: p.web.len() as i64,
    };
    lentera_core::services::activities::add_photo(env, actor, activity_id, &photo)
        .inspect_err(|_| remove(files_dir, &name))
}

/// Where a photo's file lives: `photos/ab/abcdef….jpg` (thumbnails end in `-t.jpg`).
pub fn path_of(files_dir: &Path, name: &str, thumb: bool) -> PathBuf {
    let shard = name.get(..2).unwrap_or("00");
    files_dir.join("photos").join(shard).join(if thumb { format!("{name}-t.jpg") } else { format!("{name}.jpg") })
}

/// A fresh random name for a photo's files.
pub fn new_name() -> String {
    lentera_core::password::new_secret()[..32].to_string()
}

/// Writes both files; nothing is left behind if either write fails.
pub fn write(files_dir: &Path, name: &str, p: &Processed) -> Result<()> {
    let web = path_of(files_dir, name, false);
    let thumb = path_of(files_dir, name, true);
    let result = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(web.parent().expect("has parent"))?;
        std::fs::write(&web, &p.web)?;
        std::fs::write(&thumb, &p.thumb)
    })();
    if let Err(e) = result {
        remove(files_dir, name);
        return Err(Error::unexpected(format!("writing photo {name}: {e}")));
    }
    Ok(())
}

pub fn remove(files_dir: &Path, name: &str) {
    let _ = std::fs::remove_file(path_of(files_dir, name, false));
    let _ = std::fs::remove_file(path_of(files_dir, name, true));
}

/// Whether a string is a photo name as made by [`new_name`] (guards the file path).
pub fn valid_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
        }));
        jpeg(&img, 90).unwrap()
    }

    #[test]
    fn resizes_and_strips_metadata() {
        let mut bytes = sample_jpeg(2400, 1200);
        // Put an EXIF block with a GPS marker right after the JPEG start marker.
        let exif = b"Exif\0\0GPSLatitude-7.25";
        let len = (exif.len() + 2) as u16;
        let mut seg = vec![0xFF, 0xE1];
        seg.extend(len.to_be_bytes());
        seg.extend(exif);
        bytes.splice(2..2, seg);
        let p = process(&bytes).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        assert!(has(&bytes, b"GPSLatitude"));
        assert!(!has(&p.web, b"GPSLatitude") && !has(&p.web, b"Exif"));
        assert!(!has(&p.thumb, b"Exif"));
    }

    /// An EXIF block holding only an orientation (TIFF little-endian, one IFD entry).
    fn with_orientation(mut jpeg: Vec<u8>, orientation: u8) -> Vec<u8> {
        let mut exif = b"Exif\0\0II\x2a\0\x08\0\0\0\x01\0".to_vec();
        exif.extend([0x12, 0x01, 0x03, 0x00, 0x01, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0]);
        let mut seg = vec![0xFF, 0xE1];
        seg.extend(((exif.len() + 2) as u16).to_be_bytes());
        seg.extend(exif);
        jpeg.splice(2..2, seg);
        jpeg
    }

    #[test]
    fn a_portrait_photo_marked_rotate_90_is_stored_upright() {
        // Stored landscape (sensor order) and marked "rotate 90° clockwise" (6).
        let p = process(&with_orientation(sample_jpeg(4000, 3000), 6)).unwrap();
        assert_eq!((p.width, p.height), (1200, 1600), "portrait, as it was taken");
        let upside_down = process(&with_orientation(sample_jpeg(400, 300), 3)).unwrap();
        assert_eq!((upside_down.width, upside_down.height), (400, 300));
        // Turned half round: the corner that was bottom right (red 399 % 255, green 299 % 255)
        // is now top left (JPEG is lossy: near enough).
        let img = image::load_from_memory(&upside_down.web).unwrap().to_rgb8();
        let [r, g, _] = img.get_pixel(1, 1).0;
        assert!(r.abs_diff(143) < 12 && g.abs_diff(43) < 12, "{r} {g}");
        let has_exif = p.web.windows(4).any(|w| w == b"Exif");
        assert!(!has_exif, "the mark is applied, not kept");
    }

    #[test]
    fn refuses_non_images_and_bombs() {
        assert!(matches!(process(b"not an image at all"), Err(Error::Validation(_))));
        assert!(matches!(process(b"GIF89a......"), Err(Error::Validation(_))));
        // A PNG whose header claims 100,000 × 100,000 pixels.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(100_000u32.to_be_bytes());
        ihdr.extend(100_000u32.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        png.extend(13u32.to_be_bytes());
        png.extend(&ihdr);
        png.extend(crc32(&ihdr).to_be_bytes());
        let idat = b"IDAT\x78\x9c\x63\x00\x00";
        png.extend(5u32.to_be_bytes());
        png.extend(idat);
        png.extend(crc32(idat).to_be_bytes());
        let Err(Error::Validation(e)) = process(&png) else { panic!("bomb accepted") };
        assert!(e[0].message.contains("terlalu besar"), "{e:?}");
        let truncated = &sample_jpeg(64, 64)[..200];
        assert!(matches!(process(truncated), Err(Error::Validation(_))));
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
