//! Dates and times as Indonesians write them, in the place's zone.

use time::{OffsetDateTime, UtcOffset};

use crate::i18n::Lang;
use crate::region::TimeZone;

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The machine's clock; only [`crate::clock::SystemClock`] reads it.
pub(crate) fn system_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// A moment in a place's zone.
pub fn in_zone(unix: i64, tz: TimeZone) -> OffsetDateTime {
    let off = UtcOffset::from_hms(tz.utc_offset_hours(), 0, 0).expect("valid offset");
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH).to_offset(off)
}

/// A calendar date as Indonesians write it: `14 November 2026`.
pub fn calendar_date(d: time::Date, lang: Lang) -> String {
    let m = d.month() as usize - 1;
    let name = if lang == Lang::En { MONTHS_EN[m] } else { MONTHS_ID[m] };
    format!("{} {} {}", d.day(), name, d.year())
}

/// `21 November 2026`.
pub fn date(unix: i64, tz: TimeZone, lang: Lang) -> String {
    let d = in_zone(unix, tz);
    let m = d.month() as usize - 1;
    let name = if lang == Lang::En { MONTHS_EN[m] } else { MONTHS_ID[m] };
    format!("{} {} {}", d.day(), name, d.year())
}

/// `21 November 2026 pukul 14.05 WIB` (Indonesian writes times with a dot).
pub fn date_time(unix: i64, tz: TimeZone, lang: Lang) -> String {
    let d = in_zone(unix, tz);
    match lang {
        Lang::Id => format!("{} pukul {:02}.{:02} {}", date(unix, tz, lang), d.hour(), d.minute(), tz.abbrev()),
        Lang::En => format!("{} {:02}:{:02} {}", date(unix, tz, lang), d.hour(), d.minute(), tz.abbrev()),
    }
}

/// One decimal, with the decimal comma in Indonesian: `27,4`.
pub fn one_decimal(v: f64, lang: Lang) -> String {
    let s = format!("{v:.1}");
    if lang == Lang::Id { s.replace('.', ",") } else { s }
}

/// Groups thousands with dots, as Indonesians write numbers: `83.762`.
pub fn number(n: i64, lang: Lang) -> String {
    let sep = if lang == Lang::En { ',' } else { '.' };
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn formats_in_zone() {
        // 2026-11-21 23:30 UTC is already 22 November in WIT (UTC+9).
        let t = 1_795_303_800;
        assert_eq!(date(t, TimeZone::Wib, Lang::Id), "22 November 2026");
        assert_eq!(date_time(t, TimeZone::Wib, Lang::Id), "22 November 2026 pukul 06.30 WIB");
        assert_eq!(number(83762, Lang::Id), "83.762");
        assert_eq!(number(1234567, Lang::En), "1,234,567");
        assert_eq!(number(-5, Lang::Id), "-5");
    }
}
