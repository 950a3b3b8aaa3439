//! The agreements port: regulations with the advocacy behind them, partnerships with what
//! each party brings, documents; stale edits and filters.

use lentera_core::Error;
use lentera_core::advocacy::{AdvocacyInput, Owner, StakeholderInput};
use lentera_core::agreements::{
    AgreementFilter, Contribution, DocumentOwner, NewDocument, PartnershipInput, RegulationInput, RegulationStatus,
};
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;

use super::{Fresh, NOW, audit, library};

pub fn check(f: &Fresh) {
    let s = f.store();
    let village = library(s, "Perpustakaan Desa Sukamaju", "32.04.05.2001", Some(2024));
    let mine = Owner { library_id: Some(village.id), library_name: None, region_code: village.region_code.clone() };
    let office = Owner { library_id: None, library_name: None, region_code: RegionCode::parse("35.07").unwrap() };
    let head = StakeholderInput {
        name: "Kepala Desa".into(),
        kind: "kepala_desa".into(),
        role: "decision_maker".into(),
        ..Default::default()
    };
    let head = s.insert_stakeholder(&mine, &head.validate().unwrap(), NOW, audit("stakeholder")).unwrap();
    let today = time::macros::date!(2026 - 03 - 15);
    let met = AdvocacyInput {
        date: "2026-03-01".into(),
        kind: "bpd_hearing".into(),
        message: "Perdes".into(),
        stakeholder_ids: vec![head.id.to_string()],
        ..Default::default()
    };
    let hearing = s
        .insert_advocacy(&mine, None, &met.validate(today, &[head.id]).unwrap(), None, NOW, audit("advocacy"))
        .unwrap();

    let draft = RegulationInput {
        title: "Perdes Perpustakaan Desa".into(),
        level: "perdes".into(),
        status: "draft".into(),
        advocacy_ids: vec![hearing.id.to_string()],
        ..Default::default()
    };
    let reg = s
        .insert_regulation(&mine, &draft.validate(&[hearing.id], None, today).unwrap(), NOW, audit("regulation"))
        .unwrap();
    assert_eq!(
        (reg.status, reg.advocacy_ids.clone(), reg.owner.library_name.as_deref()),
        (RegulationStatus::Draft, vec![hearing.id], Some("Perpustakaan Desa Sukamaju"))
    );
    let enacted = RegulationInput {
        status: "enacted".into(),
        number: Some("3 Tahun 2026".into()),
        enacted_on: Some("2026-03-10".into()),
        advocacy_ids: vec![],
        ..draft
    };
    let fields = enacted.validate(&[hearing.id], Some(reg.status), today).unwrap();
    assert!(matches!(s.update_regulation(reg.id, 9, &fields, NOW, audit("regulation")), Err(Error::Stale)));
    let reg = s.update_regulation(reg.id, 1, &fields, NOW + 1, audit("regulation")).unwrap();
    assert_eq!(
        (reg.status, reg.number.as_deref(), reg.version, reg.advocacy_ids.len()),
        (RegulationStatus::Enacted, Some("3 Tahun 2026"), 2, 0)
    );
    assert_eq!(s.regulation(reg.id).unwrap().unwrap().enacted_on, Some(time::macros::date!(2026 - 03 - 10)));
    assert!(s.regulation(999_999).unwrap().is_none());
    let perbup = RegulationInput {
        title: "Perbup TPBIS".into(),
        level: "perbup".into(),
        status: "discussed".into(),
        ..Default::default()
    };
    s.insert_regulation(&office, &perbup.validate(&[], None, today).unwrap(), NOW, audit("regulation")).unwrap();
    let regs = |f: AgreementFilter| s.list_regulations(&f, PageRequest::new(None, Some(10))).unwrap();
    assert_eq!(regs(AgreementFilter::default()).total, 2);
    assert_eq!(
        regs(AgreementFilter { region: Some(RegionCode::parse("32").unwrap()), ..Default::default() }).items[0].id,
        reg.id
    );
    assert_eq!(regs(AgreementFilter { library_id: Some(village.id), ..Default::default() }).total, 1);

    let mou = PartnershipInput {
        title: "MoU pojok baca".into(),
        partner: "PT Sumber Rejeki".into(),
        stakeholder_id: Some(head.id.to_string()),
        starts_on: "2026-01-01".into(),
        ends_on: Some("2026-12-31".into()),
        library_brings: vec!["venue".into()],
        partner_brings: vec!["money".into(), "goods".into()],
        value: Some("25000000".into()),
        ..Default::default()
    }
    .validate(&[head.id])
    .unwrap();
    let p = s.insert_partnership(&mine, &mou, NOW, audit("partnership")).unwrap();
    assert_eq!(
        (p.partner_brings.clone(), p.library_brings.clone(), p.value),
        (vec![Contribution::Money, Contribution::Goods], vec![Contribution::Venue], Some(25_000_000))
    );
    assert!(matches!(s.update_partnership(p.id, 3, &mou, NOW, audit("partnership")), Err(Error::Stale)));
    let longer = lentera_core::agreements::PartnershipFields { ends_on: None, ..mou };
    let p = s.update_partnership(p.id, 1, &longer, NOW, audit("partnership")).unwrap();
    assert_eq!((p.ends_on, p.version), (None, 2));
    assert_eq!(s.partnership(p.id).unwrap().unwrap().starts_on, time::macros::date!(2026 - 01 - 01));
    assert_eq!(s.list_partnerships(&AgreementFilter::default(), PageRequest::new(None, Some(5))).unwrap().total, 1);

    // The advocacy indicators' facts of a region and span.
    use lentera_core::monthly::Period;
    let (jan, dec) = (Period { year: 2026, month: 1 }, Period { year: 2026, month: 12 });
    let west_java = RegionCode::parse("32").unwrap();
    let members = lentera_core::library::ProgrammeLibraries::members();
    let facts = s.advocacy_facts(Some(&west_java), jan, dec, members).unwrap();
    assert_eq!(facts.advocacy, [(village.region_code.clone(), Period { year: 2026, month: 3 })]);
    assert_eq!(facts.regulations_enacted, [(village.region_code.clone(), Period { year: 2026, month: 3 })]);
    assert_eq!(facts.partnerships_active, std::slice::from_ref(&village.region_code), "open-ended: still running");
    assert_eq!((facts.commitments.len(), facts.budget_approved.len()), (0, 0));
    assert_eq!(facts.plans, [(village.region_code.clone(), false)], "a member without an approved plan");
    let elsewhere = s.advocacy_facts(Some(&RegionCode::parse("35").unwrap()), jan, dec, members).unwrap();
    assert!(elsewhere.advocacy.is_empty() && elsewhere.partnerships_active.is_empty());
    assert!(
        s.advocacy_facts(None, Period { year: 2025, month: 1 }, Period { year: 2025, month: 12 }, members)
            .unwrap()
            .advocacy
            .is_empty()
    );

    let doc = NewDocument {
        owner: DocumentOwner::Regulation,
        owner_id: reg.id,
        name: "abc123".into(),
        filename: "perdes.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: 1234,
    };
    let d = s.insert_document(&doc, NOW, audit("document")).unwrap();
    assert!(s.insert_document(&doc, NOW, audit("document")).is_err(), "a stored name is unique");
    assert_eq!(s.documents_of(DocumentOwner::Regulation, reg.id).unwrap().len(), 1);
    assert!(s.documents_of(DocumentOwner::Partnership, reg.id).unwrap().is_empty());
    assert_eq!(s.document("abc123").unwrap().unwrap().filename, "perdes.pdf");
    s.delete_document(d.id, audit("document")).unwrap();
    assert!(s.document("abc123").unwrap().is_none());
    assert!(matches!(s.delete_document(d.id, audit("document")), Err(Error::NotFound)));
}
