//! KPI colours for a region's libraries, for one library's recent months, and for a page of
//! libraries in a list.

use std::collections::HashMap;

use crate::access::Actor;
use crate::ids::LibraryId;
use crate::kpi::{ColourCount, KpiFacts, KpiScore, LibraryKpi, Thresholds};
use crate::monthly::{Period, ReportingDuty};
use crate::region::RegionCode;
use crate::services::Env;
use crate::services::libraries;
use crate::user::Scope;
use crate::{Error, Result};

/// The rules a deployment scores with: its thresholds and the monthly deadline day.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub thresholds: Thresholds,
    pub deadline_day: u8,
}

impl Rules {
    pub fn judge(&self, facts: KpiFacts, now: i64) -> LibraryKpi {
        // The deadline is worked out once: it both scores the month and tells whether it is final.
        let due = Thresholds::due(&facts, self.deadline_day);
        let score = facts.expected.then(|| self.thresholds.score_due(&facts, due));
        let provisional = now <= due;
        LibraryKpi { facts, score, provisional }
    }
}

/// Colours of a month in a region: counts per child region and in total, and every
/// library's score, reddest first.
pub struct RegionKpi {
    pub region: Option<RegionCode>,
    pub rows: Vec<ColourCount>,
    pub total: ColourCount,
    pub libraries: Vec<LibraryKpi>,
}

impl RegionKpi {
    /// The scored libraries of one colour (all when `None`), reddest first.
    pub fn libraries_of(&self, colour: Option<crate::kpi::Colour>) -> impl Iterator<Item = &LibraryKpi> {
        self.libraries.iter().filter(move |l| colour.is_none() || l.score.map(|s| s.overall) == colour)
    }
}

pub fn region(
    env: &Env,
    actor: &Actor,
    rules: &Rules,
    region: Option<RegionCode>,
    period: Period,
) -> Result<RegionKpi> {
    if matches!(actor.scope, Scope::Library { .. }) {
        return Err(Error::Forbidden);
    }
    let mut region = region;
    actor.narrow(&mut region, &mut None)?;
    let children =
        crate::services::regions::children(env, region.as_ref().map(|r| r.as_str())).map_err(|e| match e {
            Error::NotFound => Error::field("region", "Wilayah tidak dikenal.", "Unknown region."),
            other => other,
        })?;
    let mut rows: Vec<ColourCount> = children
        .iter()
        .map(|c| ColourCount { code: c.region.code.to_string(), name: c.region.name.clone(), ..Default::default() })
        .collect();
    let index: HashMap<String, usize> = rows.iter().enumerate().map(|(i, r)| (r.code.clone(), i)).collect();
    let child_len = crate::region::child_code_len(region.as_ref());
    let mut total = ColourCount { name: "Total".into(), ..Default::default() };
    let mut libraries = Vec::new();
    for facts in env.store.kpi_facts_in(region.as_ref(), period, &ReportingDuty::until(period))? {
        let scored = rules.judge(facts, env.now());
        let Some(score) = scored.score else { continue };
        total.add(score.overall);
        let code = scored.facts.region_code.as_str();
        if let Some(i) = code.get(..child_len).and_then(|c| index.get(c)) {
            rows[*i].add(score.overall);
        }
        libraries.push(scored);
    }
    rows.retain(|r| r.total() > 0);
    libraries.sort_by_key(|l| (l.score.map(|s| s.overall as u8), l.facts.region_code.clone()));
    Ok(RegionKpi { region, rows, total, libraries })
}

/// The library's colours for the `n` months up to and including `last`, newest first.
pub fn library_months(
    env: &Env,
    actor: &Actor,
    rules: &Rules,
    library_id: LibraryId,
    last: Period,
    n: usize,
) -> Result<Vec<LibraryKpi>> {
    libraries::get(env, actor, library_id)?;
    let mut out = Vec::with_capacity(n);
    let mut period = last;
    for _ in 0..n {
        out.extend(
            env.store
                .kpi_facts_of(&[library_id], period, &ReportingDuty::until(period))?
                .into_iter()
                .map(|f| rules.judge(f, env.now())),
        );
        period = period.previous();
    }
    Ok(out)
}

/// Colours of a month for libraries already listed to the actor (a page of a list).
pub fn of_libraries(
    env: &Env,
    actor: &Actor,
    rules: &Rules,
    library_ids: &[LibraryId],
    period: Period,
) -> Result<HashMap<LibraryId, KpiScore>> {
    let facts = env.store.kpi_facts_of(library_ids, period, &ReportingDuty::until(period))?;
    Ok(facts
        .into_iter()
        .filter(|f| match &actor.scope {
            Scope::Library { library_id } => *library_id == f.library_id,
            _ => actor.covers_region(&f.region_code),
        })
        .filter_map(|f| {
            let id = f.library_id;
            rules.judge(f, env.now()).score.map(|s| (id, s))
        })
        .collect())
}
