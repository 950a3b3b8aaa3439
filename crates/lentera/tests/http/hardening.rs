//! Regression tests for what a hostile or unlucky input did before the hardening work
//! (issue 11): each test names its finding and failed on the code before the fix.

use serde_json::Value;

use crate::support::{TestApp, app, client, get_json, login};

async fn post_import(app: &TestApp, token: &str, body: Vec<u8>) -> (u16, Value) {
    let r = client().post(app.url("/api/v1/activities/import")).bearer_auth(token).body(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn healthy(app: &TestApp) {
    assert_eq!(client().get(app.url("/healthz")).send().await.unwrap().status(), 200);
}

fn first_message(e: &Value) -> String {
    e["error"]["fields"][0]["message"].as_str().unwrap_or_default().to_string()
}

/// Creates an event through the API; returns its id.
async fn new_event(app: &TestApp, token: &str, body: &Value) -> i64 {
    let r = client().post(app.url("/api/v1/events")).bearer_auth(token).json(body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// Nominates someone for an event through the API; returns the answer's status and body.
async fn nominate(app: &TestApp, token: &str, event: i64, body: &Value) -> (u16, Value) {
    let url = app.url(&format!("/api/v1/events/{event}/registrations"));
    let r = client().post(url).bearer_auth(token).json(body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// Finding 1: a sheet holding `A1` and its last cell made the reader allocate 512 GiB.
#[tokio::test]
async fn a_sparse_sheet_reaching_the_last_cell_is_refused_not_allocated() {
    let app = app();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Data").unwrap();
    sheet.write_string(0, 0, "id_perpustakaan").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let (s, e) = post_import(app, &app.token("manager_a"), wb.save_to_buffer().unwrap()).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("50000 baris"), "{e}");
    healthy(app).await;
}

/// Finding 4: an XLSX of 3.8 MB unzipping to 1 GB took 4 GB of memory before its 422. Here a
/// real workbook whose sheet is padded to 200 MB once unzipped.
#[tokio::test]
async fn an_xlsx_zip_bomb_is_refused_by_what_it_unzips_to() {
    use std::io::{Read, Write};
    let app = app();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Data").unwrap();
    for (c, h) in ["id_perpustakaan", "tanggal_mulai", "judul", "kategori"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let workbook = wb.save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut part = source.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut xml = Vec::new();
        part.read_to_end(&mut xml).unwrap();
        bomb.start_file(name.as_str(), opts).unwrap();
        match xml.windows(11).position(|w| w == b"<sheetData>") {
            Some(at) if name.contains("worksheets/") => {
                bomb.write_all(&xml[..at + 11]).unwrap();
                let blanks = vec![b' '; 1024 * 1024];
                for _ in 0..200 {
                    bomb.write_all(&blanks).unwrap();
                }
                bomb.write_all(&xml[at + 11..]).unwrap();
            }
            _ => bomb.write_all(&xml).unwrap(),
        }
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let (s, e) = post_import(app, &app.token("manager_a"), bomb).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("80 MB"), "{e}");
    healthy(app).await;
}

/// Finding 4: a 1,000,000-row CSV was read and checked whole (14–58 s, up to 1.8 GB) to
/// answer "1,000,000 errors".
#[tokio::test]
async fn a_million_row_csv_is_refused_at_the_row_limit() {
    let app = app();
    let csv = format!("id_perpustakaan,tanggal_mulai,judul,kategori\n{}", "1,x,x,x\n".repeat(1_000_000));
    let (s, e) = post_import(app, &app.token("manager_a"), csv.into_bytes()).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("50000 baris"), "{e}");
}

/// Finding 14: a date typed in Excel or LibreOffice is a date cell (a serial number with a
/// date format); it read as its serial number and the import said the date was missing.
#[tokio::test]
async fn dates_saved_by_an_office_suite_import_as_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let app = TestApp::start(true);
    let a = app.libs["a"].id;
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Data").unwrap();
    for (c, h) in
        ["id_perpustakaan", "tanggal_mulai", "judul", "kategori", "laki_laki", "perempuan", "dewasa"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, a as f64).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2026, 11, 26).unwrap(), &date).unwrap();
    sheet.write_string(1, 2, "Kelas membatik").unwrap();
    sheet.write_string(1, 3, "Pelatihan keterampilan dan mata pencaharian").unwrap();
    // Numbers typed as numbers and as text with an Indonesian thousands separator.
    sheet.write_number(1, 4, 2.0).unwrap();
    sheet.write_string(1, 5, "18").unwrap();
    sheet.write_formula(1, 6, rust_xlsxwriter::Formula::new("=E2+F2").set_result("20")).unwrap();
    let token = app.token("manager_a");
    let (s, r) = post_import(&app, &token, wb.save_to_buffer().unwrap()).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["imported"], 1, "{r}");
    let (_, list) = get_json(&client(), &app.url(&format!("/api/v1/activities?library_id={a}")), &token).await;
    assert_eq!(list["items"][0]["start_date"], "2026-11-26", "{list}");
}

