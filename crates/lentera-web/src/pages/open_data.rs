//! Open data (`/data-terbuka`, no sign-in): national and regional aggregates of approved
//! reports and of advocacy (advocacy activities, regulations enacted, partnerships running,
//! budgets won) with CSV downloads under CC BY 4.0. Aggregates only — never names or
//! contacts — and counts below five are shown as "<5" so a small place cannot point at a
//! person; rupiah approved in village budgets are public figures and are shown whole.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use lentera_core::advocacy::AdvocacyTotals;
use lentera_core::indicators::{ActivityCounts, MonthlyCounts};
use lentera_core::region::RegionCode;
use lentera_core::services::indicators::{self, open_count};
use lentera_core::services::regions;
use lentera_core::time_fmt::number;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page};
use crate::http::PageResult;

const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/deed.id";

#[derive(Deserialize, Default)]
pub struct OpenQuery {
    region: Option<String>,
    tahun: Option<String>,
}

type Row = (String, String, ActivityCounts, MonthlyCounts, AdvocacyTotals);

struct OpenData {
    region: Option<RegionCode>,
    year: i32,
    rows: Vec<Row>,
    activities: ActivityCounts,
    monthly: MonthlyCounts,
    advocacy: AdvocacyTotals,
}

async fn data(state: &AppState, q: &OpenQuery) -> Result<OpenData, lentera_core::Error> {
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let year = match q.tahun.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2018..=today.year()).contains(y))
            .ok_or_else(|| lentera_core::Error::field("tahun", "Tahun tidak valid.", "Invalid year."))?,
        None => today.year() - 1,
    };
    let region = q.region.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(RegionCode::parse).transpose()?;
    let (from, to) = indicators::parse_span(Some(&year.to_string()), None, None, today)?;
    state
        .run(move |s| {
            let sum = indicators::open_summary(s, region.clone(), from, to)?;
            let (by_region, advocacy) = indicators::open_advocacy(s, region.as_ref(), from, to)?;
            let names = regions::children(s, region.as_ref().map(|r| r.as_str()))?;
            let rows = names
                .into_iter()
                .map(|c| {
                    let code = c.region.code.to_string();
                    let (a, m) = sum
                        .children
                        .iter()
                        .find(|(x, _, _)| x.as_str() == code)
                        .map(|(_, a, m)| (*a, *m))
                        .unwrap_or_default();
                    let adv = by_region.get(&code).copied().unwrap_or_default();
                    (code, c.region.name, a, m, adv)
                })
                .collect();
            Ok(OpenData { region, year, rows, activities: sum.activities, monthly: sum.monthly, advocacy })
        })
        .await
}

fn shown(n: i64, lang: lentera_core::i18n::Lang) -> String {
    open_count(n).map(|v| number(v, lang)).unwrap_or_else(|| "<5".into())
}

