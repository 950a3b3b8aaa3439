//! The report ports and the one review port: activity reports and their photos, monthly
//! figures, a status change with its aggregates and derived KTAK figures, the aggregates
//! themselves (equal to a rebuild after approvals and reopenings), KPI and reporting facts,
//! completeness, and the bulk port.

use lentera_core::activity::{Activity, ActivityFilter, ActivityInput, NewPhoto};
use lentera_core::ids::LibraryId;
use lentera_core::indicators::{ActivityCounts, MonthlyCounts};
use lentera_core::library::{Library, LibraryFilter, PageRequest};
use lentera_core::monthly::{MonthlyFigures, MonthlyFilter, Period, ReportingDuty, deadlines};
use lentera_core::region::RegionCode;
use lentera_core::reporting::{Report, ReportStatus, StatusChange};
use lentera_core::store::{ImportedActivity, ImportedMonthly, LoadedActivity, LoadedMonth, Store};
use lentera_core::{Error, Unique};

use super::{Fresh, NOW, audit, library, library_fields};

const MARCH: Period = Period { year: 2026, month: 3 };
const FEBRUARY: Period = Period { year: 2026, month: 2 };

fn code(c: &str) -> RegionCode {
    RegionCode::parse(c).unwrap()
}

/// Checked fields of an activity on a day of March 2026.
pub(super) fn activity_fields(
    title: &str,
    day: u8,
    female: i64,
    story: bool,
) -> lentera_core::activity::ActivityFields {
    ActivityInput {
        title: title.into(),
        start_date: format!("2026-03-{day:02}"),
        category_id: "1".into(),
        male: Some("4".into()),
        female: Some(female.to_string()),
        story: story.then(|| "Kisah perubahan".into()),
        story_consent: true,
        income_rupiah: Some("250000".into()),
        ..Default::default()
    }
    .validate(time::macros::date!(2026 - 03 - 31))
    .expect("valid activity")
}

/// Moves a report through the review port as the review service would.
fn step<R: Report>(s: &dyn Store, r: &R, to: ReportStatus, at: i64) -> Result<(), Error> {
    s.change_status(&StatusChange::of(r, to, Some("catatan".into()), at), audit(R::KIND.status_entity()))
}

/// Takes a report along the review path until it is approved, reading it back each time.
pub(super) fn approved<R: Report>(s: &dyn Store, r: &R) -> R {
    let mut r = r.clone();
    while r.status() != ReportStatus::Approved {
        let to = match r.status() {
            ReportStatus::Submitted => ReportStatus::Verified,
            ReportStatus::Verified => ReportStatus::Approved,
            _ => ReportStatus::Submitted,
        };
        step(s, &r, to, NOW).unwrap();
        r = R::load(s, r.id()).unwrap().unwrap();
    }
    r
}

/// The aggregates of a region for March, as the dashboard reads them.
fn march(s: &dyn Store, region: Option<&str>) -> ActivityCounts {
    let mut total = ActivityCounts::default();
    for c in s.activity_cells(region.map(code).as_ref(), MARCH, MARCH).unwrap() {
        total += c.counts;
    }
    total
}

