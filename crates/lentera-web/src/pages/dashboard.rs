//! The dashboard (`/dasbor`): for a region and a span of months, the headline numbers against
//! the previous span and the same span a year before, the monthly trend, categories, gender
//! and age, and the child regions ranked, each a link one level down. Charts are inline SVG
//! with the same numbers in tables.

use axum::extract::{Query, State};
use lentera_core::catalogue::{format_change, format_value};
use lentera_core::i18n::Lang;
use lentera_core::indicators::ActivityCounts;
use lentera_core::lists::ManagedList;
use lentera_core::monthly::Period;
use lentera_core::region::RegionCode;
use lentera_core::services::catalogue;
use lentera_core::services::indicators;
use lentera_core::services::{lists, regions};
use lentera_core::time_fmt::number;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::charts;
use crate::ctx::Ctx;
use crate::html::{Layout, page, urlencode};
use crate::http::{PageResult, html_response};

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    pub region: Option<String>,
    pub periode: Option<String>,
    pub dari: Option<String>,
    pub sampai: Option<String>,
}

impl DashboardQuery {
    /// The region (blank: the nation) and span asked for.
    pub fn region_and_span(&self, today: time::Date) -> lentera_core::Result<(Option<RegionCode>, Period, Period)> {
        indicators::region_and_span(
            today,
            self.region.as_deref(),
            self.periode.as_deref(),
            self.dari.as_deref(),
            self.sampai.as_deref(),
        )
    }
}

