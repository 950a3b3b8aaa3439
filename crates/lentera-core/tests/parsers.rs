//! Property tests for the core's parsers of what people type or files carry: region codes,
//! NPPs, dates, months, and the checks of library, activity and monthly input. Arbitrary
//! input never panics and either parses or gives a field error; well-formed input
//! round-trips.

use lentera_core::Error;
use lentera_core::activity::{ActivityInput, parse_date};
use lentera_core::library::{LibraryInput, Npp};
use lentera_core::monthly::{MonthlyInput, Period};
use lentera_core::region::RegionCode;
use proptest::prelude::*;

fn field_error_or_ok<T>(r: Result<T, Error>) -> Result<(), TestCaseError> {
    match r {
        Ok(_) | Err(Error::Validation(_)) => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("not a field error: {e:?}"))),
    }
}

fn today() -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::December, 1).unwrap()
}

proptest! {
    #[test]
    fn region_codes(s in "\\PC{0,20}") {
        field_error_or_ok(RegionCode::parse(&s))?;
    }

    #[test]
    fn well_formed_region_codes_round_trip(p in 11u32..95, r in 1u32..80, d in 1u32..50, v in 1001u32..9999, level in 1usize..=4) {
        let full = format!("{p:02}.{r:02}.{d:02}.{v:04}");
        let code: String = full.split('.').take(level).collect::<Vec<_>>().join(".");
        let parsed = RegionCode::parse(&code).unwrap();
        prop_assert_eq!(parsed.as_str(), code.as_str());
    }

    #[test]
    fn npps(s in "\\PC{0,40}") {
        field_error_or_ok(Npp::parse(&s))?;
        if let Ok(Some(n)) = Npp::parse(&s) {
            prop_assert!(n.0.len() <= 32);
        }
    }

    #[test]
    fn dates(s in "\\PC{0,16}") {
        let _ = parse_date(&s);
        let _ = Period::parse(&s);
    }

    #[test]
    fn well_formed_dates_round_trip(y in 1990i32..2100, m in 1u8..=12, d in 1u8..=28) {
        let date = time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
        prop_assert_eq!(parse_date(&format!("{d:02}/{m:02}/{y}")), Some(date));
        prop_assert_eq!(parse_date(&date.to_string()), Some(date));
    }

    #[test]
    fn activity_input(title in "\\PC{0,250}", start in "\\PC{0,12}", end in proptest::option::of("\\PC{0,12}"),
                      counts in proptest::collection::vec(proptest::option::of("[0-9.\\-a-z]{0,9}"), 9)) {
        let input = ActivityInput {
            title,
            start_date: start,
            end_date: end,
            participants_total: counts[0].clone(),
            male: counts[1].clone(),
            female: counts[2].clone(),
            children: counts[3].clone(),
            teens: counts[4].clone(),
            adults: counts[5].clone(),
            elderly: counts[6].clone(),
            disabled: counts[7].clone(),
            income_rupiah: counts[8].clone(),
            ..Default::default()
        };
        field_error_or_ok(input.validate(today()))?;
    }

    #[test]
    fn monthly_input(period in "\\PC{0,10}", values in proptest::collection::vec(("[a-z_]{1,22}", "[0-9.\\-]{0,9}"), 0..14)) {
        let input = MonthlyInput { period, values: values.into_iter().collect(), visitors_total: None, confirm_warnings: false };
        field_error_or_ok(input.validate(Period::of(today())))?;
    }

    #[test]
    fn library_input(name in "\\PC{0,210}", kind in "[a-z_]{0,16}", status in "[a-z_]{0,10}", region in "[0-9.]{0,14}",
                     npp in "\\PC{0,34}", year in "\\PC{0,6}") {
        let input = LibraryInput {
            name,
            library_type: kind,
            status,
            region_code: region,
            npp: Some(npp),
            programme_year: Some(year),
            ..Default::default()
        };
        field_error_or_ok(input.validate(2026))?;
    }
}
