//! HTML pages, one module per resource, and their routes. Paths are Indonesian, as users see
//! them. Request plumbing is [`crate::http`]'s; layout and components are [`crate::html`]'s.

mod account;
mod activities;
mod advocacy;
mod agreements;
mod attendance;
mod audit;
mod auth;
mod brief;
mod calendar;
mod catalogue;
mod dashboard;
mod documents;
mod event_reports;
mod events;
mod home;
mod imports;
mod inbox;
mod iplm;
pub(crate) mod kpi;
mod libraries;
mod lists;
mod monthly;
mod open_data;
mod owners;
mod participants;
mod partners;
mod pivot;
mod plan_links;
mod portal;
mod regions;
mod report_imports;
pub(crate) mod review;
mod training;
mod users;
mod workplans;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use lentera_core::Error;
use lentera_core::activity::Activity;
use lentera_core::monthly::MonthlyReport;
use lentera_core::workplan::WorkPlan;

use crate::AppState;
use crate::http::PageError;

pub fn routes(state: &AppState) -> Router<AppState> {
    let upload_limit = axum::extract::DefaultBodyLimit::max(state.config.max_upload_bytes);
    Router::new()
        .route("/", get(home::show))
        .route("/tentang-data", get(home::data_notice))
        .route("/bahasa/{lang}", get(home::switch_lang))
        .route("/masuk", get(auth::login_form).post(auth::login))
        .route("/keluar", post(auth::logout))
        .route("/setup/{token}", get(auth::setup_form).post(auth::setup))
        .route("/wilayah", get(regions::nation))
        .route("/wilayah/cari", get(regions::search))
        .route("/wilayah/{code}", get(regions::show))
        .route("/perpustakaan", get(libraries::list))
        .route("/perpustakaan/baru", get(libraries::new_form).post(libraries::create))
        .route("/perpustakaan/ekspor.csv", get(libraries::export_csv))
        .route("/perpustakaan/ekspor.xlsx", get(libraries::export_xlsx))
        .route("/perpustakaan/templat.csv", get(libraries::template_csv))
        .route("/perpustakaan/templat.xlsx", get(libraries::template_xlsx))
        .route("/perpustakaan/impor", get(libraries::import_form).post(libraries::import).layer(upload_limit))
        .route("/perpustakaan/{id}", get(libraries::show))
        .route("/perpustakaan/{id}/linimasa", get(libraries::timeline))
        .route("/perpustakaan/{id}/ubah", get(libraries::edit_form).post(libraries::update))
        .route("/perpustakaan/{id}/hapus", post(libraries::delete))
        .route("/perpustakaan/{id}/ktak", post(libraries::save_ktak))
        .route("/perpustakaan/{id}/peralatan", post(libraries::add_equipment))
        .route("/perpustakaan/{id}/peralatan/{eid}", post(libraries::update_equipment))
        .route("/perpustakaan/{id}/peralatan/{eid}/hapus", post(libraries::delete_equipment))
        .route("/pengguna", get(users::list))
        .route("/pengguna/baru", get(users::new_form).post(users::create))
        .route("/pengguna/{id}", get(users::edit_form).post(users::update))
        .route("/pengguna/{id}/sandi", post(users::reset_password))
        .route("/akun", get(account::show))
        .route("/akun/sandi", post(account::change_password))
        .route("/akun/token", post(account::create_token))
        .route("/akun/token/{id}/cabut", post(account::revoke_token))
        .route("/audit", get(audit::list))
        .route("/kegiatan", get(activities::list))
        .route("/kegiatan/baru", get(activities::new_form).post(activities::create))
        .route(
            "/kegiatan/impor",
            get(report_imports::activities_form).post(report_imports::activities_import).layer(upload_limit),
        )
        .route("/kegiatan/templat.xlsx", get(report_imports::activities_template_xlsx))
        .route("/kegiatan/templat.csv", get(report_imports::activities_template_csv))
        .route(
            "/laporan-bulanan/impor",
            get(report_imports::monthly_form).post(report_imports::monthly_import).layer(upload_limit),
        )
        .route("/laporan-bulanan/templat.xlsx", get(report_imports::monthly_template_xlsx))
        .route("/laporan-bulanan/templat.csv", get(report_imports::monthly_template_csv))
        .route("/laporan-bulanan/ekspor.csv", get(report_imports::monthly_export_csv))
        .route("/laporan-bulanan/ekspor.xlsx", get(report_imports::monthly_export_xlsx))
        .route("/kegiatan/ekspor.csv", get(activities::export_csv))
        .route("/kegiatan/ekspor.xlsx", get(activities::export_xlsx))
        .route("/kegiatan/{id}", get(activities::show))
        .route("/kegiatan/{id}/ubah", get(activities::edit_form).post(activities::update))
        .route("/kegiatan/{id}/status", post(review::transition::<Activity>))
        .route(
            "/kegiatan/{id}/foto",
            post(activities::upload_photos).layer(axum::extract::DefaultBodyLimit::max(105 * 1024 * 1024)),
        )
        .route("/kegiatan/{id}/foto/{pid}/hapus", post(activities::delete_photo))
        .route("/foto/{name}", get(activities::photo))
        .route("/foto/{name}/kecil", get(activities::photo_thumb))
        .route("/kegiatan/{id}/rencana", post(activities::link_activity))
        .route("/kegiatan/{id}/mitra", get(partners::choose).post(partners::save))
        .route("/kegiatan/mitra", get(partners::helper).post(partners::confirm))
        .route("/pemangku-kepentingan", get(advocacy::people))
        .route("/pemangku-kepentingan/baru", get(advocacy::new_person).post(advocacy::create_person))
        .route("/pemangku-kepentingan/ekspor.csv", get(advocacy::people_csv))
        .route("/pemangku-kepentingan/ekspor.xlsx", get(advocacy::people_xlsx))
        .route("/pemangku-kepentingan/{id}", get(advocacy::person))
        .route("/pemangku-kepentingan/{id}/ubah", get(advocacy::edit_person).post(advocacy::update_person))
        .route("/advokasi", get(advocacy::list))
        .route("/advokasi/baru", get(advocacy::new_advocacy).post(advocacy::create_advocacy))
        .route("/advokasi/ekspor.csv", get(advocacy::export_csv))
        .route("/advokasi/ekspor.xlsx", get(advocacy::export_xlsx))
        .route("/advokasi/{id}", get(advocacy::advocacy))
        .route("/advokasi/{id}/ubah", get(advocacy::edit_advocacy).post(advocacy::update_advocacy))
        .route("/advokasi/{id}/janji", post(advocacy::add_commitment))
        .route("/janji/{id}", post(advocacy::resolve_commitment))
        .route("/regulasi", get(agreements::regulations))
        .route("/regulasi/ekspor.csv", get(agreements::regulations_csv))
        .route("/regulasi/ekspor.xlsx", get(agreements::regulations_xlsx))
        .route("/regulasi/baru", get(agreements::new_regulation).post(agreements::create_regulation))
        .route("/regulasi/{id}", get(agreements::regulation))
        .route("/regulasi/{id}/ubah", get(agreements::edit_regulation).post(agreements::update_regulation))
        .route("/kemitraan", get(agreements::partnerships))
        .route("/kemitraan/ekspor.csv", get(agreements::partnerships_csv))
        .route("/kemitraan/ekspor.xlsx", get(agreements::partnerships_xlsx))
        .route("/kemitraan/baru", get(agreements::new_partnership).post(agreements::create_partnership))
        .route("/kemitraan/{id}", get(agreements::partnership))
        .route("/kemitraan/{id}/ubah", get(agreements::edit_partnership).post(agreements::update_partnership))
        .route(
            "/dokumen/unggah/{kind}/{id}",
            post(documents::upload)
                .layer(axum::extract::DefaultBodyLimit::max(lentera_core::agreements::MAX_DOCUMENT_BYTES + 64 * 1024)),
        )
        .route("/dokumen/{name}", get(documents::download))
        .route("/dokumen/{name}/hapus", post(documents::delete))
        .route("/rencana-kerja", get(workplans::list))
        .route("/rencana-kerja/baru", get(workplans::new_form).post(workplans::create))
        .route("/rencana-kerja/belum", get(calendar::missing_page))
        .route("/rencana-kerja/templat.xlsx", get(workplans::template))
        .route("/rencana-kerja/ekspor.csv", get(workplans::export_csv))
        .route("/rencana-kerja/ekspor.xlsx", get(workplans::export_xlsx))
        .route("/rencana-kerja/{id}/rkpdes.xlsx", get(workplans::export_plan))
        .route("/rencana-kerja/{id}/impor", post(workplans::import).layer(upload_limit))
        .route("/rencana-kerja/belum.csv", get(calendar::missing_csv))
        .route("/kalender-anggaran", get(calendar::show).post(calendar::save))
        .route("/ringkasan/{id}", get(brief::show))
        .route("/ringkasan/{id}/pdf", get(brief::pdf))
        .route("/ringkasan/wilayah/{code}", get(brief::show_region))
        .route("/ringkasan/wilayah/{code}/pdf", get(brief::pdf_region))
        .route("/rencana-kerja/{id}", get(workplans::show))
        .route("/rencana-kerja/{id}/baris", post(workplans::add_row))
        .route("/rencana-kerja/{id}/hapus", post(workplans::remove_row))
        .route("/rencana-kerja/{id}/realisasi", post(workplans::record_outcome))
        .route("/rencana-kerja/{id}/revisi", post(workplans::revise))
        .route("/rencana-kerja/{id}/status", post(review::transition::<WorkPlan>))
        .route("/kotak-masuk", get(inbox::show))
        .route("/laporan-bulanan", get(monthly::list))
        .route("/kelengkapan", get(monthly::completeness))
        .route("/kelengkapan/belum-lapor.csv", get(monthly::missing_csv))
        .route("/dasbor", get(dashboard::show))
        .route("/dasbor/dhis2.json", get(dashboard::dhis2))
        .route("/indikator", get(catalogue::index))
        .route("/indikator.csv", get(catalogue::index_csv))
        .route("/indikator.xlsx", get(catalogue::index_xlsx))
        .route("/indikator/{code}", get(catalogue::show))
        .route("/indikator/{code}/tabel.csv", get(catalogue::show_csv))
        .route("/indikator/{code}/tabel.xlsx", get(catalogue::show_xlsx))
        .route("/katalog-indikator", get(catalogue::catalogue_page).post(catalogue::create))
        .route("/katalog-indikator/baru", get(catalogue::new_form))
        .route("/katalog-indikator/{id}", get(catalogue::edit_form).post(catalogue::update))
        .route("/iplm", get(iplm::show))
        .route("/pivot", get(pivot::show))
        .route("/data-terbuka", get(open_data::show))
        .route("/data-terbuka.csv", get(open_data::csv))
        .route("/pivot.csv", get(pivot::csv))
        .route("/pivot.xlsx", get(pivot::xlsx))
        .route("/iplm/penduduk", get(iplm::population_form).post(iplm::population_import).layer(upload_limit))
        .route("/iplm/resmi", get(iplm::published_form).post(iplm::published_import).layer(upload_limit))
        .route("/kinerja", get(kpi::show))
        .route("/kinerja.csv", get(kpi::csv))
        .route("/laporan-bulanan/baru", get(monthly::new_form).post(monthly::create))
        .route("/laporan-bulanan/{id}", get(monthly::show))
        .route("/laporan-bulanan/{id}/ubah", get(monthly::edit_form).post(monthly::update))
        .route("/laporan-bulanan/{id}/status", post(review::transition::<MonthlyReport>))
        .route("/kategori", get(|| async { axum::response::Redirect::permanent("/daftar-isian/kategori-kegiatan") }))
        .route("/daftar-isian/{list}", get(lists::show).post(lists::add))
        .route("/daftar-isian/{list}/{id}", post(lists::save))
        .route("/acara", get(events::list))
        .route("/acara/baru", get(events::new_form).post(events::create))
        .route("/acara/kalender", get(events::calendar))
        .route("/acara/laporan", get(event_reports::year))
        .route("/acara/laporan.xlsx", get(event_reports::year_xlsx))
        .route("/acara/{id}/laporan.xlsx", get(event_reports::event_xlsx))
        .route("/acara/{id}/daftar-hadir.pdf", get(event_reports::attendance_pdf))
        .route("/acara/{id}", get(events::show))
        .route("/acara/{id}/ubah", get(events::edit_form).post(events::update))
        .route("/acara/{id}/hapus", post(events::delete))
        .route("/acara/{id}/kuota", post(events::save_quotas))
        .route("/acara/{id}/sesi", post(events::add_session))
        .route("/acara/{id}/sesi/{sid}/hapus", post(events::delete_session))
        .route("/acara/{id}/peserta", get(participants::list))
        .route("/acara/{id}/peserta/baru", get(participants::nominate_form).post(participants::nominate))
        .route("/acara/{id}/peserta/{rid}/status", post(participants::set_status))
        .route("/acara/{id}/presensi", get(attendance::show).post(attendance::save))
        .route("/acara/{id}/presensi/qr", get(attendance::qr))
        .route(
            "/acara/{id}/presensi/zoom",
            get(attendance::zoom_form).post(attendance::zoom_import).layer(upload_limit),
        )
        .route("/acara/{id}/presensi/zoom/cocokkan", post(attendance::zoom_assign))
        .route("/daftar/{code}", get(participants::public_form).post(participants::public_register))
        .route("/hadir/{token}", get(attendance::checkin_form).post(attendance::checkin))
        .route("/acara/{id}/tes/{kind}", get(training::test_form).post(training::save_test))
        .route("/acara/{id}/hasil", get(training::results))
        .route("/acara/{id}/sertifikat", get(training::certificates))
        .route("/acara/{id}/sertifikat/terbitkan", post(training::issue))
        .route("/acara/{id}/sertifikat/{file}", get(training::certificate_file))
        .route("/acara/{id}/sertifikat/{cid}/cabut", post(training::revoke))
        .route("/bank-soal", get(training::bank).post(training::add_question))
        .route("/bank-soal/{id}/status", post(training::question_status))
        .route("/verifikasi", get(training::verify_form))
        .route("/verifikasi/{number}", get(training::verify))
        .route("/ikut/{id}", get(portal::start).post(portal::enter))
        .route("/ikut/{id}/tes/{kind}", post(portal::take_test))
        .route("/ikut/{id}/tes/{kind}/kirim", post(portal::submit_test))
        .route("/ikut/{id}/evaluasi", post(portal::evaluate))
        .route("/ikut/{id}/tindak-lanjut", post(portal::follow_up))
        .route("/ikut/{id}/sertifikat", post(portal::certificate))
        .route("/orang", get(participants::people))
        .route("/orang/duplikat", get(participants::duplicates))
        .route("/orang/gabung", post(participants::merge))
        .route("/orang/{id}", get(participants::person).post(participants::update_person))
        .route("/orang/{id}/data.json", get(participants::export_person))
        .route("/orang/{id}/anonimkan", post(participants::anonymise_person))
}

pub async fn not_found() -> impl IntoResponse {
    PageError(Error::NotFound)
}
