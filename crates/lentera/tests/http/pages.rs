//! Pages: sign-in and its throttle, the first-run setup link, browsing regions, editing a
//! library through the form, accounts, language switch, page weight.

use lentera_test_support::{PASSWORD, TestApp, app, client, csrf_of, login};

#[tokio::test]
async fn browse_from_nation_to_a_village() {
    let app = app();
    let c = client();
    let nation = c.get(app.url("/wilayah")).send().await.unwrap().text().await.unwrap();
    assert!(nation.contains("Jawa Timur") && nation.contains("Papua Pegunungan"));
    for (code, expect) in [("35", "Kabupaten Malang"), ("35.07", "Kepanjen"), ("35.07.12", "Desa/Kelurahan")] {
        let page = c.get(app.url(&format!("/wilayah/{code}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(expect), "{code} shows {expect}");
    }
    let village = c.get(app.url("/wilayah/35.07.12.2001")).send().await.unwrap().text().await.unwrap();
    assert!(village.contains("35.07.12.2001") && village.contains("WIB"));
    let search = c.get(app.url("/wilayah/cari?q=soka%22an")).send().await.unwrap().text().await.unwrap();
    assert!(search.contains("Krejengan"), "search shows the path");
    let maluku = c.get(app.url("/wilayah/81")).send().await.unwrap().text().await.unwrap();
    assert!(maluku.contains("WIT"));
}

#[tokio::test]
async fn every_page_is_light() {
    let app = app();
    let (c, _) = login(app, "admin").await;
    for p in [
        "/",
        "/wilayah",
        "/wilayah/35",
        "/wilayah/35.07.12",
        "/perpustakaan",
        "/perpustakaan/baru",
        "/pengguna",
        "/audit",
        "/akun",
        "/kegiatan",
        "/kotak-masuk",
        "/daftar-isian/kategori-kegiatan",
        "/daftar-isian/jenis-acara",
        "/acara",
        "/acara/baru",
        "/orang",
        "/laporan-bulanan",
        "/kelengkapan",
    ] {
        let r = c.get(app.url(p)).header("accept-encoding", "identity").send().await.unwrap();
        assert_eq!(r.status(), 200, "{p}");
        let len = r.bytes().await.unwrap().len();
        assert!(len < 50 * 1024, "{p} is {len} bytes");
    }
}

#[tokio::test]
async fn edit_a_library_through_the_form_and_see_it_audited() {
    let app = TestApp::start(true);
    let (c, csrf) = login(&app, "reg3507").await;
    let id = app.libs["a"].id;
    let form = c.get(app.url(&format!("/perpustakaan/{id}/ubah"))).send().await.unwrap().text().await.unwrap();
    let csrf_form = csrf_of(&form);
    assert_eq!(csrf_form, csrf);
    // Bad input: messages beside the fields, nothing written.
    let bad = [
        ("_csrf", csrf.as_str()),
        ("name", ""),
        ("library_type", "umum_desa"),
        ("region_code", "35.07.12.2001"),
        ("version", "1"),
        ("email", "x@"),
    ];
    let r = c.post(app.url(&format!("/perpustakaan/{id}/ubah"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Nama perpustakaan wajib diisi.") && html.contains("Alamat email tidak sah."));
    let good = [
        ("_csrf", csrf.as_str()),
        ("name", "Perpustakaan Desa Kepanjen Maju"),
        ("library_type", "umum_desa"),
        ("status", "aktif"),
        ("region_code", "35.07.12.2001"),
        ("version", "1"),
        ("phone", "0813 1111 2222"),
    ];
    let r = c.post(app.url(&format!("/perpustakaan/{id}/ubah"))).form(&good).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let show =
        c.get(app.url(&format!("/perpustakaan/{id}?pesan=tersimpan"))).send().await.unwrap().text().await.unwrap();
    assert!(show.contains("Perpustakaan Desa Kepanjen Maju") && show.contains("Perubahan tersimpan."));
    // Submitting the same stale form again is a conflict, not a silent overwrite.
    let r = c.post(app.url(&format!("/perpustakaan/{id}/ubah"))).form(&good).send().await.unwrap();
    assert_eq!(r.status(), 409);
    let audit = c.get(app.url("/audit?entity=library")).send().await.unwrap().text().await.unwrap();
    assert!(audit.contains("reg3507") && audit.contains("Kepanjen Maju"));
    // No CSRF token, no change.
    let r = c.post(app.url(&format!("/perpustakaan/{id}/ubah"))).form(&good[1..]).send().await.unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn sign_in_is_throttled_after_repeated_failures() {
    let app = TestApp::start(true);
    let c = client();
    let page = c.get(app.url("/masuk")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&page);
    for _ in 0..5 {
        let r = c
            .post(app.url("/masuk"))
            .form(&[("_csrf", csrf.as_str()), ("username", "trainer"), ("password", "salah-salah")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.text().await.unwrap().contains("Nama pengguna atau kata sandi salah."));
    }
    let r = c
        .post(app.url("/masuk"))
        .form(&[("_csrf", csrf.as_str()), ("username", "trainer"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "even the right password waits");
    // Other accounts are not locked by it.
    login(&app, "viewer35").await;
}

#[tokio::test]
async fn first_run_setup_link_works_once() {
    let app = TestApp::start(false);
    let token = lentera_core::services::accounts::setup_token_if_needed(&app.env).unwrap().unwrap();
    let c = client();
    let page = c.get(app.url(&format!("/setup/{token}"))).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&page);
    let r = c
        .post(app.url(&format!("/setup/{token}")))
        .form(&[("_csrf", csrf.as_str()), ("username", "ab"), ("full_name", "A"), ("password", "pendek")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "bad input does not burn the link");
    let r = c
        .post(app.url(&format!("/setup/{token}")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "kepala"),
            ("full_name", "Kepala Pusat"),
            ("password", "sandi-admin-pertama"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let home = c.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("Kepala Pusat") && home.contains("Administrator nasional"));
    assert_eq!(client().get(app.url(&format!("/setup/{token}"))).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn password_changes_and_resets() {
    let app = TestApp::start(true);
    let (c, csrf) = login(&app, "manager_a").await;
    let r = c
        .post(app.url("/akun/sandi"))
        .form(&[("_csrf", csrf.as_str()), ("current_password", "salah"), ("new_password", "sandi-baru-panjang")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Kata sandi saat ini salah."));
    let r = c
        .post(app.url("/akun/sandi"))
        .form(&[("_csrf", csrf.as_str()), ("current_password", PASSWORD), ("new_password", "sandi-baru-panjang")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // The regency coordinator resets it; the manager's session ends.
    let (coord, ccsrf) = login(&app, "reg3507").await;
    let users = coord.get(app.url("/pengguna")).send().await.unwrap().text().await.unwrap();
    assert!(users.contains("manager_a"));
    let id = lentera_core::store::AccountStore::user_secret(app.store.as_ref(), "manager_a").unwrap().unwrap().user.id;
    let r = coord
        .post(app.url(&format!("/pengguna/{id}/sandi")))
        .form(&[("_csrf", ccsrf.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = c.get(app.url("/akun")).send().await.unwrap();
    assert_eq!(r.status(), 303, "old session ended");
    login(&app, "manager_a").await;
}

#[tokio::test]
async fn english_switch() {
    let app = app();
    let c = client();
    let r = c.get(app.url("/bahasa/en?kembali=/wilayah")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/wilayah");
    let page = c.get(app.url("/wilayah")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Regions of Indonesia") && page.contains("lang=\"en\""));
    let missing = c.get(app.url("/tidak-ada")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("Page not found"));
    // Redirects never leave the site.
    let r = c.get(app.url("/bahasa/id?kembali=//evil.example")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/");
}

#[tokio::test]
async fn equipment_through_the_library_page() {
    let app = TestApp::start(true);
    let (c, csrf) = login(&app, "manager_a").await;
    let id = app.libs["a"].id;
    let page = c.get(app.url(&format!("/perpustakaan/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Belum ada peralatan tercatat.") && page.contains("Catat peralatan"));
    let form = [
        ("_csrf", csrf.as_str()),
        ("item", "printer"),
        ("quantity", "1"),
        ("year_received", "2024"),
        ("condition", "baik"),
        ("in_use", "1"),
    ];
    let r = c.post(app.url(&format!("/perpustakaan/{id}/peralatan"))).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let page = c.get(app.url(&format!("/perpustakaan/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Printer") && page.contains("2024"));
    let bad = [("_csrf", csrf.as_str()), ("item", "printer"), ("quantity", "nol"), ("condition", "baik")];
    let r = c.post(app.url(&format!("/perpustakaan/{id}/peralatan"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Jumlah harus bilangan bulat"));
}
