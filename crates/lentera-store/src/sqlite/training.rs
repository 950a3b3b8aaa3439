//! Question bank, tests and attempts, evaluations, certificates and follow-up plans.

use lentera_core::ids::EventId;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::{SqliteStore, bad, db_err, id_at, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::LibraryId;
use lentera_core::store::TrainingStore;
use lentera_core::training::CertificateRecord;
use lentera_core::training::{
    Attempt, Certificate, Evaluation, EvaluationFields, EventTest, FollowUpPlan, Question, QuestionFields, TestKind,
};
use lentera_core::{Error, Result};

fn json_at<T: serde::de::DeserializeOwned>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s).map_err(|_| bad(i))
}

const QUESTION_COLUMNS: &str = "q.id, q.module_id, m.name, q.text, q.options, q.correct, q.explanation, q.retired";
const QUESTION_FROM: &str = "questions q JOIN curriculum_modules m ON m.id = q.module_id";

fn question_row(r: &Row) -> rusqlite::Result<Question> {
    let correct: i64 = r.get(5)?;
    Ok(Question {
        id: r.get(0)?,
        module_id: r.get(1)?,
        module_name: r.get(2)?,
        fields: QuestionFields {
            module_id: r.get(1)?,
            text: r.get(3)?,
            options: json_at(r, 4)?,
            correct: usize::try_from(correct).map_err(|_| bad(5))?,
            explanation: r.get(6)?,
        },
        retired: r.get(7)?,
    })
}

fn attempt_row(r: &Row) -> rusqlite::Result<Attempt> {
    let kind: String = r.get(2)?;
    let answers: Option<String> = r.get(6)?;
    Ok(Attempt {
        id: r.get(0)?,
        event_id: id_at(r, 1)?,
        kind: TestKind::parse(&kind).ok_or_else(|| bad(2))?,
        registration_id: r.get(3)?,
        started_at: r.get(4)?,
        submitted_at: r.get(5)?,
        answers: answers.map(|a| serde_json::from_str(&a).map_err(|_| bad(6))).transpose()?.unwrap_or_default(),
        score: r.get(7)?,
        total: r.get(8)?,
    })
}

const ATTEMPT_COLUMNS: &str = "id, event_id, kind, registration_id, started_at, submitted_at, answers, score, total";

const CERT_SELECT: &str = "SELECT c.id, c.registration_id, c.number, c.issued_at, c.revoked_at, c.revoked_reason,
    r.event_id, p.full_name FROM certificates c JOIN registrations r ON r.id = c.registration_id
    JOIN people p ON p.id = r.person_id";

fn cert_row(r: &Row) -> rusqlite::Result<CertificateRecord> {
    Ok(CertificateRecord {
        certificate: Certificate {
            id: r.get(0)?,
            registration_id: r.get(1)?,
            number: r.get(2)?,
            issued_at: r.get(3)?,
            revoked_at: r.get(4)?,
            revoked_reason: r.get(5)?,
        },
        event_id: id_at(r, 6)?,
        person_name: r.get(7)?,
    })
}

const PLAN_SELECT: &str = "SELECT f.id, f.event_id, e.name, f.library_id, l.name, f.plan, f.target_date, f.updated_at
    FROM follow_up_plans f JOIN events e ON e.id = f.event_id JOIN libraries l ON l.id = f.library_id";

fn plan_row(r: &Row) -> rusqlite::Result<FollowUpPlan> {
    let date: Option<String> = r.get(6)?;
    Ok(FollowUpPlan {
        id: r.get(0)?,
        event_id: id_at(r, 1)?,
        event_name: r.get(2)?,
        library_id: id_at(r, 3)?,
        library_name: r.get(4)?,
        plan: r.get(5)?,
        target_date: date.map(|d| lentera_core::activity::parse_date(&d).ok_or_else(|| bad(6))).transpose()?,
        updated_at: r.get(7)?,
    })
}

