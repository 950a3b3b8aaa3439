//! The indicator catalogue: reading and changing it, and the value of any indicator for a
//! region and span — in total (dashboard headlines), per child region, month and category
//! (an indicator's own page). Facts come from the report aggregates where they exist, and
//! from small live queries for reporting, programme libraries, events and KPI colours.

use std::collections::{BTreeMap, HashSet};

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::catalogue::{Filter, Indicator, IndicatorInput, Measure, Source, Unit};
use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::kpi::ColourCount;
use crate::library::ProgrammeLibraries;
use crate::lists::ManagedList;
use crate::monthly::{DueLibrary, Period, ReportingCell, ReportingDuty, Submission, tally_reporting};
use crate::region::RegionCode;
use crate::services::Env;
use crate::services::indicators::{self, Summary};
use crate::services::kpi::Rules;
use crate::store::{ProgrammeCount, TrainingFact};
use crate::user::Role;
use crate::{Error, Result, Unique};

/// The catalogue (active indicators, or all for the admin page). Everyone signed in may read
/// it: it holds definitions, not data.
pub fn list(env: &Env, include_inactive: bool) -> Result<Vec<Indicator>> {
    env.store.indicators(include_inactive)
}

pub fn get(env: &Env, code: &str) -> Result<Indicator> {
    env.store.indicators(true)?.into_iter().find(|i| i.code == code).ok_or(Error::NotFound)
}

/// Adds (`id: None`) or changes an indicator: national admins only.
pub fn save(
    env: &Env,
    actor: &Actor,
    id: Option<i64>,
    input: &IndicatorInput,
    version: Option<i64>,
) -> Result<Indicator> {
    actor.require(actor.role == Role::NationalAdmin)?;
    let ids = |list| -> Result<Vec<i64>> { Ok(env.store.list_items(list, true)?.into_iter().map(|c| c.id).collect()) };
    let fields = input.check(&ids(ManagedList::ActivityCategory)?, &ids(ManagedList::EventType)?)?;
    let before = match id {
        Some(id) => Some(env.store.indicators(true)?.into_iter().find(|i| i.id == id).ok_or(Error::NotFound)?),
        None => None,
    };
    if let Some(b) = before.as_ref().filter(|b| b.built_in)
        && (b.code != fields.code || b.measure != fields.measure)
    {
        return Err(Error::field(
            "measure",
            "Kode dan ukuran indikator bawaan tidak dapat diubah; buat indikator baru.",
            "A built-in indicator keeps its code and measure; add a new indicator instead.",
        ));
    }
    let action = if id.is_some() { AuditAction::Update } else { AuditAction::Create };
    let mut audit = AuditRecord::new(actor, action, "indicator", env.now()).after(&fields);
    if let Some(b) = &before {
        audit = audit.before(b).id(b.id);
    }
    env.store.save_indicator(id, &fields, version, env.now(), audit).map_err(|e| match e {
        Error::Stale => Error::Conflict("Indikator ini sudah diubah orang lain; muat ulang halaman.".into()),
        Error::Duplicate(Unique::IndicatorCode) => {
            Error::taken("code", "Kode ini sudah dipakai indikator lain.", "This code is already in use.")
        }
        other => other,
    })
}

/// A numerator and a denominator; counts use only the first.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Tally {
    num: f64,
    den: f64,
}

impl Tally {
    fn of(num: i64) -> Tally {
        Tally { num: num as f64, den: 0.0 }
    }

    fn add(&mut self, o: Tally) {
        self.num += o.num;
        self.den += o.den;
    }

    fn value(self, unit: Unit) -> Option<f64> {
        match unit {
            Unit::Count | Unit::Rupiah => Some(self.num),
            Unit::Percent => (self.den > 0.0).then(|| self.num * 100.0 / self.den),
            Unit::Points => (self.den > 0.0).then(|| self.num / self.den),
        }
    }
}

