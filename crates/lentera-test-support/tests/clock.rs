//! Services read the time from the clock they are given: a month submitted before and after
//! its deadline, with the clock set rather than waited for.

use std::sync::Arc;

use lentera_core::access::Actor;
use lentera_core::clock::FixedClock;
use lentera_core::ids::LibraryId;
use lentera_core::monthly::{MonthlyInput, MonthlyReport, Period, deadlines};
use lentera_core::reporting::{ReviewPolicy, Transition};
use lentera_core::services::{Env, libraries, monthly, review};
use lentera_store::SqliteStore;

#[test]
fn timeliness_follows_the_clock_services_are_given() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = SqliteStore::open(dir.path()).unwrap();
    let clock = Arc::new(FixedClock::at(0));
    let env = Env::with_clock(Arc::new(store), clock.clone());
    let op = Actor::operator();
    let january = Period { year: 2026, month: 1 };
    let due = deadlines(january, 10);
    let member = |name: &str, village: &str| {
        let input = lentera_core::library::LibraryInput {
            name: name.into(),
            library_type: "umum_desa".into(),
            status: "aktif".into(),
            region_code: village.into(),
            programme_year: Some("2025".into()),
            programme_tier: Some("penuh".into()),
            ..Default::default()
        };
        clock.set(due[0] - 40 * 86_400);
        libraries::create(&env, &op, &input).unwrap()
    };
    let (early, late) =
        (member("Perpustakaan Desa Tepat", "35.07.12.2001"), member("Perpustakaan Desa Telat", "35.07.12.2002"));
    let send = |library_id: LibraryId, at: i64| {
        clock.set(at);
        let mut input = MonthlyInput { period: january.to_string(), ..Default::default() };
        input.values.insert("visitors_male".into(), "10".into());
        input.values.insert("visitors_female".into(), "12".into());
        let (m, _) = monthly::create(&env, &op, library_id, None, &input).unwrap();
        let m = review::transition::<MonthlyReport>(&env, &op, ReviewPolicy::default(), m.id, Transition::Submit, None)
            .unwrap();
        assert_eq!(m.submitted_at, Some(at), "submitted when the clock says");
    };
    send(early.id, due[0] - 3_600);
    send(late.id, due[0] + 3_600);
    let view = monthly::completeness(&env, &op, None, january, 10).unwrap();
    assert_eq!((view.expected, view.reported, view.on_time), (2, 2, 1));
}
