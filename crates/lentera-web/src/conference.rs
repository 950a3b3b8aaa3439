//! Reading a video-conference participants report (Zoom's "participants" CSV and look-alikes):
//! any column order, a UTF-8 byte-order mark, comma/semicolon/tab separators, a meeting
//! summary block above the participant table (also Zoom's "export with meeting data", whose
//! meeting row has a header of its own naming a host, a duration and user names),
//! Indonesian or English headers.

use lentera_core::event::ConferenceRow;
use lentera_core::text::fold;
use lentera_core::{Error, Result};

#[derive(Default)]
struct Columns {
    name: Option<usize>,
    email: Option<usize>,
    join: Option<usize>,
    leave: Option<usize>,
    duration: Option<usize>,
}

fn columns_of(header: &[String]) -> Columns {
    let mut c = Columns::default();
    for (i, h) in header.iter().enumerate() {
        let h = fold(h);
        let has = |w: &str| h.split(' ').any(|x| x == w);
        if has("host") {
            continue;
        }
        if c.email.is_none() && (has("email") || has("e") && has("mail")) {
            c.email = Some(i);
        } else if c.name.is_none() && (has("name") || has("nama")) {
            c.name = Some(i);
        } else if c.duration.is_none() && (has("duration") || has("durasi")) {
            c.duration = Some(i);
        } else if c.join.is_none() && (has("join") || has("bergabung") || has("masuk")) {
            c.join = Some(i);
        } else if c.leave.is_none() && (has("leave") || has("keluar")) {
            c.leave = Some(i);
        }
    }
    c
}

/// Minutes since midnight of a `… HH:MM[:SS] [AM|PM]` time stamp (dates are ignored: a join
/// and its leave fall on the same event day).
fn minute_of_day(s: &str) -> Option<i64> {
    let s = s.trim();
    let upper = s.to_ascii_uppercase();
    let pm = upper.ends_with("PM");
    let am = upper.ends_with("AM");
    let clock = s.split_whitespace().find(|p| p.contains(':'))?;
    let mut parts = clock.split(':');
    let mut h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.get(..2)?.parse().ok()?;
    if pm && h < 12 {
        h += 12;
    }
    if am && h == 12 {
        h = 0;
    }
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn separator(text: &str) -> u8 {
    let sample: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    [b',', b';', b'\t'].into_iter().max_by_key(|c| sample.bytes().filter(|b| b == c).count()).unwrap_or(b',')
}

fn bad_file() -> Error {
    Error::field(
        "file",
        "Berkas tidak dikenali sebagai laporan peserta konferensi video: perlu kolom nama dan durasi (atau waktu bergabung dan keluar).",
        "Not a video-conference participants report: it needs a name column and a duration (or join and leave times).",
    )
}

/// Reads the participant rows. Rows without a name are skipped.
pub fn read(bytes: &[u8]) -> Result<Vec<ConferenceRow>> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(text))
        .from_reader(text.as_bytes());
    let mut cols: Option<Columns> = None;
    let mut seen_table = false;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| bad_file())?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().trim_start_matches('\u{feff}').to_string()).collect();
        // A header row: the participant table's (its rows follow), or a meeting summary's
        // (its rows are skipped until the next header).
        let found = columns_of(&cells);
        if found.name.is_some() && (found.duration.is_some() || (found.join.is_some() && found.leave.is_some())) {
            cols = (!is_meeting_summary(&cells)).then_some(found);
            seen_table |= cols.is_some();
            continue;
        }
        let Some(c) = &cols else { continue };
        let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(String::as_str).filter(|s| !s.is_empty());
        let Some(name) = get(c.name) else { continue };
        if out.len() >= crate::tabular::limits::MAX_ROWS {
            return Err(Error::field(
                "file",
                &format!("Laporan melebihi batas {} baris peserta.", crate::tabular::limits::MAX_ROWS),
                &format!("The report exceeds the limit of {} participant rows.", crate::tabular::limits::MAX_ROWS),
            ));
        }
        let minutes = match get(c.duration).and_then(|d| d.parse::<f64>().ok()) {
            Some(d) => d.round() as i64,
            None => match (get(c.join).and_then(minute_of_day), get(c.leave).and_then(minute_of_day)) {
                (Some(j), Some(l)) if l >= j => l - j,
                _ => 0,
            },
        };
        out.push(ConferenceRow {
            name: name.to_string(),
            email: get(c.email).map(str::to_string),
            minutes: minutes.max(0),
        });
    }
    if !seen_table {
        return Err(bad_file());
    }
    Ok(out)
}