/// One fact for a measure, with what it can be broken down by.
struct Row {
    child: Option<RegionCode>,
    period: Option<Period>,
    category: Option<i64>,
    tally: Tally,
}

fn activity_value(m: Measure, a: &ActivityCounts) -> i64 {
    m.of_activities(a).unwrap_or(0)
}

fn monthly_value(m: Measure, c: &MonthlyCounts) -> i64 {
    m.of_monthly(c).unwrap_or(0)
}

fn reporting_tally(m: Measure, c: &ReportingCell) -> Tally {
    match m {
        Measure::Completeness => Tally { num: c.reported as f64, den: c.expected as f64 },
        _ => Tally { num: c.on_time as f64, den: c.reported as f64 },
    }
}

fn kpi_value(m: Measure, c: &ColourCount) -> i64 {
    match m {
        Measure::KpiGreen => c.green,
        Measure::KpiYellow => c.yellow,
        _ => c.red,
    }
}

/// Training facts as rows: people trained once each (at the first event they attended
/// enough of), attendance as days present over days held, gain where both tests were taken.
fn training_rows(m: Measure, filter: &Filter, facts: &[TrainingFact], child_len: Option<usize>) -> Vec<Row> {
    let mut counted = HashSet::new();
    let mut rows = Vec::new();
    for f in facts.iter().filter(|f| filter.event_type.is_none_or(|t| t == f.event_type)) {
        let tally = match m {
            Measure::PeopleTrained => {
                let enough = f.days > 0 && f.present_days * 100 >= f.threshold * f.days;
                if !enough || !counted.insert(f.person_id) {
                    continue;
                }
                Tally::of(1)
            }
            Measure::AttendanceRate => Tally { num: f.present_days as f64, den: f.days as f64 },
            _ => match (f.pre, f.post) {
                (Some(pre), Some(post)) => Tally { num: post - pre, den: 1.0 },
                _ => continue,
            },
        };
        let child = match child_len {
            None => None,
            Some(n) => match f.region_code.as_str().get(..n).and_then(|c| RegionCode::parse(c).ok()) {
                Some(c) => Some(c),
                None => continue,
            },
        };
        rows.push(Row { child, period: Some(f.period), category: None, tally });
    }
    rows
}

/// Programme libraries: members by the span's last year, or those joining in its years.
fn programme_tally(m: Measure, filter: &Filter, (from, to): (Period, Period), c: &ProgrammeCount) -> Tally {
    let in_time = match m {
        Measure::JoinedLibraries => (from.year..=to.year).contains(&c.year),
        _ => c.year <= to.year,
    };
    let counts = in_time && filter.tier.is_none_or(|t| c.tier == Some(t));
    Tally::of(if counts { c.libraries } else { 0 })
}

/// The advocacy facts as rows of one measure, per child region when `child_len` is given.
fn advocacy_rows(
    m: Measure,
    f: &crate::advocacy::AdvocacyFacts,
    child_len: Option<usize>,
    today: time::Date,
) -> Vec<Row> {
    let child = |r: &RegionCode| -> Option<Option<RegionCode>> {
        match child_len {
            None => Some(None),
            Some(n) => r.as_str().get(..n).and_then(|c| RegionCode::parse(c).ok()).map(Some),
        }
    };
    let row = |r: &RegionCode, period: Option<Period>, tally: Tally| {
        child(r).map(|child| Row {
            child,
            period: if child_len.is_some() { None } else { period },
            category: None,
            tally,
        })
    };
    match m {
        Measure::Advocacy => f.advocacy.iter().filter_map(|(r, p)| row(r, Some(*p), Tally::of(1))).collect(),
        Measure::CommitmentsMade => {
            f.commitments.iter().filter_map(|(r, p, _)| row(r, Some(*p), Tally::of(1))).collect()
        }
        Measure::CommitmentsKept => f
            .commitments
            .iter()
            .filter(|(_, _, c)| c.is_kept(today))
            .filter_map(|(r, p, _)| row(r, Some(*p), Tally::of(1)))
            .collect(),
        Measure::CommitmentsKeptRupiah => {
            f.commitments.iter().filter_map(|(r, p, c)| row(r, Some(*p), Tally::of(c.kept_amount()))).collect()
        }
        Measure::RegulationsEnacted => {
            f.regulations_enacted.iter().filter_map(|(r, p)| row(r, Some(*p), Tally::of(1))).collect()
        }
        Measure::ActivePartnerships => {
            f.partnerships_active.iter().filter_map(|r| row(r, None, Tally::of(1))).collect()
        }
        Measure::BudgetLeveraged => {
            f.budget_approved.iter().filter_map(|b| row(&b.region, None, Tally::of(b.rupiah))).collect()
        }
        _ => f
            .plans
            .iter()
            .filter_map(|(r, approved)| row(r, None, Tally { num: f64::from(u8::from(*approved)), den: 1.0 }))
            .collect(),
    }
}

