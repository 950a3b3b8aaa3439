//! What comes out of an event: pre- and post-tests from a question bank (scored, with the
//! knowledge gain), the evaluation survey, certificates and the libraries' follow-up plans.

use crate::ids::EventId;
use serde::Serialize;

use crate::error::Errors;
use crate::ids::LibraryId;
use crate::text::clean_opt;
use crate::{Error, Result};

crate::vocabulary! {
    TestKind {
        Pre = "pre", "Pra-tes", "Pre-test";
        Post = "post", "Pasca-tes", "Post-test";
    }
}

/// A multiple-choice question with one correct answer.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: i64,
    pub module_id: i64,
    pub module_name: String,
    pub fields: QuestionFields,
    pub retired: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionFields {
    pub module_id: i64,
    pub text: String,
    pub options: Vec<String>,
    /// Index (from 0) of the correct option.
    pub correct: usize,
    pub explanation: Option<String>,
}

pub const MAX_OPTIONS: usize = 6;

impl QuestionFields {
    /// Checks a question typed as text: options one per line, the correct one by its number
    /// (from 1, as people count).
    pub fn parse(module_id: &str, text: &str, options: &str, correct: &str, explanation: Option<&str>) -> Result<Self> {
        let mut e = Errors::default();
        let module_id = module_id.trim().parse::<i64>().ok();
        if module_id.is_none() {
            e.add("module_id", "Pilih modul.", "Choose a module.");
        }
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 1000 {
            e.add("text", "Pertanyaan wajib diisi (maks. 1.000 karakter).", "The question is required (max 1,000).");
        }
        let options: Vec<String> =
            options.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        if options.len() < 2 || options.len() > MAX_OPTIONS || options.iter().any(|o| o.chars().count() > 300) {
            e.add("options", "Tulis 2–6 pilihan jawaban, satu per baris.", "Give 2–6 answer options, one per line.");
        }
        let correct = correct.trim().parse::<usize>().ok().filter(|c| *c >= 1 && *c <= options.len());
        if correct.is_none() {
            e.add(
                "correct",
                "Nomor jawaban benar harus salah satu pilihan.",
                "The correct answer must be one of the options.",
            );
        }
        e.finish()?;
        Ok(QuestionFields {
            module_id: module_id.unwrap_or(0),
            text: text.to_string(),
            options,
            correct: correct.unwrap_or(1) - 1,
            explanation: clean_opt(explanation),
        })
    }
}

/// An event's pre- or post-test.
#[derive(Debug, Clone, Serialize)]
pub struct EventTest {
    pub event_id: EventId,
    pub kind: TestKind,
    pub question_ids: Vec<i64>,
    pub time_limit_minutes: Option<i64>,
    pub open: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub id: i64,
    pub event_id: EventId,
    pub kind: TestKind,
    pub registration_id: i64,
    pub started_at: i64,
    pub submitted_at: Option<i64>,
    pub answers: Vec<Option<usize>>,
    pub score: Option<i64>,
    pub total: Option<i64>,
}

impl Attempt {
    pub fn percent(&self) -> Option<i64> {
        match (self.score, self.total) {
            (Some(s), Some(t)) if t > 0 => Some(s * 100 / t),
            _ => None,
        }
    }
}

/// Minutes after the time limit a submission is still accepted (slow networks).
pub const GRACE_MINUTES: i64 = 2;

/// Scores answers against the questions in order: one point per correct answer.
pub fn score(questions: &[Question], answers: &[Option<usize>]) -> (i64, i64) {
    let right = questions.iter().zip(answers).filter(|(q, a)| **a == Some(q.fields.correct)).count();
    (right as i64, questions.len() as i64)
}

/// Pre- and post-test results side by side (percent correct).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Gain {
    pub pre: Option<i64>,
    pub post: Option<i64>,
}

impl Gain {
    /// Post minus pre, in percentage points, when both are known.
    pub fn points(&self) -> Option<i64> {
        Some(self.post? - self.pre?)
    }
}

fn mean(values: impl Iterator<Item = i64>) -> Option<i64> {
    let v: Vec<i64> = values.collect();
    (!v.is_empty()).then(|| (v.iter().sum::<i64>() as f64 / v.len() as f64).round() as i64)
}

/// Knowledge gain of an event: per participant, per module and overall.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GainReport {
    pub by_registration: Vec<(i64, Gain)>,
    /// Module name → percent of that module's answers correct, before and after.
    pub by_module: Vec<(String, Gain)>,
    pub overall: Gain,
}