/// Finding 5: names and titles starting with `=` went raw into CSV exports.
#[tokio::test]
async fn csv_exports_do_not_carry_formulas() {
    let app = TestApp::start(true);
    let token = app.token("admin");
    let evil = "=HYPERLINK(\"http://evil.example\",\"klik\")";
    let r = client()
        .post(app.url("/api/v1/libraries"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": evil, "library_type": "umum_desa", "status": "aktif", "region_code": "35.07.12.2001"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let (c, _) = login(&app, "admin").await;
    let page = c.get(app.url("/perpustakaan/ekspor.csv")).send().await.unwrap().text().await.unwrap();
    let api = client()
        .get(app.url("/api/v1/libraries/export?format=csv"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for export in [&page, &api] {
        assert!(export.contains("\"'=HYPERLINK("), "{export}");
        assert!(!export.contains(",\"=HYPERLINK(") && !export.contains(",=HYPERLINK("), "{export}");
    }
    // The activity export too.
    let a = app.libs["a"].id;
    let csv = format!(
        "id_perpustakaan,tanggal_mulai,judul,kategori,laki_laki,perempuan,dewasa\n{a},14/10/2026,\"=cmd|' /C calc'!A0\",Lingkungan,1,1,2\n"
    );
    let (s, r) = post_import(&app, &token, csv.into_bytes()).await;
    assert_eq!(s, 200, "{r}");
    let export = c.get(app.url("/kegiatan/ekspor.csv")).send().await.unwrap().text().await.unwrap();
    assert!(export.contains("'=cmd|"), "{export}");
    assert!(!export.contains(",\"=cmd") && !export.contains(",=cmd"), "{export}");
}

/// Finding 2: a regency coordinator organising an event nominated people of any province,
/// read their phones from the registration list, then opened and edited their records.
#[tokio::test]
async fn organising_an_event_opens_no_one_outside_ones_scope() {
    use serde_json::json;
    let app = TestApp::start(true);
    let c = client();
    let start = lentera_core::time_fmt::today(lentera_core::region::TimeZone::Wib) + time::Duration::days(30);
    let event = json!({
        "name": "Bimtek Kabupaten Malang", "type_id": 3, "year": start.year(), "batch": 1,
        "province_code": "35", "organiser_region": "35.07", "mode": "luring", "venue": "Aula",
        "start_date": start.to_string(), "end_date": start.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8, "registration_open": true
    });
    let reg = app.token("reg3507");
    let id = new_event(&app, &reg, &event).await;
    let regs = app.url(&format!("/api/v1/events/{id}/registrations"));
    // Someone in Nusa Tenggara Barat, known from another event the admin runs.
    let other = json!({
        "name": "Bimtek NTB", "type_id": 3, "year": start.year(), "batch": 1, "province_code": "52",
        "mode": "luring", "venue": "Mataram", "start_date": start.to_string(), "end_date": start.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let admin = app.token("admin");
    let ntb = new_event(&app, &admin, &other).await;
    let lombok = json!({"person": {"full_name": "Baiq Nurul", "gender": "p", "library_id": app.libs["c"].id,
        "phone": "081300000052", "position": "Pengelola"}});
    let (s, r) = nominate(&app, &admin, ntb, &lombok).await;
    assert_eq!(s, 201);
    let person_id = r["registration"]["person"]["id"].as_i64().unwrap();

    // By id or by new details: refused, and nothing written.
    let r = c.post(&regs).bearer_auth(&reg).json(&json!({"person_id": person_id})).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let mut stranger = lombok.clone();
    stranger["person"]["full_name"] = json!("Lalu Ahmad");
    stranger["person"]["library_id"] = json!(null);
    stranger["person"]["institution"] = json!("Kantor Desa");
    stranger["person"]["region_code"] = json!("52.01.01.2002");
    stranger["person"]["phone"] = json!("081300000099");
    let r = c.post(&regs).bearer_auth(&reg).json(&stranger).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let (_, people) = get_json(&c, &app.url("/api/v1/people?q=lalu"), &admin).await;
    assert_eq!(people["total"], 0, "no half-written person: {people}");
    let (_, list) = get_json(&c, &regs, &reg).await;
    assert!(!list.to_string().contains("081300000052"), "{list}");

    // The record stays closed, to read and to change.
    let (rc, csrf) = login(&app, "reg3507").await;
    assert_eq!(rc.get(app.url(&format!("/orang/{person_id}"))).send().await.unwrap().status(), 404);
    let edit = rc
        .post(app.url(&format!("/orang/{person_id}")))
        .form(&[("_csrf", csrf.as_str()), ("full_name", "Diubah"), ("gender", "l"), ("library_id", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 404);
    let (_, people) = get_json(&c, &app.url("/api/v1/people?q=baiq"), &admin).await;
    assert_eq!(people["items"][0]["full_name"], "Baiq Nurul", "{people}");
}

/// Finding 2: an entry a regional actor made outside their region was hidden from them.
#[tokio::test]
async fn ones_own_audit_entries_are_visible_wherever_they_landed() {
    let app = TestApp::start(true);
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let uid: i64 = db.query_row("SELECT id FROM users WHERE username = 'reg3507'", [], |r| r.get(0)).unwrap();
    db.execute(
        "INSERT INTO audit_log (at, actor_user_id, actor_name, action, entity, entity_id, region_code)
         VALUES (1, ?1, 'reg3507', 'update', 'person', 999, '52.01')",
        [uid],
    )
    .unwrap();
    let (_, mine) = get_json(&client(), &app.url("/api/v1/audit?entity=person"), &app.token("reg3507")).await;
    assert_eq!(mine["total"], 1, "{mine}");
    let (_, province) = get_json(&client(), &app.url("/api/v1/audit?entity=person"), &app.token("prov35")).await;
    assert_eq!(province["total"], 0, "{province}");
}

/// Finding 3: `kembali=/\evil.example` (and `/\/…`, `/<TAB>/…`) redirected to another site;
/// a CR/LF answered 500. The sign-in `lanjut` parameter had the same hole.
#[tokio::test]
async fn redirects_stay_on_this_site() {
    let app = app();
    let c = client();
    for evil in ["/\\evil.example", "/\\/evil.example", "/\t/evil.example", "//evil.example", "https://evil.example"] {
        let url = reqwest::Url::parse_with_params(&app.url("/bahasa/en"), &[("kembali", evil)]).unwrap();
        let r = c.get(url).send().await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/"), "{evil:?}");
    }
    for crlf in ["/%0d%0aSet-Cookie:%20x=1", "/a%0Ab"] {
        let r = c.get(app.url(&format!("/bahasa/id?kembali={crlf}"))).send().await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/"), "{crlf}");
    }
    let ok = c.get(app.url("/bahasa/id?kembali=/acara%3Ftahun%3D2026")).send().await.unwrap();
    assert_eq!(ok.headers()["location"], "/acara?tahun=2026");
    // Signing in with a hostile `lanjut` lands at home.
    let page = c.get(app.url("/masuk?lanjut=/%09/evil.example")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("name=\"lanjut\" value=\"/\""), "{page}");
    let r = c
        .post(app.url("/masuk"))
        .form(&[
            ("_csrf", crate::support::csrf_of(&page).as_str()),
            ("username", "viewer35"),
            ("password", crate::support::PASSWORD),
            ("lanjut", "/\t/evil.example"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/"));
}

/// Finding 10: pages with personal data could be cached; no HSTS with secure cookies.
#[tokio::test]
async fn personal_pages_are_never_stored_and_https_is_pinned() {
    let app = app();
    let (c, _) = login(app, "prov35").await;
    for path in ["/orang", "/akun", "/acara"] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
        assert!(r.headers().get("strict-transport-security").is_none());
    }
    let api = client().get(app.url("/api/v1/people")).bearer_auth(app.token("prov35")).send().await.unwrap();
    assert_eq!(api.headers()["cache-control"], "no-store");
    // Static assets keep their long cache.
    let css = client().get(app.url(concat!("/static/app-", env!("CARGO_PKG_VERSION"), ".css"))).send().await.unwrap();
    assert!(css.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let secure = TestApp::start_configured(|c| c.secure_cookies = true);
    let r = client().get(secure.url("/masuk")).send().await.unwrap();
    assert!(r.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}

async fn draft_activity(app: &TestApp, token: &str) -> i64 {
    let body = serde_json::json!({
        "library_id": app.libs["a"].id, "title": "Kelas foto", "start_date": "2026-10-14", "category_id": 1,
        "participants": {"male": 2, "female": 18, "adults": 20}
    });
    let r = client().post(app.url("/api/v1/activities")).bearer_auth(token).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let mut body = kind.to_vec();
    body.extend(data);
    let mut crc = 0xFFFF_FFFFu32;
    for b in &body {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    out.extend((data.len() as u32).to_be_bytes());
    out.extend(&body);
    out.extend((!crc).to_be_bytes());
}

/// A well-formed PNG header claiming `w`×`h` pixels, with a first slice of image data:
/// what a decoder sees at the start of a small file that inflates to hundreds of MB.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut png, b"IHDR", &ihdr);
    png_chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00]);
    png_chunk(&mut png, b"IEND", &[]);
    png
}

/// Finding 4: a 12000×11000 PNG was decoded (410 MB each); a form with 70 files was decoded
/// one by one although only 10 are allowed.
#[tokio::test]
async fn photos_are_refused_from_their_header_and_their_count() {
    let app = TestApp::start(true);
    let manager = app.token("manager_a");
    let id = draft_activity(&app, &manager).await;
    let r = client()
        .post(app.url(&format!("/api/v1/activities/{id}/photos")))
        .bearer_auth(&manager)
        .header("content-type", "image/png")
        .body(png_claiming(12_000, 11_000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert!(first_message(&e).contains("50 megapiksel"), "{e}");

    let (c, csrf) = login(&app, "manager_a").await;
    let mut form = reqwest::multipart::Form::new().text("_csrf", csrf);
    for i in 0..11 {
        let jpeg = {
            let img = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 100, 50]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
            out.into_inner()
        };
        form = form.part("photo", reqwest::multipart::Part::bytes(jpeg).file_name(format!("f{i}.jpg")));
    }
    let r = c.post(app.url(&format!("/kegiatan/{id}/foto"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Paling banyak 10 foto"));
    let (_, photos) = get_json(&client(), &app.url(&format!("/api/v1/activities/{id}/photos")), &manager).await;
    assert_eq!(photos["items"].as_array().map(Vec::len), Some(0), "none decoded or stored: {photos}");
    healthy(&app).await;
}

async fn sign_in_form(c: &reqwest::Client, base: &str) -> String {
    crate::support::csrf_of(&c.get(format!("{base}/masuk")).send().await.unwrap().text().await.unwrap())
}

async fn sign_in_with(c: &reqwest::Client, base: &str, csrf: &str, username: &str, password: &str) -> u16 {
    let form = [("_csrf", csrf), ("username", username), ("password", password)];
    c.post(format!("{base}/masuk")).form(&form).send().await.unwrap().status().as_u16()
}

async fn sign_in(c: &reqwest::Client, base: &str, username: &str, password: &str) -> u16 {
    let csrf = sign_in_form(c, base).await;
    sign_in_with(c, base, &csrf, username, password).await
}

/// A client whose requests come from another loopback address (another "machine").
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(std::net::IpAddr::from(ip))
        .build()
        .unwrap()
}

/// Finding 6: 50 concurrent attempts on one account checked 12 passwords (limit 5), and
/// anyone could lock any account by failing five times.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_throttling_cannot_be_raced_and_locks_out_only_the_stranger() {
    let app = TestApp::start(true);
    let stranger = client_from([127, 0, 0, 2]);
    let csrf = sign_in_form(&stranger, &app.base).await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (c, base, csrf) = (stranger.clone(), app.base.clone(), csrf.clone());
        set.spawn(async move { sign_in_with(&c, &base, &csrf, "admin", "tebak-tebak-123").await });
    }
    let statuses = set.join_all().await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    assert_eq!(sign_in(&stranger, &app.base, "admin", crate::support::PASSWORD).await, 429);
    // The administrator, from their own machine, signs in at once.
    assert_eq!(sign_in(&client_from([127, 0, 0, 3]), &app.base, "admin", crate::support::PASSWORD).await, 303);
}

/// Finding 7: concurrent retries of one client id sometimes answered 409 with SQLite's own
/// text instead of 200 with the stored report. Storms of simultaneous retries: every answer
/// is the one stored report, created once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_retries_of_one_client_id_all_get_the_stored_report() {
    let app = TestApp::start(true);
    let token = app.token("manager_a");
    for round in 0..25 {
        let body = serde_json::json!({
            "library_id": app.libs["a"].id, "client_id": format!("0b6f3c1e-7d2a-4f4b-9a1e-2c3d4e5f{round:04x}"),
            "title": "Kelas menjahit", "start_date": format!("2026-09-{:02}", round + 1), "category_id": 1,
            "participants": {"male": 2, "female": 18, "adults": 20}
        });
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let (url, token, body) = (app.url("/api/v1/activities"), token.clone(), body.clone());
            set.spawn(async move {
                let r = client().post(url).bearer_auth(token).json(&body).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            });
        }
        let answers = set.join_all().await;
        assert_eq!(answers.iter().filter(|(s, _)| *s == 201).count(), 1, "{answers:?}");
        assert!(answers.iter().all(|(s, t)| (*s == 200 || *s == 201) && !t.contains("UNIQUE")), "{answers:?}");
    }
}

/// Finding 9: silent and half-open connections were never closed and nothing bounded their
/// number. Here a request head must come within a second and three connections are served
/// at once: silent ones are closed, and a real request gets through after them.
#[tokio::test]
async fn silent_connections_are_closed_and_bounded() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::start_configured(|c| {
        c.header_read_timeout = std::time::Duration::from_secs(1);
        c.max_connections = 3;
    });
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut silent = Vec::new();
    for i in 0..3 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        if i == 0 {
            // Half a request head, then nothing.
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        }
        silent.push(s);
    }
    let started = std::time::Instant::now();
    // All slots are taken: this request waits until the silent ones are closed.
    healthy(&app).await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(500), "{:?}", started.elapsed());
    for mut s in silent {
        let mut buf = [0u8; 256];
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf)).await;
        assert!(matches!(n, Ok(Ok(_)) | Ok(Err(_))), "closed within the timeout");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// Finding 11: Zoom's "export with meeting data" puts the meeting under its own header
/// first; the importer took that header for the participants' and counted no one present.
#[tokio::test]
async fn zoom_export_with_meeting_data_counts_the_participants() {
    use serde_json::json;
    let app = TestApp::start(true);
    let c = client();
    let day = lentera_core::time_fmt::today(lentera_core::region::TimeZone::Wib) - time::Duration::days(1);
    let event = json!({
        "name": "Bimtek daring", "type_id": 3, "year": day.year(), "batch": 1, "province_code": "35",
        "organiser_region": "35", "mode": "daring", "meeting_link": "https://zoom.us/j/1",
        "start_date": day.to_string(), "end_date": day.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let prov = app.token("prov35");
    let id = new_event(&app, &prov, &event).await;
    for (name, phone, email) in
        [("Siti Aminah", "081200000011", Some("siti@desa.id")), ("Budi Santoso", "081200000012", None)]
    {
        let body = json!({"person": {"full_name": name, "gender": "p", "library_id": app.libs["a"].id,
            "phone": phone, "email": email}});
        assert_eq!(nominate(&app, &prov, id, &body).await.0, 201);
    }
    let us = |t: &str| format!("{}/{}/{} {t}", day.month() as u8, day.day(), day.year());
    let zoom = format!(
        "Topic,Meeting ID,Host Name,Host Email,Start Time,End Time,User Name (Original Name),Email,Duration (Minutes),Participants\n\
         Bimtek daring,812 3456 7890,Panitia,host@perpusnas.go.id,{a},{b},Panitia,host@perpusnas.go.id,480,4\n\
         \n\
         Name (Original Name),Email,Join Time,Leave Time,Duration (Minutes),Guest,In Waiting Room\n\
         Siti Aminah,siti@desa.id,{a},{n},240,Yes,No\n\
         Siti Aminah,siti@desa.id,{p},{q},120,Yes,No\n\
         Budi Santoso,,{a},{b},480,Yes,No\n\
         Galaxy A12,,{a},{b},480,Yes,No\n",
        a = us("08:00:00 AM"),
        b = us("04:00:00 PM"),
        n = us("12:00:00 PM"),
        p = us("01:00:00 PM"),
        q = us("03:00:00 PM"),
    );
    let r = c
        .post(app.url(&format!("/api/v1/events/{id}/attendance/conference")))
        .bearer_auth(&prov)
        .json(&json!({"day": day.to_string(), "csv": zoom}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r: Value = r.json().await.unwrap();
    assert_eq!(r["present"], 2, "Siti (240 + 120 of 480 minutes) and Budi: {r}");
    let unmatched: Vec<&str> = r["unmatched"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(unmatched, ["Galaxy A12"], "{r}");
}

/// Finding 13: numbers that mislead. In the demo the last month's reports had no submission
/// time ("on time 0 (0%)" while most had reported); twelve-month spans showed the same
/// comparison twice; the month that has just begun was scored red on the library page.
#[tokio::test]
async fn numbers_do_not_mislead() {
    let app = TestApp::start_with_demo();
    let admin = app.token("admin");
    let (_, last) = get_json(&client(), &app.url("/api/v1/completeness"), &admin).await;
    let (reported, on_time) = (last["reported"].as_i64().unwrap(), last["on_time"].as_i64().unwrap());
    assert!(reported > 0 && on_time > 0, "{last}");

    let c = crate::support::client();
    let page = c.get(app.url("/masuk")).send().await.unwrap().text().await.unwrap();
    let form = [
        ("_csrf", crate::support::csrf_of(&page)),
        ("username", "admin".into()),
        ("password", "lentera-demo-2026".into()),
    ];
    assert_eq!(c.post(app.url("/masuk")).form(&form).send().await.unwrap().status(), 303);
    // The default span is the last twelve months: one comparison column, not two equal ones.
    let dash = c.get(app.url("/dasbor")).send().await.unwrap().text().await.unwrap();
    assert!(dash.contains("vs 12 bulan sebelumnya") && !dash.contains("vs tahun lalu"), "{dash}");
    let all = c.get(app.url("/indikator")).send().await.unwrap().text().await.unwrap();
    assert!(all.contains("vs 12 bulan sebelumnya") && !all.contains("vs tahun lalu"));
    // A quarter keeps both.
    let year = c.get(app.url("/dasbor?periode=2024-Q2")).send().await.unwrap().text().await.unwrap();
    assert!(year.contains("vs periode sebelumnya") && year.contains("vs tahun lalu"));

    // A programme library's page: this month is in progress, not red.
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let lib: i64 = db
        .query_row("SELECT id FROM libraries WHERE programme_tier IS NOT NULL ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let page = c.get(app.url(&format!("/perpustakaan/{lib}"))).send().await.unwrap().text().await.unwrap();
    let strip = &page[page.find("id=\"kpi-bulanan\"").expect("KPI strip")..];
    let strip = &strip[..strip.find("</ul>").unwrap()];
    let newest = &strip[strip.rfind("<li").unwrap()..];
    assert!(newest.contains("Berjalan") && !newest.contains("Merah"), "{newest}");
}

/// UU 27/2022: who opened a person's record is logged; a person's data is exported on
/// request; a person can be anonymised, their participation kept as counts.
#[tokio::test]
async fn personal_data_is_logged_exported_and_anonymised() {
    use serde_json::json;
    let app = TestApp::start(true);
    let c = client();
    let start = lentera_core::time_fmt::today(lentera_core::region::TimeZone::Wib) + time::Duration::days(10);
    let event = json!({
        "name": "Bimtek Jawa Timur", "type_id": 3, "year": start.year(), "batch": 1, "province_code": "35",
        "organiser_region": "35", "mode": "luring", "venue": "Surabaya", "start_date": start.to_string(),
        "end_date": start.to_string(), "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let prov = app.token("prov35");
    let event_id = new_event(&app, &prov, &event).await;
    let body = json!({"person": {"full_name": "Sri Wahyuni", "gender": "p", "library_id": app.libs["a"].id,
        "phone": "081277770001", "email": "sri@desa.id"}});
    let id = nominate(&app, &prov, event_id, &body).await.1["registration"]["person"]["id"].as_i64().unwrap();

    // Opening the record is logged.
    let (reg, _) = login(&app, "reg3507").await;
    let page = reg.get(app.url(&format!("/orang/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sri Wahyuni") && page.contains("Anonimkan orang ini"));
    let (_, log) = get_json(&c, &app.url(&format!("/api/v1/audit?entity=person&entity_id={id}")), &prov).await;
    let views: Vec<&Value> = log["items"].as_array().unwrap().iter().filter(|e| e["action"] == "view").collect();
    assert_eq!(views.len(), 1, "{log}");
    assert_eq!(views[0]["actor_name"], "reg3507", "{log}");

    // The export holds the record, the history and the log; managers may not export.
    let (s, data) = get_json(&c, &app.url(&format!("/api/v1/people/{id}/export")), &prov).await;
    assert_eq!(s, 200, "{data}");
    assert_eq!(data["person"]["fields"]["phone"], "081277770001", "{data}");
    assert_eq!(data["training_history"].as_array().unwrap().len(), 1);
    assert!(data["log"].to_string().contains("\"view\""), "{data}");
    assert_eq!(get_json(&c, &app.url(&format!("/api/v1/people/{id}/export")), &app.token("manager_a")).await.0, 403);
    let file = reg.get(app.url(&format!("/orang/{id}/data.json"))).send().await.unwrap();
    assert_eq!(file.headers()["content-type"], "application/json");

    // Anonymised: name and contacts gone (from the audit trail too), the registration stays.
    let anonymise = app.url(&format!("/api/v1/people/{id}/anonymise"));
    assert_eq!(c.post(&anonymise).bearer_auth(app.token("manager_a")).send().await.unwrap().status(), 403);
    assert_eq!(c.post(&anonymise).bearer_auth(&prov).send().await.unwrap().status(), 204);
    assert_eq!(c.post(&anonymise).bearer_auth(&prov).send().await.unwrap().status(), 409);
    let (_, data) = get_json(&c, &app.url(&format!("/api/v1/people/{id}/export")), &prov).await;
    let text = data.to_string();
    assert!(!text.contains("Sri Wahyuni") && !text.contains("081277770001") && !text.contains("sri@desa.id"), "{text}");
    assert_eq!(data["person"]["fields"]["full_name"], format!("Anonim #{id}"));
    let (_, regs) = get_json(&c, &app.url(&format!("/api/v1/events/{event_id}/registrations")), &prov).await;
    assert_eq!(regs["items"].as_array().unwrap().len(), 1, "{regs}");
}