/// What the value of one indicator is made of, read once per request.
struct Reader<'a> {
    env: &'a Env,
    actor: &'a Actor,
    rules: &'a Rules,
    region: Option<RegionCode>,
    from: Period,
    to: Period,
}

impl Reader<'_> {
    fn kpi(&self) -> Result<crate::services::kpi::RegionKpi> {
        crate::services::kpi::region(self.env, self.actor, self.rules, self.region.clone(), self.to)
    }

    /// The region's own rows (no child), by month and category where the source has them.
    /// `summary` saves reading the aggregates again when the caller already has them.
    fn own_rows(&self, ind: &Indicator, summary: Option<&Summary>, facts: &mut Facts) -> Result<Vec<Row>> {
        let m = ind.measure;
        let f = &ind.filter;
        let keep = |cat: i64| f.categories.is_empty() || f.categories.contains(&cat);
        Ok(match m.source() {
            Source::Activities => match summary {
                Some(s) => s
                    .by_category
                    .iter()
                    .filter(|(c, _)| keep(*c))
                    .map(|(c, a)| Row {
                        child: None,
                        period: None,
                        category: Some(*c),
                        tally: Tally::of(activity_value(m, a)),
                    })
                    .collect(),
                None => self
                    .env
                    .store
                    .activity_cells(self.region.as_ref(), self.from, self.to)?
                    .iter()
                    .filter(|c| keep(c.category_id))
                    .map(|c| Row {
                        child: None,
                        period: Some(c.period),
                        category: Some(c.category_id),
                        tally: Tally::of(activity_value(m, &c.counts)),
                    })
                    .collect(),
            },
            Source::Monthly => match summary {
                Some(s) => vec![Row {
                    child: None,
                    period: None,
                    category: None,
                    tally: Tally::of(monthly_value(m, &s.monthly)),
                }],
                None => self
                    .env
                    .store
                    .monthly_cells(self.region.as_ref(), self.from, self.to)?
                    .iter()
                    .map(|(p, c)| Row {
                        child: None,
                        period: Some(*p),
                        category: None,
                        tally: Tally::of(monthly_value(m, c)),
                    })
                    .collect(),
            },
            Source::Reporting => facts
                .reporting(self, false)?
                .iter()
                .map(|c| Row { child: None, period: Some(c.period), category: None, tally: reporting_tally(m, c) })
                .collect(),
            Source::Libraries => facts
                .programme(self, false)?
                .iter()
                .map(|c| Row {
                    child: None,
                    period: None,
                    category: None,
                    tally: programme_tally(m, f, (self.from, self.to), c),
                })
                .collect(),
            Source::Training => training_rows(m, f, facts.training(self)?, None),
            Source::Kpi => {
                let total = &facts.kpi(self)?.total;
                vec![Row { child: None, period: Some(self.to), category: None, tally: Tally::of(kpi_value(m, total)) }]
            }
            Source::Advocacy => {
                advocacy_rows(m, facts.advocacy(self)?, None, self.env.today(crate::region::TimeZone::Wib))
            }
        })
    }

    /// Rows per child region.
    fn child_rows(&self, ind: &Indicator, facts: &mut Facts) -> Result<Vec<Row>> {
        let m = ind.measure;
        let f = &ind.filter;
        let row = |child: RegionCode, tally| Row { child: Some(child), period: None, category: None, tally };
        Ok(match m.source() {
            Source::Activities if f.categories.is_empty() => self
                .env
                .store
                .activity_by_child(self.region.as_ref(), self.from, self.to)?
                .into_iter()
                .map(|(c, a)| row(c, Tally::of(activity_value(m, &a))))
                .collect(),
            Source::Activities => self
                .env
                .store
                .activity_cells_by_child(self.region.as_ref(), self.from, self.to)?
                .into_iter()
                .filter(|(_, c)| f.categories.contains(&c.category_id))
                .map(|(r, c)| row(r, Tally::of(activity_value(m, &c.counts))))
                .collect(),
            Source::Monthly => self
                .env
                .store
                .monthly_by_child(self.region.as_ref(), self.from, self.to)?
                .into_iter()
                .map(|(c, a)| row(c, Tally::of(monthly_value(m, &a))))
                .collect(),
            Source::Reporting => facts
                .reporting(self, true)?
                .iter()
                .filter_map(|c| Some(row(c.region.clone()?, reporting_tally(m, c))))
                .collect(),
            Source::Libraries => facts
                .programme(self, true)?
                .iter()
                .filter_map(|c| Some(row(c.region.clone()?, programme_tally(m, f, (self.from, self.to), c))))
                .collect(),
            Source::Training => {
                training_rows(m, f, facts.training(self)?, Some(crate::region::child_code_len(self.region.as_ref())))
            }
            Source::Kpi => facts
                .kpi(self)?
                .rows
                .iter()
                .filter_map(|c| Some(row(RegionCode::parse(&c.code).ok()?, Tally::of(kpi_value(m, c)))))
                .collect(),
            Source::Advocacy => advocacy_rows(
                m,
                facts.advocacy(self)?,
                Some(crate::region::child_code_len(self.region.as_ref())),
                self.env.today(crate::region::TimeZone::Wib),
            ),
        })
    }
}