/// Computes the gain from submitted attempts; `questions` holds every question the tests use.
pub fn gain(attempts: &[Attempt], tests: &[EventTest], questions: &[Question]) -> GainReport {
    use std::collections::BTreeMap;
    let submitted = |k: TestKind| attempts.iter().filter(move |a| a.kind == k && a.submitted_at.is_some());
    let mut regs: BTreeMap<i64, Gain> = BTreeMap::new();
    for a in submitted(TestKind::Pre) {
        regs.entry(a.registration_id).or_default().pre = a.percent();
    }
    for a in submitted(TestKind::Post) {
        regs.entry(a.registration_id).or_default().post = a.percent();
    }
    // Per module: (right, asked) before and after.
    let mut modules: BTreeMap<String, [(i64, i64); 2]> = BTreeMap::new();
    for t in tests {
        let slot = if t.kind == TestKind::Pre { 0 } else { 1 };
        for a in submitted(t.kind) {
            for (qid, ans) in t.question_ids.iter().zip(&a.answers) {
                if let Some(q) = questions.iter().find(|q| q.id == *qid) {
                    let m = &mut modules.entry(q.module_name.clone()).or_default()[slot];
                    m.1 += 1;
                    if *ans == Some(q.fields.correct) {
                        m.0 += 1;
                    }
                }
            }
        }
    }
    let pct = |(r, n): (i64, i64)| (n > 0).then(|| r * 100 / n);
    GainReport {
        overall: Gain {
            pre: mean(submitted(TestKind::Pre).filter_map(Attempt::percent)),
            post: mean(submitted(TestKind::Post).filter_map(Attempt::percent)),
        },
        by_registration: regs.into_iter().collect(),
        by_module: modules.into_iter().map(|(m, [pre, post])| (m, Gain { pre: pct(pre), post: pct(post) })).collect(),
    }
}

/// The evaluation survey's answers: 1–5 on content, trainers and organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationFields {
    pub content: i64,
    pub trainers: i64,
    pub organisation: i64,
    pub comments: Option<String>,
}

impl EvaluationFields {
    pub fn parse(content: &str, trainers: &str, organisation: &str, comments: Option<&str>) -> Result<Self> {
        let mut e = Errors::default();
        let mut scale = |field: &str, v: &str| match v.trim().parse::<i64>() {
            Ok(n) if (1..=5).contains(&n) => n,
            _ => {
                e.add(field, "Pilih nilai 1–5.", "Choose a value from 1 to 5.");
                0
            }
        };
        let fields = EvaluationFields {
            content: scale("content", content),
            trainers: scale("trainers", trainers),
            organisation: scale("organisation", organisation),
            comments: clean_opt(comments).map(|c| c.chars().take(4000).collect()),
        };
        e.finish()?;
        Ok(fields)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub registration_id: i64,
    pub fields: EvaluationFields,
    pub submitted_at: i64,
}

/// Average scores (to one decimal, ×10 to stay whole) and the number of answers.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct EvaluationSummary {
    pub answers: i64,
    pub content_x10: Option<i64>,
    pub trainers_x10: Option<i64>,
    pub organisation_x10: Option<i64>,
}

pub fn summarise(evals: &[Evaluation]) -> EvaluationSummary {
    let avg = |f: fn(&EvaluationFields) -> i64| {
        (!evals.is_empty()).then(|| {
            (evals.iter().map(|e| f(&e.fields)).sum::<i64>() as f64 * 10.0 / evals.len() as f64).round() as i64
        })
    };
    EvaluationSummary {
        answers: evals.len() as i64,
        content_x10: avg(|f| f.content),
        trainers_x10: avg(|f| f.trainers),
        organisation_x10: avg(|f| f.organisation),
    }
}

/// `4,3` from 43 (one decimal, Indonesian comma) or `4.3` in English.
pub fn decimal_x10(v: i64, lang: crate::i18n::Lang) -> String {
    let sep = if lang == crate::i18n::Lang::En { '.' } else { ',' };
    format!("{}{sep}{}", v / 10, v % 10)
}

#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    pub id: i64,
    pub registration_id: i64,
    pub number: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
}

/// A new certificate number: year, event, registration and a random tail, so numbers cannot
/// be guessed to learn who attended.
pub fn certificate_number(year: i32, event_id: EventId, registration_id: i64) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let tail: String = (0..5).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("{year}-{event_id:04}-{registration_id:05}-{tail}")
}

/// What the public verification page may show: name and event only.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub number: String,
    pub person_name: String,
    pub event_name: String,
    pub revoked: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpPlan {
    pub id: i64,
    pub event_id: EventId,
    pub event_name: String,
    pub library_id: LibraryId,
    pub library_name: String,
    pub plan: String,
    pub target_date: Option<time::Date>,
    pub updated_at: i64,
}