/// Every aggregate, read back level by level, is what a rebuild from the reports gives.
fn rebuild_agrees(s: &dyn Store, regions: &[Option<&str>]) {
    let read = |s: &dyn Store| {
        regions
            .iter()
            .map(|r| {
                let r = r.map(code);
                (
                    s.activity_cells(r.as_ref(), FEBRUARY, MARCH).unwrap(),
                    s.monthly_cells(r.as_ref(), FEBRUARY, MARCH).unwrap(),
                    s.activity_by_child(r.as_ref(), FEBRUARY, MARCH).unwrap(),
                    s.monthly_by_child(r.as_ref(), FEBRUARY, MARCH).unwrap(),
                    s.activity_cells_by_child(r.as_ref(), FEBRUARY, MARCH).unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let maintained = read(s);
    s.rebuild_aggregates().unwrap();
    assert_eq!(read(s), maintained, "maintained aggregates equal a rebuild");
}

pub fn check(f: &Fresh) {
    let s = f.store();
    let village = library(s, "Perpustakaan Desa Maju", "35.07.12.2001", Some(2024));
    let regency = library(s, "Perpustakaan Umum Kabupaten Malang", "35.07", Some(2024));
    activities(s, &village, &regency);
    monthly(s, &village);
    kpi(s, &village);
}

fn activities(s: &dyn Store, village: &Library, regency: &Library) {
    // Creation: a client id finds the report again; a second report with it is refused.
    let client = "0b9f3c4e-6a1d-4f8e-9c2b-7d5e4a3b2c1d";
    let fields = activity_fields("Pelatihan membatik", 10, 12, true);
    let a = s.insert_activity(village, Some(client), &fields, None, NOW, audit("activity")).unwrap();
    assert_eq!((a.status, a.version, a.library_name.as_str()), (ReportStatus::Draft, 1, "Perpustakaan Desa Maju"));
    let categories = s.list_items(lentera_core::lists::ManagedList::ActivityCategory, true).unwrap();
    assert_eq!(Some(&a.category_name), categories.iter().find(|c| c.id == 1).map(|c| &c.name));
    assert_eq!(s.activity_by_client_id(client).unwrap().unwrap().id, a.id);
    assert!(s.activity_by_client_id("00000000-0000-4000-8000-000000000000").unwrap().is_none());
    assert!(matches!(
        s.insert_activity(village, Some(client), &fields, None, NOW, audit("activity")),
        Err(Error::Duplicate(Unique::ClientId))
    ));
    assert_eq!(s.activity(a.id).unwrap().unwrap().fields, fields);

    // Edits need the version and an editable status.
    let edited = activity_fields("Pelatihan membatik tulis", 10, 14, true);
    assert!(matches!(s.update_activity(a.id, 2, &edited, NOW, audit("activity")), Err(Error::Stale)));
    let a = s.update_activity(a.id, 1, &edited, NOW + 1, audit("activity")).unwrap();
    assert_eq!((a.version, a.fields.title.as_str()), (2, "Pelatihan membatik tulis"));

    // Photos of a report.
    let photo = NewPhoto { name: "f00dfeed".into(), width: 1600, height: 1200, bytes: 200_000 };
    let p = s.insert_photo(a.id, &photo, NOW, audit("activity_photo")).unwrap();
    assert_eq!(s.photos(a.id).unwrap().len(), 1);
    assert_eq!(s.photo_by_name("f00dfeed").unwrap().unwrap().id, p.id);
    s.delete_photo(p.id, audit("activity_photo")).unwrap();
    assert!(s.photos(a.id).unwrap().is_empty() && s.photo_by_name("f00dfeed").unwrap().is_none());
    assert!(matches!(s.delete_photo(p.id, audit("activity_photo")), Err(Error::NotFound)));

    // The review port: each step from the status it was decided from, once.
    step(s, &a, ReportStatus::Submitted, NOW).unwrap();
    let a_sub = s.activity(a.id).unwrap().unwrap();
    assert!(matches!(step(s, &a, ReportStatus::Submitted, NOW), Err(Error::Stale)), "already moved");
    assert!(
        matches!(s.update_activity(a.id, a_sub.version, &edited, NOW, audit("activity")), Err(Error::Stale)),
        "locked"
    );
    assert_eq!(a_sub.review_comment.as_deref(), Some("catatan"));
    assert_eq!(march(s, None), ActivityCounts::default(), "only approved reports count");
    let literacy = approved(s, &activity_of(s, village, "Kelas literasi digital", 12, 20, false));
    let a = approved(s, &a_sub);
    let b = approved(s, &activity_of(s, regency, "Bimtek pengelola desa", 20, 9, false));
    assert_eq!(a.status, ReportStatus::Approved);

    // Aggregates: the report's region and every region above, never below its own level.
    let expect = |n: i64, female: i64, stories: i64| (n, female, stories);
    let got = |r: Option<&str>| {
        let c = march(s, r);
        (c.activities, c.people.female, c.stories)
    };
    assert_eq!(got(None), expect(3, 14 + 20 + 9, 1));
    assert_eq!(got(Some("35")), expect(3, 43, 1));
    assert_eq!(got(Some("35.07")), expect(3, 43, 1), "the regency library counts once, at its regency");
    assert_eq!(got(Some("35.07.12")), expect(2, 34, 1));
    assert_eq!(got(Some("35.07.12.2001")), expect(2, 34, 1));
    let districts = s.activity_by_child(Some(&code("35.07")), MARCH, MARCH).unwrap();
    assert_eq!(districts.iter().map(|(_, c)| c.activities).sum::<i64>(), 2, "no district holds the regency's");
    assert!(s.activity_by_child(Some(&code("35.07.12.2001")), MARCH, MARCH).unwrap().is_empty(), "a village has none");
    let provinces = s.activity_cells_by_child(None, MARCH, MARCH).unwrap();
    assert!(provinces.iter().all(|(r, _)| r.as_str() == "35"));
    assert_eq!(march(s, Some("35")).income_rupiah, 3 * 250_000);
    rebuild_agrees(s, &[None, Some("35"), Some("35.07"), Some("35.07.12")]);

    // Reopening takes a report out again at every level.
    step(s, &b, ReportStatus::Returned, NOW).unwrap();
    assert_eq!(got(Some("35.07")), expect(2, 34, 1));
    assert_eq!(got(None), expect(2, 34, 1));
    rebuild_agrees(s, &[None, Some("35"), Some("35.07")]);
    assert!(matches!(step(s, &b, ReportStatus::Returned, NOW), Err(Error::Stale)), "nothing taken away twice");
    assert_eq!(got(None), expect(2, 34, 1));

    // Lists: filters by place, status, category, dates and title; newest first.
    let list = |f: ActivityFilter| s.list_activities(&f, PageRequest::new(None, None)).unwrap();
    assert_eq!(list(ActivityFilter::default()).total, 3);
    assert_eq!(list(ActivityFilter { region: Some(code("35.07.12")), ..Default::default() }).total, 2);
    assert_eq!(list(ActivityFilter { library_id: Some(regency.id), ..Default::default() }).total, 1);
    assert_eq!(list(ActivityFilter { status: Some(ReportStatus::Approved), ..Default::default() }).total, 2);
    assert_eq!(list(ActivityFilter { category_id: Some(99), ..Default::default() }).total, 0);
    let day = |d: u8| time::Date::from_calendar_date(2026, time::Month::March, d).unwrap();
    assert_eq!(list(ActivityFilter { from: Some(day(11)), to: Some(day(31)), ..Default::default() }).total, 2);
    assert_eq!(list(ActivityFilter { query: Some("literasi".into()), ..Default::default() }).items[0].id, literacy.id);
    let titled = |q: &str| list(ActivityFilter { query: Some(q.into()), ..Default::default() }).total;
    assert_eq!((titled("ITERAS"), titled("it"), titled("tidak ada")), (1, 1, 0), "any part, short ones too");
    assert_eq!(titled("batik tulis"), 1, "the title as edited");
    assert_eq!(list(ActivityFilter::default()).items[0].fields.start_date, day(20), "newest first");
    let mut n = 0;
    s.each_activity(&ActivityFilter { status: Some(ReportStatus::Approved), ..Default::default() }, &mut |_| {
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 2);
}

fn activity_of(s: &dyn Store, lib: &Library, title: &str, day: u8, female: i64, story: bool) -> Activity {
    s.insert_activity(lib, None, &activity_fields(title, day, female, story), None, NOW, audit("activity")).unwrap()
}

fn figures(visitors: i64, members: i64) -> MonthlyFigures {
    MonthlyFigures {
        visitors_male: visitors / 2,
        visitors_female: visitors - visitors / 2,
        total_members: members,
        loans: 7,
        collection_titles: 900,
        collection_copies: 1_200,
        ..Default::default()
    }
}

fn monthly(s: &dyn Store, village: &Library) {
    let client = "5e1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let feb =
        s.insert_monthly(village, Some(client), FEBRUARY, &figures(100, 50), NOW, audit("monthly_report")).unwrap();
    assert_eq!((feb.status, feb.submitted_at), (ReportStatus::Draft, None));
    assert_eq!(s.monthly_report(feb.id).unwrap().unwrap().figures, figures(100, 50));
    assert_eq!(s.monthly_by_period(village.id, FEBRUARY).unwrap().unwrap().id, feb.id);
    assert!(s.monthly_by_period(village.id, MARCH).unwrap().is_none());
    assert_eq!(s.monthly_by_client_id(client).unwrap().unwrap().id, feb.id);
    assert!(matches!(
        s.insert_monthly(village, None, FEBRUARY, &figures(1, 1), NOW, audit("monthly_report")),
        Err(Error::Duplicate(Unique::MonthlyPeriod))
    ));
    assert!(matches!(s.update_monthly(feb.id, 9, &figures(120, 50), NOW, audit("monthly_report")), Err(Error::Stale)));
    let feb = s.update_monthly(feb.id, 1, &figures(120, 50), NOW, audit("monthly_report")).unwrap();
    assert_eq!((feb.version, feb.figures.visitors()), (2, 120));
    let mar = s.insert_monthly(village, None, MARCH, &figures(80, 60), NOW, audit("monthly_report")).unwrap();

    // The first submission's time is kept; a resubmission after a return keeps it.
    let submit_at = NOW + 100;
    step(s, &feb, ReportStatus::Submitted, submit_at).unwrap();
    let feb = s.monthly_report(feb.id).unwrap().unwrap();
    assert_eq!(feb.submitted_at, Some(submit_at));
    step(s, &feb, ReportStatus::Returned, NOW + 200).unwrap();
    let feb = s.monthly_report(feb.id).unwrap().unwrap();
    step(s, &feb, ReportStatus::Submitted, NOW + 300).unwrap();
    let feb = s.monthly_report(feb.id).unwrap().unwrap();
    assert_eq!(feb.submitted_at, Some(submit_at), "first submission kept");
    assert!(matches!(
        s.update_monthly(feb.id, feb.version, &figures(1, 1), NOW, audit("monthly_report")),
        Err(Error::Stale)
    ));

    // Approval derives the year's KTAK figures and feeds the aggregates; reopening the last
    // approved month withdraws the derived figures, never those entered by hand.
    let feb = approved(s, &feb);
    let k = s.ktak(village.id).unwrap();
    assert_eq!((k[0].year, k[0].members, k[0].visits), (2026, Some(50), Some(120)));
    let mar = approved(s, &mar);
    let k = s.ktak(village.id).unwrap();
    assert_eq!((k[0].members, k[0].visits), (Some(60), Some(200)), "the latest month's stock, the year's visits");
    let totals = |r: Option<&str>| -> MonthlyCounts {
        let mut t = MonthlyCounts::default();
        for (_, c) in s.monthly_cells(r.map(code).as_ref(), FEBRUARY, MARCH).unwrap() {
            t += c;
        }
        t
    };
    assert_eq!((totals(None).reports, totals(Some("35.07.12")).visitors()), (2, 200));
    assert_eq!(s.monthly_by_child(Some(&code("35.07")), FEBRUARY, MARCH).unwrap()[0].1.reports, 2);
    rebuild_agrees(s, &[None, Some("35.07.12.2001")]);
    step(s, &mar, ReportStatus::Returned, NOW).unwrap();
    assert_eq!(s.ktak(village.id).unwrap()[0].visits, Some(120), "derived again from February alone");
    step(s, &feb, ReportStatus::Returned, NOW).unwrap();
    assert!(s.ktak(village.id).unwrap().is_empty(), "no approved month left: derived figures withdrawn");
    assert_eq!(totals(None), MonthlyCounts::default());

    // Lists and history.
    let list = |f: MonthlyFilter| s.list_monthly(&f, PageRequest::new(None, None)).unwrap();
    assert_eq!(list(MonthlyFilter::default()).total, 2);
    assert_eq!(list(MonthlyFilter { period: Some(MARCH), ..Default::default() }).items[0].id, mar.id);
    assert_eq!(list(MonthlyFilter { status: Some(ReportStatus::Returned), ..Default::default() }).total, 2);
    assert_eq!(list(MonthlyFilter { query: Some("maju".into()), ..Default::default() }).total, 2);
    assert_eq!(list(MonthlyFilter { region: Some(code("52")), ..Default::default() }).total, 0);
    assert_eq!(list(MonthlyFilter::default()).items[0].period, MARCH, "newest month first");
    let mut n = 0;
    s.each_monthly(&MonthlyFilter { library_id: Some(village.id), ..Default::default() }, &mut |_| {
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 2);
    let before_april = s.recent_monthly(village.id, Period { year: 2026, month: 4 }, 12).unwrap();
    assert_eq!(before_april.iter().map(|m| m.period).collect::<Vec<_>>(), [MARCH, FEBRUARY]);
    assert_eq!(s.recent_monthly(village.id, MARCH, 12).unwrap().len(), 1);
}

fn kpi(s: &dyn Store, village: &Library) {
    let outsider = library(s, "Perpustakaan Bukan Program", "35.07.12.2003", None);
    let duty = ReportingDuty::until(MARCH);
    let facts = s.kpi_facts_in(Some(&code("35.07")), MARCH, &duty).unwrap();
    let mine = facts.iter().find(|k| k.library_id == village.id).unwrap();
    // Two approved March activities of the village: 4 men and 14, then 20, women.
    assert_eq!((mine.expected, mine.activities, mine.participants), (true, 2, 8 + 14 + 20));
    assert_eq!(mine.monthly_submitted_at, Some(NOW), "March was sent, though later returned");
    assert!(facts.iter().all(|k| k.library_id != outsider.id), "only libraries owing reports");
    let of = s.kpi_facts_of(&[outsider.id, village.id], MARCH, &duty).unwrap();
    assert_eq!(of.len(), 2);
    let o = of.iter().find(|k| k.library_id == outsider.id).unwrap();
    assert_eq!((o.expected, o.activities, o.participants, o.monthly_submitted_at), (false, 0, 0, None));
    let v = of.iter().find(|k| k.library_id == village.id).unwrap();
    assert_eq!((v.activities, v.participants), (2, 8 + 14 + 20), "the same facts asked by id");
    assert!(s.kpi_facts_of(&[], MARCH, &duty).unwrap().is_empty());
}

/// Completeness, the libraries missing, the reporting facts and the programme counts.
pub fn check_facts(f: &Fresh) {
    let s = f.store();
    let early = library(s, "Perpustakaan Desa Rajin", "35.07.12.2001", Some(2024));
    let late = library(s, "Perpustakaan Desa Lupa", "35.07.12.2002", Some(2024));
    let lombok = library(s, "Perpustakaan Desa Jauh", "52.01.01.2002", Some(2025));
    library(s, "Perpustakaan Desa Baru", "52.01.01.2003", Some(2027));
    library(s, "Perpustakaan Desa Lain", "35.07.12.2003", None);
    let due = deadlines(FEBRUARY, 10);
    let send = |lib: &Library, at: i64| {
        let m = s.insert_monthly(lib, None, FEBRUARY, &figures(10, 5), NOW, audit("monthly_report")).unwrap();
        step(s, &m, ReportStatus::Submitted, at).unwrap();
    };
    send(&early, due[0] - 60);
    send(&lombok, due[0] - 60);
    s.insert_monthly(&late, None, FEBRUARY, &figures(1, 1), NOW, audit("monthly_report")).unwrap();
    let duty = ReportingDuty::until(FEBRUARY);

    let rows = s.completeness(None, FEBRUARY, &duty, due).unwrap();
    let by = |c: &str| rows.iter().find(|r| r.code.as_str() == c).unwrap().clone();
    // A minute before the WIB deadline is on time there and already late in WITA and WIT (the
    // core picks the zone that applies).
    assert_eq!((by("35").expected, by("35").reported, by("35").on_time_by_zone), (2, 1, [1, 0, 0]));
    assert_eq!((by("52").expected, by("52").reported, by("52").on_time_by_zone), (1, 1, [1, 0, 0]));
    assert!(rows.iter().all(|r| r.code.as_str() != "81"), "a province owing nothing has no row");
    let districts = s.completeness(Some(&code("35.07")), FEBRUARY, &duty, due).unwrap();
    assert_eq!(districts.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["35.07.12"]);

    let missing = s.missing_reports(Some(&code("35")), FEBRUARY, &duty, 10).unwrap();
    assert_eq!(missing.iter().map(|m| m.library_id).collect::<Vec<_>>(), [late.id], "a draft is not sent");
    assert_eq!(s.missing_reports(None, FEBRUARY, &duty, 10).unwrap().len(), 1);

    let (owing, sent) = s.reporting_facts(None, FEBRUARY, MARCH, &ReportingDuty::until(MARCH)).unwrap();
    let mut ids: Vec<LibraryId> = owing.iter().map(|d| d.id).collect();
    ids.sort();
    assert_eq!(ids, vec![early.id, late.id, lombok.id], "active members joined by 2026");
    assert_eq!(owing.iter().find(|d| d.id == lombok.id).unwrap().joined, 2025);
    assert_eq!(sent.len(), 2, "drafts are not sent");
    assert!(sent.iter().all(|m| m.period == FEBRUARY && m.submitted_at == Some(due[0] - 60)));
    let (owing_35, sent_35) =
        s.reporting_facts(Some(&code("35")), FEBRUARY, MARCH, &ReportingDuty::until(MARCH)).unwrap();
    assert_eq!((owing_35.len(), sent_35.len()), (2, 1));

    let members = lentera_core::library::ProgrammeLibraries::members();
    let counts = s.programme_counts(None, members, false).unwrap();
    assert_eq!(counts.iter().map(|c| c.libraries).sum::<i64>(), 4, "every active member, any year");
    let by_province = s.programme_counts(None, members, true).unwrap();
    assert_eq!(by_province.iter().filter(|c| c.region.as_ref().is_some_and(|r| r.as_str() == "52")).count(), 2);
    let joined_2024 =
        s.programme_counts(None, lentera_core::library::ProgrammeLibraries::expected_to_report(2024), false);
    assert_eq!(joined_2024.unwrap().iter().map(|c| c.libraries).sum::<i64>(), 2);
}

/// The bulk port: imports all or nothing with their audit entries; the demo's loads.
pub fn check_bulk(f: &Fresh) {
    let s = f.store();
    let rows = vec![
        (library_fields("Impor A", "35.07.12.2001", Some(2024)), audit("library")),
        (library_fields("Impor B", "52.01.01.2002", None), audit("library")),
    ];
    let ids = s.import_libraries(&rows, NOW).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(s.library(ids[1]).unwrap().unwrap().name, "Impor B");
    let lib = s.library(ids[0]).unwrap().unwrap();
    let entries = s
        .list_audit(
            &lentera_core::audit::AuditFilter { entity: Some("library".into()), ..Default::default() },
            PageRequest::new(None, None),
        )
        .unwrap();
    assert_eq!(entries.total, 2, "an audit entry per imported row");

    let client = |n: u8| format!("11111111-2222-4333-8444-5555555555{n:02}");
    let imported = |n: u8| ImportedActivity {
        library_id: lib.id,
        region_code: lib.region_code.clone(),
        client_id: client(n),
        fields: activity_fields("Impor kegiatan", 5 + n, 3, false),
        audit: audit("activity"),
    };
    assert_eq!(s.import_activities(&[imported(1), imported(2)], ReportStatus::Submitted, None, NOW).unwrap(), 2);
    assert_eq!(s.activity_by_client_id(&client(1)).unwrap().unwrap().status, ReportStatus::Submitted);
    // All or nothing: a client id already stored refuses the whole batch.
    assert!(s.import_activities(&[imported(3), imported(1)], ReportStatus::Draft, None, NOW).is_err());
    assert!(s.activity_by_client_id(&client(3)).unwrap().is_none(), "nothing of the batch was written");

    let month = |p: Period| ImportedMonthly {
        library_id: lib.id,
        region_code: lib.region_code.clone(),
        period: p,
        figures: figures(30, 10),
        submitted_at: Some(NOW),
        audit: audit("monthly_report"),
    };
    assert_eq!(s.import_monthly(&[month(FEBRUARY)], ReportStatus::Submitted, NOW).unwrap(), 1);
    assert_eq!(s.monthly_by_period(lib.id, FEBRUARY).unwrap().unwrap().submitted_at, Some(NOW));
    assert!(matches!(
        s.import_monthly(&[month(MARCH), month(FEBRUARY)], ReportStatus::Draft, NOW),
        Err(Error::Duplicate(Unique::MonthlyPeriod))
    ));
    assert!(s.monthly_by_period(lib.id, MARCH).unwrap().is_none());

    // The demo's loads: ids in order, KTAK and equipment, reports, and the derived figures of
    // approved months; the aggregates come from a rebuild.
    let loaded = s
        .load_libraries(
            &[library_fields("Demo A", "35.07.12.2002", Some(2024)), library_fields("Demo B", "35.07", None)],
            NOW,
        )
        .unwrap();
    assert_eq!(s.library(loaded[0]).unwrap().unwrap().name, "Demo A");
    let k = lentera_core::library::KtakFigures { year: 2025, members: Some(10), ..Default::default() };
    s.load_ktak(&[(loaded[0], k.clone())]).unwrap();
    assert_eq!(s.ktak(loaded[0]).unwrap(), vec![k]);
    let e = lentera_core::library::EquipmentFields {
        item: lentera_core::library::EquipmentItem::Printer,
        description: None,
        quantity: 1,
        year_received: None,
        source: None,
        condition: lentera_core::library::EquipmentCondition::Good,
        in_use: true,
    };
    s.load_equipment(&[(loaded[0], e)], NOW).unwrap();
    assert_eq!(s.equipment(loaded[0]).unwrap().len(), 1);
    let demo = s.library(loaded[0]).unwrap().unwrap();
    s.load_activities(
        &[LoadedActivity {
            library_id: demo.id,
            region_code: demo.region_code.clone(),
            fields: activity_fields("Demo kegiatan", 3, 5, false),
            status: ReportStatus::Approved,
        }],
        NOW,
    )
    .unwrap();
    let months = [FEBRUARY, MARCH].map(|p| LoadedMonth {
        library_id: demo.id,
        region_code: demo.region_code.clone(),
        period: p,
        figures: figures(40, 20),
        status: ReportStatus::Approved,
        submitted_at: Some(NOW),
    });
    s.load_monthly(&months, NOW).unwrap();
    let k = s.ktak(demo.id).unwrap();
    assert_eq!((k.len(), k[0].year, k[0].visits), (2, 2026, Some(80)), "derived from the approved months");
    s.rebuild_aggregates().unwrap();
    assert_eq!(march(s, Some("35.07.12.2002")).activities, 1);
    let libs = s.library_refs(&LibraryFilter::default(), 100).unwrap();
    assert_eq!(libs.len(), 4);
}
