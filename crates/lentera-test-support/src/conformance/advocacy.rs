//! The advocacy port: stakeholders of a library and of an office, the ones a library may
//! name, advocacy with who was met, commitments read with what is recorded for their line,
//! stale edits, client ids, filters.

use lentera_core::Error;
use lentera_core::advocacy::CommitmentFilter;
use lentera_core::advocacy::{
    AdvocacyFilter, AdvocacyInput, CommitmentInput, CommitmentKind, CommitmentStanding, Owner, StakeholderFilter,
    StakeholderInput,
};
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::workplan::{BudgetOutcome, PlanContent};

use super::{Fresh, NOW, audit, library};

fn person(name: &str, kind: &str) -> StakeholderInput {
    StakeholderInput {
        name: name.into(),
        kind: kind.into(),
        role: "decision_maker".into(),
        phone: Some("0812 1111 2222".into()),
        since: Some("2024-01-15".into()),
        ..Default::default()
    }
}

pub fn check(f: &Fresh) {
    let s = f.store();
    let village = library(s, "Perpustakaan Desa Sukamaju", "32.04.05.2001", Some(2024));
    let elsewhere = library(s, "Perpustakaan Desa Lain", "35.07.01.2001", Some(2024));
    let mine = Owner { library_id: Some(village.id), library_name: None, region_code: village.region_code.clone() };
    let office = Owner { library_id: None, library_name: None, region_code: RegionCode::parse("32.04").unwrap() };
    let far = Owner { library_id: Some(elsewhere.id), library_name: None, region_code: elsewhere.region_code.clone() };

    let head = s
        .insert_stakeholder(
            &mine,
            &person("Bapak Kepala Desa", "kepala_desa").validate().unwrap(),
            NOW,
            audit("stakeholder"),
        )
        .unwrap();
    assert_eq!(
        (head.owner.library_name.as_deref(), head.phone.as_deref()),
        (Some("Perpustakaan Desa Sukamaju"), Some("0812 1111 2222"))
    );
    let bappeda = s
        .insert_stakeholder(
            &office,
            &person("Kepala Bappeda", "bappeda").validate().unwrap(),
            NOW,
            audit("stakeholder"),
        )
        .unwrap();
    let other = s
        .insert_stakeholder(
            &far,
            &person("Kepala Desa Lain", "kepala_desa").validate().unwrap(),
            NOW,
            audit("stakeholder"),
        )
        .unwrap();
    let renamed = StakeholderInput { name: "Ibu Kepala Desa".into(), ..person("", "kepala_desa") }.validate().unwrap();
    assert!(matches!(s.update_stakeholder(head.id, 9, &renamed, NOW, audit("stakeholder")), Err(Error::Stale)));
    let head = s.update_stakeholder(head.id, 1, &renamed, NOW, audit("stakeholder")).unwrap();
    assert_eq!((head.name.as_str(), head.version), ("Ibu Kepala Desa", 2));
    assert_eq!(s.stakeholder(head.id).unwrap().unwrap().since, Some(time::macros::date!(2024 - 01 - 15)));

    let nameable: Vec<i64> =
        s.stakeholders_for(Some(village.id), &village.region_code).unwrap().iter().map(|x| x.id).collect();
    assert_eq!(nameable, [head.id, bappeda.id], "its own first, then its offices'; not another village's");
    let list = |f: StakeholderFilter| s.list_stakeholders(&f, PageRequest::new(None, Some(10))).unwrap();
    assert_eq!(list(StakeholderFilter::default()).total, 3);
    assert_eq!(
        list(StakeholderFilter { region: Some(RegionCode::parse("32").unwrap()), ..Default::default() }).total,
        2
    );
    assert_eq!(list(StakeholderFilter { query: Some("bappeda".into()), ..Default::default() }).items[0].id, bappeda.id);
    assert_eq!(list(StakeholderFilter { library_id: Some(elsewhere.id), ..Default::default() }).items[0].id, other.id);

    // Advocacy with who was met; a retried client id finds it.
    let fields = AdvocacyInput {
        date: "2026-03-10".into(),
        kind: "audiensi".into(),
        message: "Perpustakaan desa butuh dukungan ADD".into(),
        stakeholder_ids: vec![head.id.to_string(), bappeda.id.to_string()],
        ..Default::default()
    }
    .validate(time::macros::date!(2026 - 03 - 15), &nameable)
    .unwrap();
    let client = "1f0e6a52-6c35-4f43-9d0a-3a2b9c1d0e22";
    let a = s.insert_advocacy(&mine, Some(client), &fields, None, NOW, audit("advocacy")).unwrap();
    assert_eq!(a.met.len(), 2);
    assert_eq!(s.advocacy_by_client_id(client).unwrap().unwrap().id, a.id);
    assert!(matches!(s.update_advocacy(a.id, 5, &fields, NOW, audit("advocacy")), Err(Error::Stale)));
    let fewer = lentera_core::advocacy::AdvocacyFields { stakeholder_ids: vec![head.id], ..fields.clone() };
    assert_eq!(
        s.update_advocacy(a.id, 1, &fewer, NOW, audit("advocacy")).unwrap().met,
        [(head.id, "Ibu Kepala Desa".to_string())]
    );

    // A promise of money read with what its line records.
    let promise = CommitmentInput {
        stakeholder_id: head.id.to_string(),
        kind: "money".into(),
        description: "ADD untuk kelas menjahit".into(),
        source: Some("add".into()),
        amount: Some("15000000".into()),
        year: "2027".into(),
        line_no: Some("1".into()),
        ..Default::default()
    }
    .validate(&[head.id], 2026)
    .unwrap();
    let c = s.insert_commitment(a.id, &promise, NOW, audit("commitment")).unwrap();
    assert_eq!(
        (c.kind, c.amount, c.line_no, c.recorded),
        (CommitmentKind::Money, Some(15_000_000), Some(1), BudgetOutcome::default())
    );
    s.insert_work_plan(&village, None, 2027, 1, &PlanContent::default(), NOW, audit("work_plan")).unwrap();
    s.record_budget_outcome(
        village.id,
        2027,
        1,
        BudgetOutcome { approved: Some(15_000_000), realised: None },
        NOW,
        audit("budget_line"),
    )
    .unwrap();
    let c = s.commitment(c.id).unwrap().unwrap();
    assert_eq!(
        (c.recorded.approved, c.standing(time::macros::date!(2027 - 01 - 01))),
        (Some(15_000_000), CommitmentStanding::KeptFully)
    );
    s.resolve_commitment(c.id, Some(CommitmentStanding::Lapsed), None, NOW, audit("commitment")).unwrap();
    let c = s.commitment(c.id).unwrap().unwrap();
    assert_eq!((c.resolution, c.line_no), (Some(CommitmentStanding::Lapsed), None));
    assert!(matches!(s.resolve_commitment(999_999, None, None, NOW, audit("commitment")), Err(Error::NotFound)));
    assert_eq!(s.advocacy(a.id).unwrap().unwrap().commitments.len(), 1);

    let by = |f: CommitmentFilter| s.commitments(&f, 100).unwrap().len();
    assert_eq!(by(CommitmentFilter::default()), 1);
    assert_eq!(by(CommitmentFilter { stakeholder_id: Some(bappeda.id), ..Default::default() }), 0);
    assert_eq!(by(CommitmentFilter { region: Some(RegionCode::parse("35").unwrap()), ..Default::default() }), 0);
    assert_eq!(by(CommitmentFilter { year: Some(2027), library_id: Some(village.id), ..Default::default() }), 1);

    let listed = |f: AdvocacyFilter| s.list_advocacy(&f, PageRequest::new(None, Some(10))).unwrap().total;
    assert_eq!(listed(AdvocacyFilter { year: Some(2026), ..Default::default() }), 1);
    assert_eq!(listed(AdvocacyFilter { year: Some(2025), ..Default::default() }), 0);
    assert_eq!(listed(AdvocacyFilter { stakeholder_id: Some(head.id), ..Default::default() }), 1);
    assert_eq!(listed(AdvocacyFilter { stakeholder_id: Some(bappeda.id), ..Default::default() }), 0);
    assert_eq!(
        listed(AdvocacyFilter { kind: Some(lentera_core::advocacy::AdvocacyKind::Media), ..Default::default() }),
        0
    );

    // Activity partners: the text awaits matching until the activity links a stakeholder;
    // new stakeholders are made in the same transaction as the links.
    use lentera_core::partners::Target;
    let with_text = lentera_core::activity::ActivityFields {
        partners: Some("PKK, Karang Taruna".into()),
        ..super::reports::activity_fields("Menjahit", 10, 5, false)
    };
    let act = s.insert_activity(&village, None, &with_text, None, NOW, audit("activity")).unwrap();
    let plain = s
        .insert_activity(
            &village,
            None,
            &super::reports::activity_fields("Dongeng", 11, 5, false),
            None,
            NOW,
            audit("activity"),
        )
        .unwrap();
    let (n, waiting) = s.unlinked_partner_texts(village.id, 10).unwrap();
    assert_eq!(
        (n, waiting.len(), waiting[0].activity_id, waiting[0].text.as_str()),
        (1, 1, act.id, "PKK, Karang Taruna")
    );
    assert_eq!(s.unlinked_partner_texts(elsewhere.id, 10).unwrap().0, 0);
    let targets = vec![
        Target::Existing { stakeholder_id: head.id },
        Target::New { name: "Karang Taruna".into() },
        Target::New { name: "Karang Taruna".into() },
    ];
    let made = s.link_activity_partners(&mine, &[(act.id, targets)], NOW, audit("activity_partners")).unwrap();
    assert_eq!(made, 1, "one stakeholder per new name");
    let linked = s.activity_partners(act.id).unwrap();
    assert_eq!(linked.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(), ["Ibu Kepala Desa", "Karang Taruna"]);
    let new = s.stakeholder(linked[1].0).unwrap().unwrap();
    assert_eq!((new.owner.library_id, new.role), (Some(village.id), lentera_core::advocacy::StakeholderRole::Partner));
    assert_eq!(s.unlinked_partner_texts(village.id, 10).unwrap().0, 0, "matched");
    assert!(s.activity_partners(plain.id).unwrap().is_empty());
    // A missing stakeholder fails the whole batch: nothing is linked or made.
    let broken =
        [(plain.id, vec![Target::New { name: "Puskesmas".into() }, Target::Existing { stakeholder_id: 999_999 }])];
    assert!(s.link_activity_partners(&mine, &broken, NOW, audit("activity_partners")).is_err());
    assert!(s.activity_partners(plain.id).unwrap().is_empty());
    let names = s.stakeholders_for(Some(village.id), &village.region_code).unwrap();
    assert!(!names.iter().any(|x| x.name == "Puskesmas"), "the new stakeholder was rolled back");
    // Replacing with nothing clears the links.
    s.link_activity_partners(&mine, &[(act.id, vec![])], NOW, audit("activity_partners")).unwrap();
    assert!(s.activity_partners(act.id).unwrap().is_empty());
}