impl SqliteStore {
    fn query_vec<T>(&self, sql: &str, args: &[Value], f: impl FnMut(&Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        self.read(|c| {
            c.prepare_cached(sql)
                .map_err(db_err)?
                .query_map(params_from_iter(args.iter()), f)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }
}

impl TrainingStore for SqliteStore {
    fn questions(&self, module_id: Option<i64>, include_retired: bool) -> Result<Vec<Question>> {
        self.query_vec(
            &format!(
                "SELECT {QUESTION_COLUMNS} FROM {QUESTION_FROM} WHERE (?1 IS NULL OR q.module_id = ?1)
                 AND (?2 OR q.retired = 0) ORDER BY m.name, q.id"
            ),
            &[module_id.map(Value::Integer).unwrap_or(Value::Null), Value::Integer(include_retired.into())],
            question_row,
        )
    }

    fn questions_by_id(&self, ids: &[i64]) -> Result<Vec<Question>> {
        let json = serde_json::to_string(ids).map_err(Error::unexpected)?;
        let found = self.query_vec(
            &format!("SELECT {QUESTION_COLUMNS} FROM {QUESTION_FROM} WHERE q.id IN (SELECT value FROM json_each(?))"),
            &[Value::Text(json)],
            question_row,
        )?;
        // In the order asked for.
        Ok(ids.iter().filter_map(|id| found.iter().find(|q| q.id == *id).cloned()).collect())
    }

    fn save_question(
        &self,
        id: Option<i64>,
        f: &QuestionFields,
        retired: bool,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Question> {
        let options = serde_json::to_string(&f.options).map_err(Error::unexpected)?;
        let id = self.write(|tx| {
            let id = match id {
                None => {
                    tx.execute(
                        "INSERT INTO questions (module_id, text, options, correct, explanation, retired, created_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?)",
                        params![f.module_id, f.text, options, f.correct as i64, f.explanation, retired, now],
                    )
                    .map_err(db_err)?;
                    tx.last_insert_rowid()
                }
                Some(id) => {
                    let n = tx
                        .execute(
                            "UPDATE questions SET module_id = ?, text = ?, options = ?, correct = ?, explanation = ?,
                             retired = ? WHERE id = ?",
                            params![f.module_id, f.text, options, f.correct as i64, f.explanation, retired, id],
                        )
                        .map_err(db_err)?;
                    if n == 0 {
                        return Err(Error::NotFound);
                    }
                    id
                }
            };
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.questions_by_id(&[id])?.pop().ok_or(Error::NotFound)
    }

    fn event_test(&self, event_id: EventId, kind: TestKind) -> Result<Option<EventTest>> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT question_ids, time_limit_minutes, open FROM event_tests WHERE event_id = ? AND kind = ?",
            )
            .map_err(db_err)?
            .query_row(params![event_id.get(), kind.code()], |r| {
                Ok(EventTest {
                    event_id,
                    kind,
                    question_ids: json_at(r, 0)?,
                    time_limit_minutes: r.get(1)?,
                    open: r.get(2)?,
                })
            })
            .optional()
            .map_err(db_err)
        })
    }

    fn save_event_test(&self, t: &EventTest, audit: AuditRecord) -> Result<()> {
        let ids = serde_json::to_string(&t.question_ids).map_err(Error::unexpected)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO event_tests (event_id, kind, question_ids, time_limit_minutes, open) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (event_id, kind) DO UPDATE SET question_ids = excluded.question_ids,
                   time_limit_minutes = excluded.time_limit_minutes, open = excluded.open",
                params![t.event_id.get(), t.kind.code(), ids, t.time_limit_minutes, t.open],
            )
            .map_err(db_err)?;
            write_audit(tx, &audit, Some(t.event_id.get()))
        })
    }

    fn attempts(&self, event_id: EventId) -> Result<Vec<Attempt>> {
        let event_id = event_id.get();
        self.query_vec(
            &format!("SELECT {ATTEMPT_COLUMNS} FROM test_attempts WHERE event_id = ? ORDER BY id"),
            &[event_id.into()],
            attempt_row,
        )
    }

    fn start_attempt(&self, event_id: EventId, kind: TestKind, registration_id: i64, now: i64) -> Result<Attempt> {
        let event_id = event_id.get();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO test_attempts (event_id, kind, registration_id, started_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (event_id, kind, registration_id) DO NOTHING",
                params![event_id, kind.code(), registration_id, now],
            )
            .map_err(db_err)?;
            tx.query_row(
                &format!("SELECT {ATTEMPT_COLUMNS} FROM test_attempts WHERE event_id = ? AND kind = ? AND registration_id = ?"),
                params![event_id, kind.code(), registration_id],
                attempt_row,
            )
            .map_err(db_err)
        })
    }

    fn submit_attempt(
        &self,
        id: i64,
        answers: &[Option<usize>],
        (score, total): (i64, i64),
        now: i64,
        audit: AuditRecord,
    ) -> Result<Attempt> {
        let json = serde_json::to_string(answers).map_err(Error::unexpected)?;
        self.write(|tx| {
            let n = tx
                .execute(
                    "UPDATE test_attempts SET answers = ?, score = ?, total = ?, submitted_at = ?
                     WHERE id = ? AND submitted_at IS NULL",
                    params![json, score, total, now, id],
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_audit(tx, &audit, Some(id))?;
            tx.query_row(&format!("SELECT {ATTEMPT_COLUMNS} FROM test_attempts WHERE id = ?"), [id], attempt_row)
                .map_err(db_err)
        })
    }

    fn evaluations(&self, event_id: EventId) -> Result<Vec<Evaluation>> {
        let event_id = event_id.get();
        self.query_vec(
            "SELECT registration_id, content, trainers, organisation, comments, submitted_at FROM evaluations
             WHERE event_id = ? ORDER BY id",
            &[event_id.into()],
            |r| {
                Ok(Evaluation {
                    registration_id: r.get(0)?,
                    fields: EvaluationFields {
                        content: r.get(1)?,
                        trainers: r.get(2)?,
                        organisation: r.get(3)?,
                        comments: r.get(4)?,
                    },
                    submitted_at: r.get(5)?,
                })
            },
        )
    }

    fn insert_evaluation(
        &self,
        event_id: EventId,
        registration_id: i64,
        f: &EvaluationFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()> {
        let event_id = event_id.get();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO evaluations (event_id, registration_id, content, trainers, organisation, comments, submitted_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
                params![event_id, registration_id, f.content, f.trainers, f.organisation, f.comments, now],
            )
            .map_err(db_err)?;
            write_audit(tx, &audit, Some(event_id))
        })
    }

    fn certificates(&self, event_id: EventId) -> Result<Vec<CertificateRecord>> {
        let event_id = event_id.get();
        self.query_vec(
            &format!("{CERT_SELECT} WHERE r.event_id = ? ORDER BY p.search_name"),
            &[event_id.into()],
            cert_row,
        )
    }

    fn certificate_by_number(&self, number: &str) -> Result<Option<CertificateRecord>> {
        Ok(self.query_vec(&format!("{CERT_SELECT} WHERE c.number = ?"), &[number.to_string().into()], cert_row)?.pop())
    }

    fn issue_certificates(&self, pairs: &[(i64, String)], now: i64, audit: AuditRecord) -> Result<usize> {
        self.write(|tx| {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO certificates (registration_id, number, issued_at) VALUES (?, ?, ?)
                     ON CONFLICT (registration_id) DO NOTHING",
                )
                .map_err(db_err)?;
            let mut n = 0;
            for (rid, number) in pairs {
                n += stmt.execute(params![rid, number, now]).map_err(db_err)?;
            }
            write_audit(tx, &audit, None)?;
            Ok(n)
        })
    }

    fn revoke_certificate(&self, id: i64, reason: &str, now: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            let n = tx
                .execute(
                    "UPDATE certificates SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
                    params![now, reason, id],
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_audit(tx, &audit, Some(id))
        })
    }

    fn follow_ups_of_event(&self, event_id: EventId) -> Result<Vec<FollowUpPlan>> {
        let event_id = event_id.get();
        self.query_vec(&format!("{PLAN_SELECT} WHERE f.event_id = ? ORDER BY l.name"), &[event_id.into()], plan_row)
    }

    fn follow_ups_of_library(&self, library_id: LibraryId) -> Result<Vec<FollowUpPlan>> {
        let library_id = library_id.get();
        self.query_vec(
            &format!("{PLAN_SELECT} WHERE f.library_id = ? ORDER BY e.start_date DESC"),
            &[library_id.into()],
            plan_row,
        )
    }

    fn save_follow_up(
        &self,
        event_id: EventId,
        library_id: LibraryId,
        plan: &str,
        target_date: Option<time::Date>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()> {
        let (event_id, library_id) = (event_id.get(), library_id.get());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO follow_up_plans (event_id, library_id, plan, target_date, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (event_id, library_id) DO UPDATE SET plan = excluded.plan,
                   target_date = excluded.target_date, updated_at = excluded.updated_at",
                params![event_id, library_id, plan, target_date.map(|d| d.to_string()), now, now],
            )
            .map_err(db_err)?;
            write_audit(tx, &audit, Some(event_id))
        })
    }
}