/// Facts of the live sources, each read at most once per request.
#[derive(Default)]
struct Facts {
    reporting_facts: Option<(Vec<DueLibrary>, Vec<Submission>)>,
    reporting: [Option<Vec<ReportingCell>>; 2],
    programme: [Option<Vec<ProgrammeCount>>; 2],
    training: Option<Vec<TrainingFact>>,
    kpi: Option<crate::services::kpi::RegionKpi>,
    advocacy: Option<crate::advocacy::AdvocacyFacts>,
}

impl Facts {
    fn reporting(&mut self, r: &Reader, by_child: bool) -> Result<&[ReportingCell]> {
        if self.reporting_facts.is_none() {
            let facts = r.env.store.reporting_facts(r.region.as_ref(), r.from, r.to, &ReportingDuty::until(r.to))?;
            self.reporting_facts = Some(facts);
        }
        let slot = &mut self.reporting[by_child as usize];
        if slot.is_none()
            && let Some((due, sent)) = &self.reporting_facts
        {
            let child_len = by_child.then(|| crate::region::child_code_len(r.region.as_ref()));
            *slot = Some(tally_reporting(due, sent, r.from, r.to, r.rules.deadline_day, child_len));
        }
        Ok(slot.as_deref().unwrap_or_default())
    }

    fn programme(&mut self, r: &Reader, by_child: bool) -> Result<&[ProgrammeCount]> {
        let slot = &mut self.programme[by_child as usize];
        if slot.is_none() {
            *slot = Some(r.env.store.programme_counts(r.region.as_ref(), ProgrammeLibraries::members(), by_child)?);
        }
        Ok(slot.as_deref().unwrap_or_default())
    }

