//! The advocacy brief: its PDF text (pdftotext) holds the approved figures, checked against
//! counts of our own, the plan's ask and the money leveraged, and no personal data; the
//! public page carries an Open Graph preview.

use lentera_core::access::Actor;
use lentera_core::activity::ActivityInput;
use lentera_core::advocacy::{Owner, StakeholderInput};
use lentera_core::monthly::Period;
use lentera_core::region::TimeZone;
use lentera_core::reporting::{ReviewPolicy, Transition};
use lentera_core::services::workplans::{self, Start};
use lentera_core::services::{activities, advocacy, review};
use lentera_core::workplan::{BudgetLineInput, NeedInput, PlanInput};
use lentera_test_support::{TestApp, today};

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// How many images the PDF holds (`pdfimages -list`: two header lines, one line each).
fn pdf_images(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out =
        std::process::Command::new("pdfimages").arg("-list").arg(&path).output().expect("pdfimages (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().count().saturating_sub(2)
}

#[tokio::test]
async fn the_brief_shows_approved_figures_and_no_personal_data() {
    let app = TestApp::start(true);
    let lib = &app.libs["a"];
    let op = Actor::operator();
    let policy = ReviewPolicy::default();
    let today = today(TimeZone::Wib);
    let year = today.year();
    let last_month = Period::of(today).previous().first_day().to_string();

    // Two approved activities last month (one with a story told with consent), one draft, one
    // approved story without consent.
    let report = |title: &str, female: &str, story: Option<(&str, bool)>| ActivityInput {
        title: title.into(),
        start_date: last_month.clone(),
        category_id: "1".into(),
        male: Some("3".into()),
        female: Some(female.into()),
        disabled: Some("1".into()),
        story: story.map(|s| s.0.into()),
        story_consent: story.is_some_and(|s| s.1),
        ..Default::default()
    };
    for (input, approve) in [
        (report("Kelas menjahit", "17", Some(("Bu Sari kini menerima pesanan jahitan.", true))), true),
        (report("Klub baca", "9", Some(("Rahasia keluarga Pak Budi", false))), true),
        (report("Belum disetujui", "40", None), false),
    ] {
        let (a, _) = activities::create(&app.env, &op, lib.id, None, &input).unwrap();
        if input.story_consent {
            // A photo of the story, shown with it.
            let img = image::RgbImage::from_fn(400, 300, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
            let mut jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&img).unwrap();
            let files = app.db_path().parent().unwrap().join("files");
            lentera_web::photos::add_to_activity(&app.env, &op, &files, a.id, &jpeg).unwrap();
        }
        if approve {
            for t in [Transition::Submit, Transition::Verify, Transition::Approve] {
                review::transition(&app.env, &op, policy, a.id, t, None).unwrap();
            }
        }
    }
    // The plan in force: a need, an ADD ask still open and a CSR line already approved.
    let content = PlanInput {
        summary: Some("Perpustakaan desa menjadi pusat keterampilan ibu-ibu.".into()),
        needs: vec![NeedInput {
            problem: "Ibu rumah tangga belum berpenghasilan".into(),
            need: "Keterampilan menjahit".into(),
            source: "musyawarah".into(),
            ..Default::default()
        }],
        lines: vec![
            BudgetLineInput {
                source: "add".into(),
                description: "Mesin jahit".into(),
                proposed: "15000000".into(),
                ..Default::default()
            },
            BudgetLineInput {
                source: "pihak_ketiga".into(),
                description: "Kain".into(),
                proposed: "4000000".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let (plan, _) = workplans::create(&app.env, &op, lib.id, None, year, Start::Content(content)).unwrap();
    for t in [Transition::Submit, Transition::Approve] {
        review::transition(&app.env, &op, policy, plan.id, t, None).unwrap();
    }
    workplans::record_outcome(&app.env, &op, plan.id, 2, Some("3.500.000"), None).unwrap();
    let owner = Owner { library_id: Some(lib.id), library_name: None, region_code: lib.region_code.clone() };
    let head = StakeholderInput {
        name: "Bapak Sutrisno".into(),
        kind: "kepala_desa".into(),
        role: "decision_maker".into(),
        phone: Some("0812-3456-7890".into()),
        ..Default::default()
    };
    advocacy::create_stakeholder(&app.env, &op, &owner, &head).unwrap();

    let anonymous = reqwest::Client::new();
    let r = anonymous
        .get(app.url(&format!("/ringkasan/{}/pdf?untuk=kepala_desa&tahun={year}", lib.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "shared with budget holders: no sign-in");
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    let text = pdftotext(&pdf);
    assert_eq!(pdf_images(&pdf), 1, "the story's photo");

    // Independent counts of the approved figures.
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let (n, people, women): (i64, i64, i64) = db
        .query_row(
            "SELECT count(*), sum(male + female), sum(female) FROM activities WHERE library_id = ? AND status = 'approved'",
            [lib.id.get()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, people, women), (2, 32, 26));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&format!("{n} kegiatan disetujui dengan {people} peserta ({women} perempuan")), "{flat}");
    assert!(flat.contains("Perpustakaan desa menjadi pusat keterampilan ibu-ibu."));
    assert!(flat.contains("Ibu rumah tangga belum berpenghasilan"));
    assert!(flat.contains("Kami memohon dukungan sebesar Rp 15.000.000"), "the open ADD ask for the village head");
    assert!(flat.contains("4.3.1 Hibah dan Sumbangan Pihak Ketiga (CSR): Rp 3.500.000"), "money leveraged: {flat}");
    assert!(flat.contains("Bu Sari kini menerima pesanan jahitan."), "a story told with consent");
    for private in ["Rahasia keluarga", "0812-3456-7890", "Sutrisno", "Pengguna manager_a"] {
        assert!(!flat.contains(private), "no personal data: {private}");
    }
    assert!(!flat.contains("40 peserta") && !flat.contains("Belum disetujui"), "drafts do not count");

    // The company is asked only for what it decides: nothing left (the CSR line is approved).
    let r = anonymous
        .get(app.url(&format!("/ringkasan/{}/pdf?untuk=perusahaan&tahun={year}", lib.id)))
        .send()
        .await
        .unwrap();
    let company = pdftotext(&r.bytes().await.unwrap()).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(company.contains("Semua permintaan untuk pihak ini sudah tercatat disetujui"));

    let page = anonymous.get(app.url(&format!("/ringkasan/{}", lib.id))).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("property=\"og:title\"")
            && page.contains("og:description")
            && page.contains(&format!("{n} kegiatan"))
    );
    assert!(!page.contains("0812-3456-7890"));
    let bad = anonymous.get(app.url(&format!("/ringkasan/{}?untuk=raja", lib.id))).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    let missing = anonymous.get(app.url("/ringkasan/999999/pdf")).send().await.unwrap();
    assert_eq!(missing.status(), 404);

    // The regency's brief: the same approved figures counted independently for the regency,
    // its libraries' open ask, the money leveraged, and no personal data.
    let (rn, rpeople, rwomen): (i64, i64, i64) = db
        .query_row(
            "SELECT count(*), sum(male + female), sum(female) FROM activities
             WHERE region_code >= '35.07' AND region_code < '35.07~' AND status = 'approved'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let region_pdf = |code: &str, audience: &str| {
        let url = app.url(&format!("/ringkasan/wilayah/{code}/pdf?untuk={audience}&tahun={year}"));
        let client = anonymous.clone();
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            pdftotext(&r.bytes().await.unwrap()).split_whitespace().collect::<Vec<_>>().join(" ")
        }
    };
    let regency = region_pdf("35.07", "kepala_desa").await;
    assert!(
        regency.contains("RINGKASAN ADVOKASI PERPUSTAKAAN DAERAH")
            && regency.contains("Kabupaten Malang 35.07 · Jawa Timur"),
        "{regency}"
    );
    assert!(
        regency.contains(&format!("{rn} kegiatan disetujui dengan {rpeople} peserta ({rwomen} perempuan")),
        "{regency}"
    );
    assert!(regency.contains("Kami memohon dukungan sebesar Rp 15.000.000"), "{regency}");
    assert!(regency.contains("4.3.1 Hibah dan Sumbangan Pihak Ketiga (CSR): Rp 3.500.000"), "{regency}");
    for private in ["Rahasia keluarga", "0812-3456-7890", "Sutrisno", "Bu Sari"] {
        assert!(!regency.contains(private), "no personal data: {private}");
    }
    let bappeda = region_pdf("35", "bappeda").await;
    assert!(bappeda.contains("Tidak ada usulan terbuka untuk pihak ini"), "{bappeda}");
    let page = anonymous.get(app.url("/ringkasan/wilayah/35.07")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("og:title") && page.contains(&format!("{rn} kegiatan")), "{page}");
    for not_a_regency in ["35.07.01", "35.07.01.2001", "99", "x"] {
        let r = anonymous.get(app.url(&format!("/ringkasan/wilayah/{not_a_regency}"))).send().await.unwrap();
        assert_eq!(r.status(), 404, "{not_a_regency}");
    }
}
