//! The work-plan port: revisions with their rows, stale and locked edits, the unique
//! revision, recorded amounts carried across revisions, activity links, and a region's sums
//! over each library's plan in force.

use lentera_core::Error;
use lentera_core::Unique;
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::reporting::{Report, ReportStatus, StatusChange};
use lentera_core::workplan::{
    BudgetLineInput, BudgetOutcome, FundingSource, NeedInput, PlanContent, PlanInput, PlanLink, PlannedActivityInput,
    SourceSums, WorkPlanFilter,
};

use super::reports::{activity_fields, approved};
use super::{Fresh, NOW, audit, library};

fn content(proposed: &[(&str, i64)]) -> PlanContent {
    PlanInput {
        summary: Some("Perpustakaan sebagai pusat belajar warga".into()),
        needs: vec![NeedInput {
            problem: "Ibu rumah tangga belum berpenghasilan".into(),
            need: "Keterampilan usaha".into(),
            group: "Ibu rumah tangga".into(),
            source: "musyawarah".into(),
            ..Default::default()
        }],
        activities: vec![PlannedActivityInput {
            title: "Pelatihan menjahit".into(),
            category_id: "1".into(),
            month: "3".into(),
            target_group: "Ibu rumah tangga".into(),
            target_participants: "30".into(),
            need_no: Some("1".into()),
            ..Default::default()
        }],
        lines: proposed
            .iter()
            .map(|(source, amount)| BudgetLineInput {
                source: source.to_string(),
                description: "Bahan dan narasumber".into(),
                activity_no: Some("1".into()),
                proposed: amount.to_string(),
                ..Default::default()
            })
            .collect(),
    }
    .validate(&[1])
    .expect("valid plan")
}

