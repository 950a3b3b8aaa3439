//! Reports on events, per event and per year: who took part (by province, institution type
//! and gender), attendance, knowledge gain and evaluation scores. Aggregates only: no names,
//! so every signed-in person may read them.

use crate::ids::EventId;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::access::Actor;
use crate::event::{Event, EventFilter, Gender, Registration, RegistrationFilter, RegistrationStatus, rate};
use crate::library::{LibraryType, PageRequest};
use crate::services::Env;
use crate::services::regions;
use crate::training::{EvaluationSummary, EventTest, Gain, TestKind, gain, summarise};
use crate::{Error, Result};

/// Registered participants counted three ways.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Breakdown {
    /// Province code and name → participants from there.
    pub by_province: Vec<(String, String, i64)>,
    /// Library type (`None`: another institution) → participants.
    pub by_institution: Vec<(Option<LibraryType>, i64)>,
    pub male: i64,
    pub female: i64,
}

impl Breakdown {
    pub fn total(&self) -> i64 {
        self.male + self.female
    }
}

/// One event in a report.
#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    pub event: Event,
    pub registered: i64,
    pub female: i64,
    /// Percent of participant-days attended.
    pub attendance_rate: i64,
    pub gain: Gain,
    pub evaluation: EvaluationSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventReport {
    pub line: EventLine,
    pub breakdown: Breakdown,
    /// Per event day: how many were present.
    pub days: Vec<(time::Date, i64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearReport {
    pub year: i32,
    pub events: Vec<EventLine>,
    pub breakdown: Breakdown,
    /// Different people trained (someone in two events counts once).
    pub people: i64,
    pub attendance_rate: i64,
    pub gain: Gain,
}

fn registered(regs: Vec<Registration>) -> Vec<Registration> {
    regs.into_iter().filter(|r| r.status == RegistrationStatus::Registered).collect()
}

fn breakdown(env: &Env, regs: &[&Registration]) -> Result<Breakdown> {
    let names: BTreeMap<String, String> =
        regions::children(env, None)?.into_iter().map(|r| (r.region.code.to_string(), r.region.name)).collect();
    let mut provinces: BTreeMap<String, i64> = BTreeMap::new();
    let mut types: BTreeMap<Option<&'static str>, (Option<LibraryType>, i64)> = BTreeMap::new();
    let mut b = Breakdown::default();
    for r in regs {
        *provinces.entry(r.person.fields.region_code.province().to_string()).or_default() += 1;
        let t = r.person.library_type;
        types.entry(t.map(LibraryType::code)).or_insert((t, 0)).1 += 1;
        match r.person.fields.gender {
            Gender::Male => b.male += 1,
            Gender::Female => b.female += 1,
        }
    }
    b.by_province = provinces
        .into_iter()
        .map(|(code, n)| {
            let name = names.get(&code).cloned().unwrap_or_else(|| code.clone());
            (code, name, n)
        })
        .collect();
    b.by_institution = types.into_values().collect();
    b.by_institution.sort_by_key(|(_, n)| -n);
    Ok(b)
}

fn line(env: &Env, e: Event, regs: &[Registration]) -> Result<EventLine> {
    let tests: Vec<EventTest> = [TestKind::Pre, TestKind::Post]
        .into_iter()
        .filter_map(|k| env.store.event_test(e.id, k).transpose())
        .collect::<Result<_>>()?;
    let ids: Vec<i64> = tests.iter().flat_map(|t| t.question_ids.iter().copied()).collect();
    let g = gain(&env.store.attempts(e.id)?, &tests, &env.store.questions_by_id(&ids)?).overall;
    let days = e.fields.days().len() as i64;
    let present: i64 = regs.iter().map(|r| r.days_present).sum();
    Ok(EventLine {
        registered: regs.len() as i64,
        female: regs.iter().filter(|r| r.person.fields.gender == Gender::Female).count() as i64,
        attendance_rate: rate(present, regs.len() as i64 * days),
        gain: g,
        evaluation: summarise(&env.store.evaluations(e.id)?),
        event: e,
    })
}

pub fn event(env: &Env, _actor: &Actor, event_id: EventId) -> Result<EventReport> {
    let e = env.store.event(event_id)?.ok_or(Error::NotFound)?;
    let regs = registered(env.store.registrations(event_id, &RegistrationFilter::default())?);
    let marks = env.store.attendance(event_id)?;
    let days = e
        .fields
        .days()
        .into_iter()
        .map(|d| (d, marks.iter().filter(|m| m.day == d && m.present).count() as i64))
        .collect();
    let refs: Vec<&Registration> = regs.iter().collect();
    Ok(EventReport { breakdown: breakdown(env, &refs)?, line: line(env, e, &regs)?, days })
}

/// Every event of a year (optionally of one type), in date order.
pub fn year(env: &Env, _actor: &Actor, year: i32, type_id: Option<i64>) -> Result<YearReport> {
    let filter = EventFilter { year: Some(year), type_id, ..Default::default() };
    let mut events = Vec::new();
    for page in 1.. {
        let p = env.store.list_events(&filter, PageRequest::new(Some(page), Some(PageRequest::MAX_PER_PAGE)))?;
        let done = p.items.len() < PageRequest::MAX_PER_PAGE as usize;
        events.extend(p.items);
        if done {
            break;
        }
    }
    events.sort_by_key(|e| (e.fields.start_date, e.id));
    let mut lines = Vec::new();
    let mut all: Vec<Registration> = Vec::new();
    let (mut present, mut possible) = (0, 0);
    for e in events {
        let regs = registered(env.store.registrations(e.id, &RegistrationFilter::default())?);
        let days = e.fields.days().len() as i64;
        present += regs.iter().map(|r| r.days_present).sum::<i64>();
        possible += regs.len() as i64 * days;
        lines.push(line(env, e, &regs)?);
        all.extend(regs);
    }
    let refs: Vec<&Registration> = all.iter().collect();
    let people: BTreeSet<i64> = all.iter().map(|r| r.person.id).collect();
    let mean = |f: fn(&Gain) -> Option<i64>| {
        let v: Vec<i64> = lines.iter().filter_map(|l| f(&l.gain)).collect();
        (!v.is_empty()).then(|| v.iter().sum::<i64>() / v.len() as i64)
    };
    Ok(YearReport {
        year,
        breakdown: breakdown(env, &refs)?,
        people: people.len() as i64,
        attendance_rate: rate(present, possible),
        gain: Gain { pre: mean(|g| g.pre), post: mean(|g| g.post) },
        events: lines,
    })
}