fn csv_cell(n: i64) -> String {
    open_count(n).map(|v| v.to_string()).unwrap_or_else(|| "<5".into())
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(q): Query<OpenQuery>) -> PageResult {
    let OpenData { region, year, rows, activities: total, monthly, advocacy } = data(&state, &q).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let here = region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let body = html! {
        h1 { (t("Data terbuka TPBIS ", "TPBIS open data ")) (year) }
        p { (t("Angka agregat dari laporan kegiatan dan laporan bulanan perpustakaan yang sudah disetujui. Tanpa data pribadi; angka di bawah 5 ditampilkan \"<5\".", "Aggregates of approved activity and monthly library reports. No personal data; counts below 5 show as \"<5\".")) }
        p { (t("Lisensi: ", "Licence: ")) a href=(LICENCE_URL) rel="license" { "Creative Commons Atribusi 4.0 (CC BY 4.0)" } ". " (t("Sebutkan sumber: Lentera — Perpustakaan Nasional RI.", "Credit: Lentera — National Library of Indonesia.")) }
        form.filters method="get" {
            input type="hidden" name="region" value=(here);
            div.field { label for="tahun" { (t("Tahun", "Year")) } input #tahun name="tahun" type="number" min="2018" value=(year); }
            div.field { button type="submit" { (t("Tampilkan", "Show")) } }
        }
        dl.facts {
            dt { (t("Kegiatan", "Activities")) } dd { (shown(total.activities, lang)) }
            dt { (t("Peserta", "Participants")) } dd { (shown(total.participants(), lang)) }
            dt { (t("Peserta perempuan", "Women")) } dd { (shown(total.people.female, lang)) }
            dt { (t("Pengunjung perpustakaan", "Library visitors")) } dd { (shown(monthly.visitors(), lang)) }
            dt { (t("Kegiatan advokasi", "Advocacy activities")) } dd { (shown(advocacy.advocacy, lang)) }
            dt { (t("Regulasi ditetapkan", "Regulations enacted")) } dd { (shown(advocacy.regulations_enacted, lang)) }
            dt { (t("Anggaran diperoleh", "Budget leveraged")) } dd { (lentera_core::money::rupiah(advocacy.budget_leveraged, lang)) }
        }
        p { (t("Anggaran diperoleh: rupiah yang disetujui dalam rencana kerja perpustakaan untuk tahun ini (angka anggaran publik, tidak disamarkan).", "Budget leveraged: rupiah approved in the libraries' work plans for the year (public budget figures, not suppressed).")) }
        p { a.button.secondary href={ "/data-terbuka.csv?tahun=" (year) "&region=" (here) } { (t("Unduh CSV", "Download CSV")) } }
        div.table-wrap { table #data-wilayah {
            thead { tr { th scope="col" { (t("Wilayah", "Region")) } th.num scope="col" { (t("Kegiatan", "Activities")) } th.num scope="col" { (t("Peserta", "Participants")) }
                th.num scope="col" { (t("Perempuan", "Women")) } th.num scope="col" { (t("Pengunjung", "Visitors")) } th.num scope="col" { (t("Peminjaman", "Loans")) }
                th.num scope="col" { (t("Advokasi", "Advocacy")) } th.num scope="col" { (t("Regulasi", "Regulations")) } th.num scope="col" { (t("Anggaran (Rp)", "Budget (Rp)")) } } }
            tbody { @for (code, name, a, m, adv) in &rows { tr {
                td { @if code.len() < 13 { a href={ "/data-terbuka?tahun=" (year) "&region=" (code) } { (name) } } @else { (name) } }
                td.num { (shown(a.activities, lang)) } td.num { (shown(a.participants(), lang)) } td.num { (shown(a.people.female, lang)) }
                td.num { (shown(m.visitors(), lang)) } td.num { (shown(m.loans, lang)) }
                td.num { (shown(adv.advocacy, lang)) } td.num { (shown(adv.regulations_enacted, lang)) } td.num { (number(adv.budget_leveraged, lang)) }
            } } }
        } }
    };
    Ok(page(Layout::from(&ctx), t("Data terbuka", "Open data"), body).into_response())
}

pub async fn csv(State(state): State<AppState>, Query(q): Query<OpenQuery>) -> PageResult {
    let OpenData { year, rows, .. } = data(&state, &q).await?;
    let headers = [
        "kode_wilayah",
        "wilayah",
        "tahun",
        "kegiatan",
        "peserta",
        "peserta_perempuan",
        "pengunjung",
        "peminjaman",
        "advokasi",
        "regulasi_ditetapkan",
        "anggaran_diperoleh_rp",
    ];
    let body = rows.iter().map(|(code, name, a, m, adv)| {
        vec![
            code.clone(),
            name.clone(),
            year.to_string(),
            csv_cell(a.activities),
            csv_cell(a.participants()),
            csv_cell(a.people.female),
            csv_cell(m.visitors()),
            csv_cell(m.loans),
            csv_cell(adv.advocacy),
            csv_cell(adv.regulations_enacted),
            adv.budget_leveraged.to_string(),
        ]
    });
    let bytes = crate::tabular::write_csv(&headers, body)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"data-terbuka-tpbis-{year}.csv\"")),
            (header::LINK, format!("<{LICENCE_URL}>; rel=\"license\"")),
        ],
        bytes,
    )
        .into_response())
}
