//! The pivot table (`/pivot`): rows, columns and values chosen by the user over approved
//! activities, or advocacy and budgets, of a region and span; sortable by any column; CSV and XLSX exports of the same
//! table.

use axum::extract::{Query, State};
use lentera_core::Error;
use lentera_core::i18n::Lang;
use lentera_core::pivot::{ColDim, Measure, Pivot, PivotSpec, RowDim};
use lentera_core::region::RegionCode;
use lentera_core::services::indicators;
use lentera_core::time_fmt::number;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page, urlencode};
use crate::http::{PageResult, html_response};

#[derive(Deserialize, Default, Clone)]
pub struct PivotQuery {
    region: Option<String>,
    periode: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
    baris: Option<String>,
    kolom: Option<String>,
    kolom2: Option<String>,
    nilai: Option<String>,
    urut: Option<String>,
    arah: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn spec_of(q: &PivotQuery) -> Result<PivotSpec, Error> {
    let bad = |f: &str| Error::field(f, "Pilihan tidak dikenal.", "Unknown choice.");
    let rows =
        blank(&q.baris).map(|s| RowDim::parse(s).ok_or_else(|| bad("baris"))).transpose()?.unwrap_or(RowDim::Region);
    let mut cols = Vec::new();
    for c in [&q.kolom, &q.kolom2] {
        if let Some(s) = blank(c) {
            cols.push(ColDim::parse(s).ok_or_else(|| bad("kolom"))?);
        }
    }
    let measure = blank(&q.nilai)
        .map(|s| Measure::parse(s).ok_or_else(|| bad("nilai")))
        .transpose()?
        .unwrap_or(Measure::Participants);
    Ok(PivotSpec { rows, cols, measure })
}

async fn compute(
    state: &AppState,
    ctx: &Ctx,
    q: &PivotQuery,
) -> Result<(Option<RegionCode>, Pivot, String), crate::http::error::PageError> {
    let actor = ctx.actor()?;
    let (region, from, to) = indicators::region_and_span(
        state.env.today(lentera_core::region::TimeZone::Wib),
        blank(&q.region),
        blank(&q.periode),
        blank(&q.dari),
        blank(&q.sampai),
    )?;
    let spec = spec_of(q)?;
    let lang = ctx.lang;
    let (region, mut table) = state.run(move |s| indicators::pivot(s, &actor, region, from, to, &spec, lang)).await?;
    let column = blank(&q.urut).and_then(|u| if u == "total" { None } else { u.parse::<usize>().ok() });
    if blank(&q.urut).is_some() {
        table.sort(column, blank(&q.arah) != Some("naik"));
    }
    let span = if from == to { from.label(lang) } else { format!("{} – {}", from.label(lang), to.label(lang)) };
    Ok((region, table, span))
}

/// The query string without the sort, to build sort links and exports.
fn base_query(q: &PivotQuery) -> String {
    [
        ("region", &q.region),
        ("periode", &q.periode),
        ("dari", &q.dari),
        ("sampai", &q.sampai),
        ("baris", &q.baris),
        ("kolom", &q.kolom),
        ("kolom2", &q.kolom2),
        ("nilai", &q.nilai),
    ]
    .iter()
    .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", urlencode(v))))
    .collect::<Vec<_>>()
    .join("&")
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    selected: Option<T>,
    code: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
    lang: Lang,
) -> maud::Markup {
    html! { @for v in all { option value=(code(*v)) selected[selected == Some(*v)] { (label(*v, lang)) } } }
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PivotQuery>) -> PageResult {
    let (region, table, span) = compute(&state, &ctx, &q).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let spec = spec_of(&q)?;
    let base = base_query(&q);
    let sort_link = |key: &str| {
        let down = blank(&q.urut) == Some(key) && blank(&q.arah) != Some("naik");
        format!("?{base}&urut={key}&arah={}", if down { "naik" } else { "turun" })
    };
    let body = html! {
        h1 { (t("Tabel pivot", "Pivot table")) }
        p { (region.as_ref().map(|r| r.to_string()).unwrap_or_else(|| t("Nasional", "National").to_string())) " · " (span) " · " (spec.measure.label(lang)) }
        p.hint { (t("Nilai advokasi: kolom hanya sumber dana (untuk dana janji dan anggaran); anggaran per tahun anggaran.", "Advocacy values: columns by funding source only (promised money and budgets); budgets per budget year.")) }
        form.filters method="get" {
            div.field { label for="region" { (t("Kode wilayah", "Region code")) } input #region name="region" value=(blank(&q.region).unwrap_or("")) placeholder="35"; }
            div.field { label for="periode" { (t("Periode", "Period")) } input #periode name="periode" value=(blank(&q.periode).unwrap_or("")) placeholder="2024, 2024-Q2, 2024-05"; }
            div.field { label for="baris" { (t("Baris", "Rows")) } select #baris name="baris" { (options(RowDim::ALL, Some(spec.rows), RowDim::code, RowDim::label, lang)) } }
            div.field { label for="kolom" { (t("Kolom", "Columns")) } select #kolom name="kolom" { option value="" { "—" } (options(ColDim::ALL, spec.cols.first().copied(), ColDim::code, ColDim::label, lang)) } }
            div.field { label for="kolom2" { (t("Kolom kedua", "Second columns")) } select #kolom2 name="kolom2" { option value="" { "—" } (options(ColDim::ALL, spec.cols.get(1).copied(), ColDim::code, ColDim::label, lang)) } }
            div.field { label for="nilai" { (t("Nilai", "Values")) } select #nilai name="nilai" { (options(&lentera_core::pivot::measures().collect::<Vec<_>>(), Some(spec.measure), Measure::code, Measure::label, lang)) } }
            div.field { button type="submit" { (t("Tampilkan", "Show")) } }
        }
        div.actions {
            a.button.secondary href={ "/pivot.csv?" (base) } { (t("Unduh CSV", "Download CSV")) }
            a.button.secondary href={ "/pivot.xlsx?" (base) } { (t("Unduh XLSX", "Download XLSX")) }
        }
        @if table.rows.is_empty() { p.empty { (t("Tidak ada data untuk pilihan ini.", "No data for this choice.")) } }
        @else {
            div.table-wrap { table #pivot {
                thead { tr {
                    th scope="col" { (table.row_header) }
                    @for (i, c) in table.columns.iter().enumerate() { th.num scope="col" { a href=(sort_link(&i.to_string())) { (c) } } }
                    th.num scope="col" { a href=(sort_link("total")) { (t("Jumlah", "Total")) } }
                } }
                tbody { @for (label, values, total) in &table.rows { tr {
                    th scope="row" { (label) }
                    @for v in values { td.num { (number(*v, lang)) } }
                    td.num { strong { (number(*total, lang)) } }
                } } }
                tfoot { tr {
                    th scope="row" { (t("Jumlah", "Total")) }
                    @for v in &table.column_totals { td.num { strong { (number(*v, lang)) } } }
                    td.num { strong { (number(table.total, lang)) } }
                } }
            } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Tabel pivot", "Pivot table"), body)))
}

async fn file(state: &AppState, ctx: &Ctx, q: &PivotQuery, xlsx: bool) -> PageResult {
    let (_, table, _) = compute(state, ctx, q).await?;
    let (header, rows) = table.table(ctx.t("Jumlah", "Total"));
    let numeric: Vec<usize> = (1..header.len()).collect();
    crate::http::table_download(xlsx, "pivot", header, rows, numeric)
}

pub async fn csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PivotQuery>) -> PageResult {
    file(&state, &ctx, &q, false).await
}

pub async fn xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PivotQuery>) -> PageResult {
    file(&state, &ctx, &q, true).await
}
