//! Indicator figures over the API: a region's totals for a span of months, per month, per
//! category and per child region (from the aggregates of approved reports).

use axum::Json;
use axum::extract::State;
use lentera_core::indicators::{ActivityCounts, MonthlyCounts};
use lentera_core::services::indicators;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiActor, ApiQuery, ApiResult};
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Serialize, ToSchema)]
pub struct ActivityCountsDto {
    pub activities: i64,
    pub participants: i64,
    pub male: i64,
    pub female: i64,
    pub children: i64,
    pub teens: i64,
    pub adults: i64,
    pub elderly: i64,
    pub disabled: i64,
    pub stories: i64,
    pub income_rupiah: i64,
}

impl From<&ActivityCounts> for ActivityCountsDto {
    fn from(a: &ActivityCounts) -> Self {
        ActivityCountsDto {
            activities: a.activities,
            participants: a.participants(),
            male: a.people.male,
            female: a.people.female,
            children: a.people.children,
            teens: a.people.teens,
            adults: a.people.adults,
            elderly: a.people.elderly,
            disabled: a.people.disabled,
            stories: a.stories,
            income_rupiah: a.income_rupiah,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MonthlyCountsDto {
    pub reports: i64,
    pub visitors: i64,
    pub visitors_male: i64,
    pub visitors_female: i64,
    pub new_members: i64,
    pub loans: i64,
    pub onsite_reading: i64,
    pub ict_users: i64,
}

impl From<&MonthlyCounts> for MonthlyCountsDto {
    fn from(m: &MonthlyCounts) -> Self {
        MonthlyCountsDto {
            reports: m.reports,
            visitors: m.visitors(),
            visitors_male: m.visitors_male,
            visitors_female: m.visitors_female,
            new_members: m.new_members,
            loans: m.loans,
            onsite_reading: m.onsite_reading,
            ict_users: m.ict_users,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MonthDto {
    /// YYYY-MM.
    pub period: String,
    pub activities: ActivityCountsDto,
    pub monthly: MonthlyCountsDto,
}

#[derive(Serialize, ToSchema)]
pub struct CategoryCountsDto {
    pub category_id: i64,
    pub counts: ActivityCountsDto,
}

#[derive(Serialize, ToSchema)]
pub struct ChildDto {
    pub region: String,
    pub activities: ActivityCountsDto,
    pub monthly: MonthlyCountsDto,
}

#[derive(Serialize, ToSchema)]
pub struct SummaryDto {
    /// The region shown (narrowed to the caller's scope); null for the nation.
    pub region: Option<String>,
    pub from: String,
    pub to: String,
    pub activities: ActivityCountsDto,
    pub monthly: MonthlyCountsDto,
    pub months: Vec<MonthDto>,
    pub categories: Vec<CategoryCountsDto>,
    pub children: Vec<ChildDto>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    /// `2024`, `2024-Q2` or `2024-05`; or give `from` and `to`.
    #[param(min_length = 1)]
    period: Option<String>,
    /// YYYY-MM.
    #[param(pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]
    from: Option<String>,
    /// YYYY-MM.
    #[param(pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]
    to: Option<String>,
}

impl SummaryQuery {
    /// The region (blank: the nation) and span asked for.
    pub fn region_and_span(
        &self,
        today: time::Date,
    ) -> lentera_core::Result<(
        Option<lentera_core::region::RegionCode>,
        lentera_core::monthly::Period,
        lentera_core::monthly::Period,
    )> {
        indicators::region_and_span(
            today,
            self.region.as_deref(),
            self.period.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
        )
    }
}

#[utoipa::path(get, path = "/api/v1/indicators/summary", tag = "indicators", params(SummaryQuery), security(("bearer" = [])),
    responses((status = 200, description = "Approved reports only; the default span is the twelve months up to last month", body = SummaryDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<SummaryDto>> {
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let s = state.run(move |st| indicators::summary(st, &actor, region, from, to)).await?;
    Ok(Json(SummaryDto {
        region: s.region.as_ref().map(|r| r.to_string()),
        from: s.from.to_string(),
        to: s.to.to_string(),
        activities: (&s.activities).into(),
        monthly: (&s.monthly).into(),
        months: s
            .by_month
            .iter()
            .zip(&s.monthly_by_month)
            .map(|((p, a), (_, m))| MonthDto { period: p.to_string(), activities: a.into(), monthly: m.into() })
            .collect(),
        categories: s
            .by_category
            .iter()
            .map(|(id, a)| CategoryCountsDto { category_id: *id, counts: a.into() })
            .collect(),
        children: s
            .children
            .iter()
            .map(|(r, a, m)| ChildDto { region: r.to_string(), activities: a.into(), monthly: m.into() })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PivotRowDto {
    pub label: String,
    pub values: Vec<i64>,
    pub total: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PivotDto {
    pub region: Option<String>,
    pub row_header: String,
    pub columns: Vec<String>,
    pub rows: Vec<PivotRowDto>,
    pub column_totals: Vec<i64>,
    pub total: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PivotQuery {
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    /// `2024`, `2024-Q2` or `2024-05`; or give `from` and `to`.
    #[param(min_length = 1)]
    period: Option<String>,
    #[param(pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]
    from: Option<String>,
    #[param(pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]
    to: Option<String>,
    /// `wilayah`, `bulan`, `triwulan`, `tahun` or `kategori` (default `wilayah`).
    #[param(min_length = 1)]
    rows: Option<String>,
    /// Up to two of `kategori`, `gender`, `usia`, comma-separated; for promised money and
    /// budgets, `sumber_dana` (funding source).
    #[param(min_length = 1)]
    cols: Option<String>,
    /// A measure of the catalogue that activity reports hold: `kegiatan`, `peserta`,
    /// `peserta_perempuan`, `peserta_disabilitas`, `pendapatan`… (default `peserta`); or
    /// an advocacy sum: `advokasi`, `janji_dibuat`, `janji_ditepati`, `janji_ditepati_rp`,
    /// `regulasi_ditetapkan`, `anggaran_diperoleh` (rupiah approved, by year).
    #[param(min_length = 1)]
    measure: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/indicators/pivot", tag = "indicators", params(PivotQuery), security(("bearer" = [])),
    responses((status = 200, body = PivotDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pivot(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<PivotQuery>,
) -> ApiResult<Json<PivotDto>> {
    use lentera_core::pivot::{ColDim, Measure, PivotSpec, RowDim};
    let bad = |f: &str| lentera_core::Error::field(f, "Pilihan tidak dikenal.", "Unknown choice.");
    let (region, from, to) = indicators::region_and_span(
        state.env.today(lentera_core::region::TimeZone::Wib),
        q.region.as_deref(),
        q.period.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )?;
    let rows =
        q.rows.as_deref().map(|r| RowDim::parse(r).ok_or_else(|| bad("rows"))).transpose()?.unwrap_or(RowDim::Region);
    let cols = q
        .cols
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|c| !c.trim().is_empty())
        .map(|c| ColDim::parse(c).ok_or_else(|| bad("cols")))
        .collect::<Result<Vec<_>, _>>()?;
    let measure = q
        .measure
        .as_deref()
        .map(|m| Measure::parse(m).ok_or_else(|| bad("measure")))
        .transpose()?
        .unwrap_or(Measure::Participants);
    let spec = PivotSpec { rows, cols, measure };
    let (region, p) =
        state.run(move |s| indicators::pivot(s, &actor, region, from, to, &spec, lentera_core::i18n::Lang::Id)).await?;
    Ok(Json(PivotDto {
        region: region.map(|r| r.to_string()),
        row_header: p.row_header,
        columns: p.columns,
        rows: p.rows.into_iter().map(|(label, values, total)| PivotRowDto { label, values, total }).collect(),
        column_totals: p.column_totals,
        total: p.total,
    }))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValueDto {
    pub data_element: String,
    /// `YYYYMM`.
    pub period: String,
    pub org_unit: String,
    pub category_option_combo: String,
    pub value: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSetDto {
    pub data_values: Vec<DataValueDto>,
}

#[utoipa::path(get, path = "/api/v1/indicators/dhis2", tag = "indicators", params(SummaryQuery), security(("bearer" = [])),
    responses((status = 200, description = "DHIS2 dataValueSets JSON for the region's months (mapping from the `[dhis2]` configuration; zero values left out)", body = DataValueSetDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dhis2(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<DataValueSetDto>> {
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let mapping = state.config.dhis2.clone();
    let set = state.run(move |s| indicators::dhis2(s, &actor, &mapping, region, from, to)).await?;
    Ok(Json(DataValueSetDto {
        data_values: set
            .data_values
            .into_iter()
            .map(|v| DataValueDto {
                data_element: v.data_element,
                period: v.period,
                org_unit: v.org_unit,
                category_option_combo: v.category_option_combo,
                value: v.value,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct IplmElementDto {
    pub name: String,
    pub value: f64,
}

#[derive(Serialize, ToSchema)]
pub struct IplmRegionDto {
    pub region: String,
    pub name: String,
    pub index: f64,
    pub band: String,
    /// Percent of the four KTAK figures given by the region's libraries.
    pub fill_rate: i64,
    /// The officially published value, when stored.
    pub published: Option<f64>,
    pub elements: Vec<IplmElementDto>,
}

#[derive(Serialize, ToSchema)]
pub struct IplmDto {
    pub year: i32,
    pub method: String,
    pub items: Vec<IplmRegionDto>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IplmQuery {
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
    /// `pedoman-2021`, `normalised-2023` or `perban-7-2025` (default: the one covering the year).
    #[param(min_length = 1)]
    method: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/iplm", tag = "indicators", params(IplmQuery), security(("bearer" = [])),
    responses((status = 200, description = "Provinces and regencies/cities in the caller's scope", body = IplmDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn iplm(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<IplmQuery>,
) -> ApiResult<Json<IplmDto>> {
    let default_year = state.env.year(lentera_core::region::TimeZone::Wib) - 1;
    let year = super::extract::int_param(&q.year, "year", 2018, 2100)?.map(|y| y as i32).unwrap_or(default_year);
    let method = lentera_core::services::iplm::method(q.method.as_deref(), year)?;
    let code = method.code.clone();
    let rows = state.run(move |s| lentera_core::services::iplm::regions_index(s, &actor, year, &method)).await?;
    Ok(Json(IplmDto {
        year,
        method: code,
        items: rows
            .into_iter()
            .map(|r| IplmRegionDto {
                region: r.code.to_string(),
                fill_rate: r.inputs.fill_rate(),
                index: r.computed.index,
                band: r.computed.band,
                published: r.published,
                elements: r.computed.elements.into_iter().map(|(name, value)| IplmElementDto { name, value }).collect(),
                name: r.name,
            })
            .collect(),
    }))
}