fn span_label(from: Period, to: Period, lang: Lang) -> String {
    if from == to { from.label(lang) } else { format!("{} – {}", from.label(lang), to.label(lang)) }
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let rules = state.kpi_rules();
    let (s, headlines, chain, names, categories) = state
        .run(move |st| {
            let s = indicators::summary(st, &actor, region, from, to)?;
            let (pf, pt) = indicators::previous_span(from, to);
            let (yf, yt) = indicators::year_before(from, to);
            let prev = indicators::totals(st, &actor, s.region.clone(), pf, pt)?;
            let last_year = indicators::totals(st, &actor, s.region.clone(), yf, yt)?;
            let list: Vec<_> = catalogue::list(st, false)?.into_iter().filter(|i| i.headline).collect();
            let headlines = catalogue::compare(st, &actor, &rules, [&s, &prev, &last_year], list)?;
            let chain = match &s.region {
                Some(r) => regions::ancestry(st, r)?,
                None => Vec::new(),
            };
            let names: Vec<(String, String)> = regions::children(st, s.region.as_ref().map(|r| r.as_str()))?
                .into_iter()
                .map(|c| (c.region.code.to_string(), c.region.name))
                .collect();
            let categories = lists::items(st, ManagedList::ActivityCategory, true)?;
            Ok((s, headlines, chain, names, categories))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let here = chain.last().map(|r| r.name.clone()).unwrap_or_else(|| t("Nasional", "National").to_string());
    let span_q = format!("dari={from}&sampai={to}", from = s.from, to = s.to);
    let region_q = s.region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let name_of =
        |code: &str| names.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()).unwrap_or_else(|| code.to_string());
    let mut ranked: Vec<&(RegionCode, ActivityCounts, lentera_core::indicators::MonthlyCounts)> =
        s.children.iter().collect();
    ranked.sort_by_key(|(_, a, _)| -a.participants());
    let trend: Vec<(String, i64)> =
        s.by_month.iter().map(|(p, a)| (format!("{:02}/{}", p.month, p.year % 100), a.participants())).collect();
    let cats: Vec<(String, i64)> = s
        .by_category
        .iter()
        .map(|(id, a)| {
            (categories.iter().find(|c| c.id == *id).map(|c| c.name.clone()).unwrap_or_default(), a.activities)
        })
        .collect();
    let a = &s.activities;
    let ages = [
        (t("Anak", "Children").to_string(), a.people.children),
        (t("Remaja", "Teens").to_string(), a.people.teens),
        (t("Dewasa", "Adults").to_string(), a.people.adults),
        (t("Lansia", "Elderly").to_string(), a.people.elderly),
    ];
    let one_comparison = indicators::one_comparison(s.from, s.to);
    let body = html! {
        p.crumbs {
            a href={ "/dasbor?" (span_q) } { (t("Nasional", "National")) }
            @for r in &chain { a href={ "/dasbor?region=" (r.code.as_str()) "&" (span_q) } { (r.name) } }
        }
        h1 { (t("Dasbor: ", "Dashboard: ")) (here) }
        p { (span_label(s.from, s.to, lang)) " · " (t("dari laporan yang sudah disetujui", "from approved reports")) }
        form.filters method="get" {
            input type="hidden" name="region" value=(s.region.as_ref().map(|r| r.as_str()).unwrap_or(""));
            div.field { label for="periode" { (t("Periode", "Period")) } input #periode name="periode" placeholder="2024, 2024-Q2, 2024-05" value=(q.periode.clone().unwrap_or_default());
                small { (t("Tahun, triwulan atau bulan; atau isi rentang di sebelahnya.", "A year, quarter or month; or give a range beside.")) } }
            div.field { label for="dari" { (t("Dari bulan", "From month")) } input #dari name="dari" type="month" value=(q.dari.clone().unwrap_or_default()); }
            div.field { label for="sampai" { (t("Sampai bulan", "To month")) } input #sampai name="sampai" type="month" value=(q.sampai.clone().unwrap_or_default()); }
            div.field { button type="submit" { (t("Tampilkan", "Show")) } }
        }
        p { a href={ "/pivot?region=" (s.region.as_ref().map(|r| r.as_str()).unwrap_or("")) "&" (span_q) } { (t("Buat tabel pivot dari data ini", "Build a pivot table from this data")) }
            " · " a href={ "/dasbor/dhis2.json?region=" (s.region.as_ref().map(|r| r.as_str()).unwrap_or("")) "&" (span_q) } { (t("Ekspor DHIS2 (dataValueSets)", "DHIS2 export (dataValueSets)")) }
            @if let Some(r) = s.region.as_ref().filter(|r| matches!(r.as_str().len(), 2 | 5)) {
                " · " a href={ "/ringkasan/wilayah/" (r) } { (t("Ringkasan advokasi daerah (PDF)", "Regional advocacy brief (PDF)")) } } }
        div.table-wrap { table #angka-utama {
            caption { (t("Angka utama", "Headline numbers")) }
            thead { tr { th scope="col" { "" } th.num scope="col" { (span_label(s.from, s.to, lang)) }
                @if one_comparison {
                    th.num scope="col" { (t("vs 12 bulan sebelumnya", "vs the 12 months before")) }
                } @else {
                    th.num scope="col" { (t("vs periode sebelumnya", "vs previous period")) } th.num scope="col" { (t("vs tahun lalu", "vs a year before")) }
                } } }
            tbody { @for h in &headlines { tr {
                th scope="row" { a href={ "/indikator/" (h.indicator.code) "?region=" (region_q) "&" (span_q) } { (h.indicator.title(lang)) } }
                td.num { strong { (format_value(h.value, h.indicator.unit(), lang)) } }
                td.num { (format_change(h.value, h.previous, h.indicator.unit(), lang)) }
                @if !one_comparison { td.num { (format_change(h.value, h.year_before, h.indicator.unit(), lang)) } }
            } } }
        } }
        p { a href={ "/indikator?region=" (region_q) "&" (span_q) } { (t("Semua indikator program", "All programme indicators")) } }
        h2 { (t("Peserta per bulan", "Participants per month")) }
        (charts::line(t("Peserta kegiatan per bulan", "Activity participants per month"), &format!("{} {}", t("Jumlah peserta kegiatan yang disetujui setiap bulan,", "Participants of approved activities each month,"), span_label(s.from, s.to, lang)), &trend))
        details { summary { (t("Tabel", "Table")) }
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Bulan", "Month")) } th.num scope="col" { (t("Kegiatan", "Activities")) } th.num scope="col" { (t("Peserta", "Participants")) } th.num scope="col" { (t("Pengunjung", "Visitors")) } } }
                tbody { @for ((p, a), (_, m)) in s.by_month.iter().zip(&s.monthly_by_month) { tr {
                    td { (p.label(lang)) } td.num { (number(a.activities, lang)) } td.num { (number(a.participants(), lang)) } td.num { (number(m.visitors(), lang)) }
                } } }
            } }
        }
        h2 { (t("Kegiatan per kategori", "Activities by category")) }
        @if cats.is_empty() { p.empty { (t("Belum ada kegiatan disetujui pada periode ini.", "No approved activities in this period.")) } }
        @else { (charts::bars(t("Kegiatan per kategori", "Activities by category"), t("Jumlah kegiatan disetujui per kategori", "Approved activities per category"), &cats)) }
        h2 { (t("Jenis kelamin dan usia peserta", "Participants by gender and age")) }
        (charts::split(t("Perempuan dan laki-laki", "Women and men"), &[(t("Perempuan", "Women").to_string(), a.people.female, "women"), (t("Laki-laki", "Men").to_string(), a.people.male, "men")]))
        p { (t("Perempuan ", "Women ")) (number(a.people.female, lang)) " · " (t("laki-laki ", "men ")) (number(a.people.male, lang)) }
        (charts::bars(t("Peserta per kelompok usia", "Participants by age group"), t("Anak, remaja, dewasa, lansia", "Children, teens, adults, elderly"), &ages))
        @if !ranked.is_empty() {
            h2 { (t("Peringkat wilayah di bawahnya", "Sub-regions ranked")) }
            div.table-wrap { table #peringkat {
                thead { tr { th scope="col" { "#" } th scope="col" { (t("Wilayah", "Region")) } th.num scope="col" { (t("Kegiatan", "Activities")) }
                    th.num scope="col" { (t("Peserta", "Participants")) } th.num scope="col" { (t("Pengunjung", "Visitors")) } } }
                tbody { @for (i, (code, a, m)) in ranked.iter().enumerate() { tr {
                    td { (i + 1) }
                    td { a href={ "/dasbor?region=" (urlencode(code.as_str())) "&" (span_q) } { (name_of(code.as_str())) } }
                    td.num { (number(a.activities, lang)) } td.num { (number(a.participants(), lang)) } td.num { (number(m.visitors(), lang)) }
                } } }
            } }
        }
        @if let Some(r) = &s.region { @if r.level() == lentera_core::region::RegionLevel::Village {
            p { a href={ "/perpustakaan?region=" (r.as_str()) } { (t("Perpustakaan di desa ini", "Libraries in this village")) } }
        } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Dasbor", "Dashboard"), body)))
}

/// The dashboard's region and span as DHIS2 `dataValueSets` JSON (a download).
pub async fn dhis2(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let mapping = state.config.dhis2.clone();
    let set = state.run(move |s| indicators::dhis2(s, &actor, &mapping, region, from, to)).await?;
    let body = serde_json::to_vec_pretty(&set).map_err(lentera_core::Error::unexpected)?;
    Ok(crate::http::download(body, &format!("dhis2-{from}-{to}.json")))
}