pub fn check(f: &Fresh) {
    let s = f.store();
    let village = library(s, "Perpustakaan Desa Sukamaju", "32.04.05.2001", Some(2024));
    let other = library(s, "Perpustakaan Desa Lain", "35.07.01.2001", Some(2024));
    let client = "7f0e6a52-6c35-4f43-9d0a-3a2b9c1d0e11";

    let big = 900_000_000_000_000; // integer rupiah near the largest accepted amount
    let first = content(&[("add", 15_000_000), ("swadaya", big)]);
    let plan = s.insert_work_plan(&village, Some(client), 2026, 1, &first, NOW, audit("work_plan")).unwrap();
    assert_eq!((plan.year, plan.revision, plan.status, plan.version), (2026, 1, ReportStatus::Draft, 1));
    assert_eq!(plan.content, first, "rows read back as written");
    assert_eq!(plan.content.proposed_total(), 15_000_000 + big);
    assert_eq!(s.work_plan(plan.id).unwrap().unwrap().library_name, "Perpustakaan Desa Sukamaju");
    assert_eq!(s.work_plan_by_client_id(client).unwrap().unwrap().id, plan.id);
    assert!(matches!(
        s.insert_work_plan(&village, None, 2026, 1, &first, NOW, audit("work_plan")),
        Err(Error::Duplicate(Unique::WorkPlanRevision))
    ));
    assert!(matches!(
        s.insert_work_plan(&village, Some(client), 2027, 1, &first, NOW, audit("work_plan")),
        Err(Error::Duplicate(Unique::ClientId))
    ));

    // Edits: the version must match and the plan must be editable.
    let second = content(&[("add", 20_000_000)]);
    assert!(matches!(s.update_work_plan(plan.id, 7, &second, NOW, audit("work_plan")), Err(Error::Stale)));
    let plan = s.update_work_plan(plan.id, 1, &second, NOW + 1, audit("work_plan")).unwrap();
    assert_eq!((plan.version, plan.content.lines.len(), plan.content.lines[0].proposed), (2, 1, 20_000_000));
    s.change_status(
        &StatusChange::of(&plan, ReportStatus::Submitted, None, NOW),
        audit(lentera_core::reporting::ReportKind::WorkPlan.status_entity()),
    )
    .unwrap();
    assert!(matches!(s.update_work_plan(plan.id, 3, &first, NOW, audit("work_plan")), Err(Error::Stale)), "locked");
    let plan = approved(s, &s.work_plan(plan.id).unwrap().unwrap());

    // Amounts recorded for a line are kept per library-year and carried by a revision.
    let outcome = BudgetOutcome { approved: Some(15_000_000), realised: Some(12_500_000) };
    s.record_budget_outcome(village.id, 2026, 1, outcome, NOW, audit("budget_line")).unwrap();
    s.record_budget_outcome(village.id, 2026, 1, outcome, NOW, audit("budget_line")).unwrap();
    let revised =
        s.insert_work_plan(&village, None, 2026, 2, &plan.content, NOW, audit("work_plan")).unwrap().content.lines;
    assert_eq!((revised[0].approved, revised[0].realised), (Some(15_000_000), Some(12_500_000)));
    let revisions = s.work_plan_revisions(village.id, 2026).unwrap();
    assert_eq!(revisions.iter().map(|p| p.revision).collect::<Vec<_>>(), [2, 1], "latest first");

    // Activity links and what approved activities drew.
    let a = s
        .insert_activity(&village, None, &activity_fields("Menjahit", 10, 20, false), None, NOW, audit("activity"))
        .unwrap();
    let unplanned = s
        .insert_activity(&village, None, &activity_fields("Dongeng", 12, 5, false), None, NOW, audit("activity"))
        .unwrap();
    assert_eq!(s.activity_plan_link(a.id).unwrap(), PlanLink::default());
    let link = PlanLink { planned_no: Some(1), draws: vec![(1, 10_000_000)] };
    s.set_activity_plan_link(a.id, &link, audit("activity_plan_link")).unwrap();
    assert_eq!(s.activity_plan_link(a.id).unwrap(), link);
    assert!(s.actual_activities(village.id, 2026).unwrap().is_empty(), "only approved activities count");
    approved(s, &a);
    approved(s, &unplanned);
    let actual = s.actual_activities(village.id, 2026).unwrap();
    assert_eq!(actual.len(), 2);
    assert_eq!(
        (actual[0].planned_no, actual[0].participants, actual[0].draws.clone()),
        (Some(1), 24, vec![(1, 10_000_000)])
    );
    assert_eq!((actual[1].planned_no, actual[1].draws.len()), (None, 0));
    assert!(s.actual_activities(village.id, 2025).unwrap().is_empty(), "another year");

    // A region sums each library's plan in force (the approved revision 1; revision 2 is a draft).
    let other_plan = s.insert_work_plan(&other, None, 2026, 1, &first, NOW, audit("work_plan")).unwrap();
    let region = RegionCode::parse("32").unwrap();
    let sums = s.region_plan_summary(Some(&region), 2026).unwrap();
    assert_eq!((sums.plans_approved, sums.plans_open), (1, 0));
    assert_eq!((sums.planned_activities, sums.planned_participants), (1, 30));
    assert_eq!((sums.reported_activities, sums.reported_participants), (1, 24));
    assert_eq!(
        sums.by_source,
        [(
            FundingSource::AlokasiDanaDesa,
            SourceSums { proposed: 20_000_000, approved: 15_000_000, realised: 12_500_000, drawn: 10_000_000 }
        )]
    );
    let nation = s.region_plan_summary(None, 2026).unwrap();
    assert_eq!((nation.plans_approved, nation.plans_open), (1, 1), "the other library's draft is open");
    assert!(s.region_plan_summary(Some(&region), 2025).unwrap().by_source.is_empty());
    // The budget leveraged, per region, year and source, from the approved revision in force.
    let (jan, dec) = (
        lentera_core::monthly::Period { year: 2026, month: 1 },
        lentera_core::monthly::Period { year: 2026, month: 12 },
    );
    let members = lentera_core::library::ProgrammeLibraries::members();
    let facts = s.advocacy_facts(Some(&region), jan, dec, members).unwrap();
    assert_eq!(
        facts.budget_approved,
        [lentera_core::advocacy::BudgetFact {
            region: village.region_code.clone(),
            year: 2026,
            source: FundingSource::AlokasiDanaDesa,
            rupiah: 15_000_000
        }]
    );

    // Clearing: an empty outcome and an empty link remove them.
    s.record_budget_outcome(village.id, 2026, 1, BudgetOutcome::default(), NOW, audit("budget_line")).unwrap();
    assert_eq!(s.work_plan(plan.id).unwrap().unwrap().content.lines[0].approved, None);
    s.set_activity_plan_link(a.id, &PlanLink::default(), audit("activity_plan_link")).unwrap();
    assert_eq!(s.activity_plan_link(a.id).unwrap(), PlanLink::default());

    // Libraries that have not sent a plan: the other library's plan is only a draft.
    let members = lentera_core::library::ProgrammeLibraries::members();
    let (n, missing) = s.libraries_without_plan(None, 2026, &members, 10).unwrap();
    assert_eq!((n, missing.iter().map(|m| m.library_id).collect::<Vec<_>>()), (1, vec![other.id]));
    let (n, _) = s.libraries_without_plan(Some(&region), 2026, &members, 10).unwrap();
    assert_eq!(n, 0, "the village's plan was approved");
    assert_eq!(s.libraries_without_plan(None, 2030, &members, 1).unwrap().0, 2);

    // The budget calendar keeps the steps a deployment moved.
    use lentera_core::calendar::BudgetStep;
    assert!(s.budget_calendar().unwrap().overrides.is_empty());
    s.save_budget_step(BudgetStep::Rkpdes, Some((8, 31)), audit("budget_calendar")).unwrap();
    s.save_budget_step(BudgetStep::Rkpdes, Some((9, 15)), audit("budget_calendar")).unwrap();
    assert_eq!(s.budget_calendar().unwrap().overrides, [(BudgetStep::Rkpdes, 9, 15)]);
    s.save_budget_step(BudgetStep::Rkpdes, None, audit("budget_calendar")).unwrap();
    assert!(s.budget_calendar().unwrap().overrides.is_empty());

    // Lists: by place, year and status, newest year first.
    let list = |f: WorkPlanFilter| s.list_work_plans(&f, PageRequest::new(None, Some(10))).unwrap();
    assert_eq!(list(WorkPlanFilter::default()).total, 3);
    assert_eq!(list(WorkPlanFilter { region: Some(region.clone()), ..Default::default() }).total, 2);
    assert_eq!(list(WorkPlanFilter { library_id: Some(other.id), ..Default::default() }).items[0].id, other_plan.id);
    let approved_only = list(WorkPlanFilter { status: Some(ReportStatus::Approved), ..Default::default() });
    assert_eq!((approved_only.total, approved_only.items[0].id()), (1, plan.id));
    assert_eq!(list(WorkPlanFilter { year: Some(2027), ..Default::default() }).total, 0);
}