    fn training(&mut self, r: &Reader) -> Result<&[TrainingFact]> {
        if self.training.is_none() {
            let registered = crate::event::RegistrationStatus::Registered;
            self.training = Some(r.env.store.training_facts(r.region.as_ref(), r.from, r.to, registered)?);
        }
        Ok(self.training.as_deref().unwrap_or_default())
    }

    fn advocacy(&mut self, r: &Reader) -> Result<&crate::advocacy::AdvocacyFacts> {
        if self.advocacy.is_none() {
            let members = ProgrammeLibraries::expected_to_report(r.to.year);
            self.advocacy = Some(r.env.store.advocacy_facts(r.region.as_ref(), r.from, r.to, members)?);
        }
        self.advocacy.as_ref().ok_or_else(|| Error::unexpected("advocacy facts read above"))
    }

    fn kpi(&mut self, r: &Reader) -> Result<&crate::services::kpi::RegionKpi> {
        if self.kpi.is_none() {
            self.kpi = Some(r.kpi()?);
        }
        self.kpi.as_ref().ok_or_else(|| Error::unexpected("kpi read above"))
    }
}

fn total(rows: &[Row], unit: Unit) -> Option<f64> {
    let mut t = Tally::default();
    rows.iter().for_each(|r| t.add(r.tally));
    t.value(unit)
}

/// The values of `indicators` over the span of a summary (from [`indicators::summary`] or
/// [`indicators::totals`], which checked the region and the actor's scope).
pub fn values(
    env: &Env,
    actor: &Actor,
    rules: &Rules,
    summary: &Summary,
    indicators: &[Indicator],
) -> Result<Vec<Option<f64>>> {
    let reader = Reader { env, actor, rules, region: summary.region.clone(), from: summary.from, to: summary.to };
    let mut facts = Facts::default();
    indicators.iter().map(|ind| Ok(total(&reader.own_rows(ind, Some(summary), &mut facts)?, ind.unit()))).collect()
}

/// An indicator now, over the span before, and a year before.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Compared {
    pub indicator: Indicator,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub year_before: Option<f64>,
}

/// Every given indicator for a region and span, compared with the span before and the same
/// span a year earlier (the region narrowed to the actor's scope).
pub fn compared(
    env: &Env,
    actor: &Actor,
    rules: &Rules,
    region: Option<RegionCode>,
    from: Period,
    to: Period,
    list: Vec<Indicator>,
) -> Result<(Summary, Vec<Compared>)> {
    let now = indicators::totals(env, actor, region, from, to)?;
    let (pf, pt) = indicators::previous_span(from, to);
    let (yf, yt) = indicators::year_before(from, to);
    let prev = indicators::totals(env, actor, now.region.clone(), pf, pt)?;
    let year = indicators::totals(env, actor, now.region.clone(), yf, yt)?;
    let out = compare(env, actor, rules, [&now, &prev, &year], list)?;
    Ok((now, out))
}

/// The indicators over three spans already read: now, the span before, a year before.
pub fn compare(
    env: &Env,
    actor: &Actor,
    rules: &Rules,
    [now, prev, year]: [&Summary; 3],
    list: Vec<Indicator>,
) -> Result<Vec<Compared>> {
    let (a, b, c) = (
        values(env, actor, rules, now, &list)?,
        values(env, actor, rules, prev, &list)?,
        values(env, actor, rules, year, &list)?,
    );
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(i, indicator)| Compared { indicator, value: a[i], previous: b[i], year_before: c[i] })
        .collect())
}

/// One indicator for a region and span: the total and its breakdowns.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorView {
    pub indicator: Indicator,
    pub region: Option<RegionCode>,
    pub from: Period,
    pub to: Period,
    pub total: Option<f64>,
    /// Per child region, in code order (none below a village).
    pub by_child: Vec<(RegionCode, Option<f64>)>,
    /// Per month, when the measure has months.
    pub by_month: Vec<(Period, Option<f64>)>,
    /// Per activity category, for activity measures.
    pub by_category: Vec<(i64, Option<f64>)>,
}

