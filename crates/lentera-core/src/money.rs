//! Money: integer rupiah everywhere, parsed from what people type and written as they read it.

use crate::i18n::Lang;
use crate::time_fmt::number;

/// The largest amount accepted in one field (Rp 1 quadrillion): far above any library budget
/// line, and small enough that sums of thousands of lines stay inside `i64`.
pub const MAX_RUPIAH: i64 = 1_000_000_000_000_000;

/// Parses rupiah as typed: `15000000`, `15.000.000`, `Rp 15.000.000`, `rp15.000.000`.
/// Fractions (`15.000.000,50`), signs and anything else are refused: money is whole rupiah.
pub fn parse_rupiah(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_prefix("Rp").or_else(|| s.strip_prefix("rp")).or_else(|| s.strip_prefix("RP")).unwrap_or(s);
    let digits: String = s.chars().filter(|c| *c != '.' && *c != ' ').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 16 {
        return None;
    }
    digits.parse::<i64>().ok().filter(|n| *n <= MAX_RUPIAH)
}

/// `Rp 15.000.000` (Indonesian) or `Rp 15,000,000` (English).
pub fn rupiah(n: i64, lang: Lang) -> String {
    format!("Rp {}", number(n, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_rupiah("15000000"), Some(15_000_000));
        assert_eq!(parse_rupiah(" Rp 15.000.000 "), Some(15_000_000));
        assert_eq!(parse_rupiah("rp15.000.000"), Some(15_000_000));
        assert_eq!(parse_rupiah("0"), Some(0));
        assert_eq!(parse_rupiah("1.000.000.000.000.000"), Some(MAX_RUPIAH));
        for bad in ["", "Rp", "-5", "15.000.000,50", "1,5 juta", "1e6", "10000000000000000", "99999999999999999999"] {
            assert_eq!(parse_rupiah(bad), None, "{bad}");
        }
        assert_eq!(rupiah(15_000_000, Lang::Id), "Rp 15.000.000");
    }

    proptest::proptest! {
        #[test]
        fn written_amounts_read_back(n in 0..=MAX_RUPIAH) {
            proptest::prop_assert_eq!(parse_rupiah(&rupiah(n, Lang::Id)), Some(n));
            proptest::prop_assert_eq!(parse_rupiah(&n.to_string()), Some(n));
        }
        #[test]
        fn never_panics(s in ".{0,40}") {
            let _ = parse_rupiah(&s);
        }
    }
}