pub fn parse_plan(plan: &str, target_date: Option<&str>) -> Result<(String, Option<time::Date>)> {
    let mut e = Errors::default();
    let plan = plan.trim();
    if plan.is_empty() || plan.chars().count() > 4000 {
        e.add(
            "plan",
            "Tuliskan rencana tindak lanjut (maks. 4.000 karakter).",
            "Write the follow-up plan (max 4,000).",
        );
    }
    let date = match target_date.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(d) => {
            let parsed = crate::activity::parse_date(d);
            if parsed.is_none() {
                e.add("target_date", "Tanggal target tidak valid.", "Invalid target date.");
            }
            parsed
        }
    };
    e.finish()?;
    Ok((plan.to_string(), date))
}

/// A test as the participant sees it: questions without the answers.
pub fn require_open(t: Option<&EventTest>) -> Result<&EventTest> {
    match t {
        Some(t) if t.open && !t.question_ids.is_empty() => Ok(t),
        _ => Err(Error::Conflict("Tes ini belum dibuka oleh panitia.".into())),
    }
}

/// A certificate with what is printed on it.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateRecord {
    pub certificate: Certificate,
    pub event_id: EventId,
    pub person_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, module: &str, correct: usize) -> Question {
        Question {
            id,
            module_id: 1,
            module_name: module.into(),
            fields: QuestionFields {
                module_id: 1,
                text: "?".into(),
                options: vec!["a".into(), "b".into(), "c".into()],
                correct,
                explanation: None,
            },
            retired: false,
        }
    }

    fn attempt(reg: i64, kind: TestKind, answers: Vec<Option<usize>>, qs: &[Question]) -> Attempt {
        let (s, t) = score(qs, &answers);
        Attempt {
            id: 0,
            event_id: EventId::new(1),
            kind,
            registration_id: reg,
            started_at: 0,
            submitted_at: Some(1),
            answers,
            score: Some(s),
            total: Some(t),
        }
    }

    #[test]
    fn questions_are_checked() {
        assert!(QuestionFields::parse("1", "Apa itu TPBIS?", "a\nb\nc", "2", None).is_ok());
        let Err(Error::Validation(e)) = QuestionFields::parse("", "", "hanya satu", "3", None) else { panic!() };
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["module_id", "text", "options", "correct"]);
    }

    #[test]
    fn scoring_and_gain_per_participant_module_and_event() {
        let qs = [q(1, "Advokasi", 0), q(2, "Kemitraan", 1)];
        assert_eq!(score(&qs, &[Some(0), None]), (1, 2));
        let tests = [
            EventTest {
                event_id: EventId::new(1),
                kind: TestKind::Pre,
                question_ids: vec![1, 2],
                time_limit_minutes: None,
                open: true,
            },
            EventTest {
                event_id: EventId::new(1),
                kind: TestKind::Post,
                question_ids: vec![1, 2],
                time_limit_minutes: None,
                open: true,
            },
        ];
        let attempts = [
            attempt(10, TestKind::Pre, vec![Some(1), Some(1)], &qs),
            attempt(11, TestKind::Pre, vec![Some(1), Some(0)], &qs),
            attempt(10, TestKind::Post, vec![Some(0), Some(1)], &qs),
            attempt(11, TestKind::Post, vec![Some(0), Some(0)], &qs),
        ];
        let g = gain(&attempts, &tests, &qs);
        assert_eq!(
            g.by_registration,
            vec![(10, Gain { pre: Some(50), post: Some(100) }), (11, Gain { pre: Some(0), post: Some(50) })]
        );
        assert_eq!(g.overall, Gain { pre: Some(25), post: Some(75) });
        assert_eq!(g.overall.points(), Some(50));
        assert_eq!(
            g.by_module,
            vec![
                ("Advokasi".into(), Gain { pre: Some(0), post: Some(100) }),
                ("Kemitraan".into(), Gain { pre: Some(50), post: Some(50) })
            ]
        );
    }

    #[test]
    fn evaluation_scales_and_summary() {
        assert!(EvaluationFields::parse("6", "3", "x", None).is_err());
        let e = |c, t, o| Evaluation {
            registration_id: 1,
            fields: EvaluationFields { content: c, trainers: t, organisation: o, comments: None },
            submitted_at: 0,
        };
        let s = summarise(&[e(5, 4, 3), e(4, 4, 4)]);
        assert_eq!((s.answers, s.content_x10, s.trainers_x10, s.organisation_x10), (2, Some(45), Some(40), Some(35)));
        assert_eq!(decimal_x10(45, crate::i18n::Lang::Id), "4,5");
    }

    #[test]
    fn certificate_numbers_are_unguessable() {
        let a = certificate_number(2026, EventId::new(7), 42);
        assert!(a.starts_with("2026-0007-00042-"));
        assert_ne!(a, certificate_number(2026, EventId::new(7), 42));
    }
}