pub fn breakdown(
    env: &Env,
    actor: &Actor,
    rules: &Rules,
    region: Option<RegionCode>,
    from: Period,
    to: Period,
    code: &str,
) -> Result<IndicatorView> {
    let indicator = get(env, code)?;
    // The summary checks the region, the span and the scope once for every source.
    let checked = indicators::totals(env, actor, region, from, to)?;
    let reader = Reader { env, actor, rules, region: checked.region.clone(), from, to };
    let mut facts = Facts::default();
    let unit = indicator.unit();
    let own = reader.own_rows(&indicator, None, &mut facts)?;
    let is_village = reader.region.as_ref().is_some_and(|r| r.level() == crate::region::RegionLevel::Village);
    let children = if is_village { Vec::new() } else { reader.child_rows(&indicator, &mut facts)? };
    let group = |rows: &[Row], key: &dyn Fn(&Row) -> Option<String>| -> BTreeMap<String, Tally> {
        let mut out: BTreeMap<String, Tally> = BTreeMap::new();
        for r in rows {
            if let Some(k) = key(r) {
                out.entry(k).or_default().add(r.tally);
            }
        }
        out
    };
    let by_child = group(&children, &|r| r.child.as_ref().map(|c| c.to_string()))
        .into_iter()
        .filter_map(|(k, t)| Some((RegionCode::parse(&k).ok()?, t.value(unit))))
        .collect();
    let monthly = indicator.measure.breakdowns().contains(&crate::catalogue::Breakdown::Month);
    let by_month = if monthly {
        let months = group(&own, &|r| r.period.map(|p| p.to_string()));
        indicators::months(from, to)
            .into_iter()
            .map(|p| (p, months.get(&p.to_string()).copied().unwrap_or_default().value(unit)))
            .collect()
    } else {
        Vec::new()
    };
    let by_category = group(&own, &|r| r.category.map(|c| format!("{c:09}")))
        .into_iter()
        .filter_map(|(k, t)| Some((k.parse().ok()?, t.value(unit))))
        .collect();
    Ok(IndicatorView {
        total: total(&own, unit),
        indicator,
        region: reader.region,
        from,
        to,
        by_child,
        by_month,
        by_category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(person: i64, region: &str, present: i64, pre: Option<f64>, post: Option<f64>) -> TrainingFact {
        TrainingFact {
            person_id: person,
            region_code: RegionCode::parse(region).unwrap(),
            event_type: 1,
            period: Period { year: 2024, month: 5 },
            days: 5,
            present_days: present,
            threshold: 80,
            pre,
            post,
        }
    }

    #[test]
    fn training_counts_people_once_and_averages_gain() {
        let facts = [
            fact(1, "35.07", 4, Some(40.0), Some(80.0)),
            fact(1, "35.07", 5, None, None),
            fact(2, "35.07.12.2001", 3, Some(50.0), Some(60.0)),
            fact(3, "35", 5, None, Some(90.0)),
        ];
        let f = Filter::default();
        let sum = |m, len| {
            let mut t = Tally::default();
            training_rows(m, &f, &facts, len).iter().for_each(|r| t.add(r.tally));
            t
        };
        assert_eq!(sum(Measure::PeopleTrained, None).value(Unit::Count), Some(2.0));
        assert_eq!(sum(Measure::AttendanceRate, None).value(Unit::Percent), Some(85.0));
        assert_eq!(sum(Measure::KnowledgeGain, None).value(Unit::Points), Some(25.0));
        // Per regency of province 35: the provincial office's person is above that level.
        let rows = training_rows(Measure::PeopleTrained, &f, &facts, Some(5));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].child.as_ref().map(|c| c.as_str()), Some("35.07"));
        let other = Filter { event_type: Some(2), ..Default::default() };
        assert!(training_rows(Measure::PeopleTrained, &other, &facts, None).is_empty());
    }
}