/// The header of a meeting's own row (topic, meeting id, host…), not of its participants.
fn is_meeting_summary(header: &[String]) -> bool {
    header
        .iter()
        .map(|h| fold(h))
        .any(|h| h == "topic" || h == "topik" || h.starts_with("meeting id") || h.starts_with("host"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, email: Option<&str>, minutes: i64) -> ConferenceRow {
        ConferenceRow { name: name.into(), email: email.map(str::to_string), minutes }
    }

    #[test]
    fn reads_zoom_export_with_bom_and_summary_block() {
        let csv = "\u{feff}Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n\
                   812 3456,Bimtek Hari 2,05/05/2026 08:00:00 AM,05/05/2026 04:00:00 PM,host@perpusnas.go.id,480,3\n\
                   \n\
                   Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n\
                   Siti Aminah,siti@desa.id,05/05/2026 08:01:00 AM,05/05/2026 04:00:00 PM,479,Yes\n\
                   \"Budi, S.Pd\",,05/05/2026 08:30:00 AM,05/05/2026 09:00:00 AM,30,Yes\n";
        assert_eq!(
            read(csv.as_bytes()).unwrap(),
            vec![row("Siti Aminah", Some("siti@desa.id"), 479), row("Budi, S.Pd", None, 30)]
        );
    }

    #[test]
    fn reads_semicolons_other_order_and_times_without_duration() {
        let csv = "Waktu keluar;Nama;Email;Waktu bergabung\n16:00;Ani;ani@x.id;08:15\n01:30 PM;Wayan;;12:00 PM\n";
        assert_eq!(read(csv.as_bytes()).unwrap(), vec![row("Ani", Some("ani@x.id"), 465), row("Wayan", None, 90)]);
    }

    #[test]
    fn reads_export_with_meeting_data() {
        // Zoom's "export with meeting data": the meeting under its own header, a blank
        // line, then the participants.
        let csv = "Topic,Meeting ID,Host Name,Host Email,Start Time,End Time,User Name (Original Name),Email,Duration (Minutes),Participants\n\
                   Bimtek Hari 1,812 3456 7890,Panitia Perpusnas,host@perpusnas.go.id,11/26/2026 08:00:00 AM,11/26/2026 04:00:00 PM,Panitia,host@perpusnas.go.id,480,4\n\
                   \n\
                   Name (Original Name),Email,Join Time,Leave Time,Duration (Minutes),Guest,In Waiting Room\n\
                   Siti Aminah,siti@desa.id,11/26/2026 08:00:00 AM,11/26/2026 12:00:00 PM,240,Yes,No\n\
                   Siti Aminah,siti@desa.id,11/26/2026 01:00:00 PM,11/26/2026 03:00:00 PM,120,Yes,No\n\
                   Budi Santoso,,11/26/2026 08:00:00 AM,11/26/2026 04:00:00 PM,480,Yes,No\n\
                   Galaxy A12,,11/26/2026 08:00:00 AM,11/26/2026 04:00:00 PM,480,Yes,No\n";
        assert_eq!(
            read(csv.as_bytes()).unwrap(),
            vec![
                row("Siti Aminah", Some("siti@desa.id"), 240),
                row("Siti Aminah", Some("siti@desa.id"), 120),
                row("Budi Santoso", None, 480),
                row("Galaxy A12", None, 480)
            ]
        );
    }

    #[test]
    fn refuses_other_files() {
        assert!(read(b"a,b,c\n1,2,3\n").is_err());
        assert!(read(b"").is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_report_reads_or_is_refused(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
                let _ = read(&bytes);
            }

            #[test]
            fn a_participants_table_with_any_cells_reads(cells in proptest::collection::vec(
                ("[^\\x00\\n\\r\",;\\t]{0,20}", "[^\\x00\\n\\r\",;\\t]{0,12}", "[0-9.\\-]{0,6}"), 0..30)) {
                let mut csv = "Name (Original Name),User Email,Duration (Minutes)\n".to_string();
                for (name, email, minutes) in &cells {
                    csv.push_str(&format!("{name},{email},{minutes}\n"));
                }
                let rows = read(csv.as_bytes()).unwrap();
                prop_assert!(rows.len() <= cells.len());
                prop_assert!(rows.iter().all(|r| r.minutes >= 0));
            }
        }
    }
}
