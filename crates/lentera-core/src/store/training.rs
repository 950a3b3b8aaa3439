//! After an event: the question bank, tests and attempts, evaluations, certificates and follow-up plans.

use crate::Result;
use crate::audit::AuditRecord;
use crate::ids::EventId;
use crate::ids::LibraryId;
use crate::training::{
    Attempt, CertificateRecord, Evaluation, EvaluationFields, EventTest, FollowUpPlan, Question, QuestionFields,
    TestKind,
};

pub trait TrainingStore {
    fn questions(&self, module_id: Option<i64>, include_retired: bool) -> Result<Vec<Question>>;
    fn questions_by_id(&self, ids: &[i64]) -> Result<Vec<Question>>;
    /// Adds (`id: None`) or changes/retires a question.
    fn save_question(
        &self,
        id: Option<i64>,
        fields: &QuestionFields,
        retired: bool,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Question>;
    fn event_test(&self, event_id: EventId, kind: TestKind) -> Result<Option<EventTest>>;
    fn save_event_test(&self, test: &EventTest, audit: AuditRecord) -> Result<()>;
    fn attempts(&self, event_id: EventId) -> Result<Vec<Attempt>>;
    /// The participant's attempt, started now if there is none yet.
    fn start_attempt(&self, event_id: EventId, kind: TestKind, registration_id: i64, now: i64) -> Result<Attempt>;
    /// Records the answers once; a second submission is refused with `Error::Stale`.
    fn submit_attempt(
        &self,
        id: i64,
        answers: &[Option<usize>],
        score: (i64, i64),
        now: i64,
        audit: AuditRecord,
    ) -> Result<Attempt>;
    fn evaluations(&self, event_id: EventId) -> Result<Vec<Evaluation>>;
    /// One evaluation per participant; a second is refused with `Error::Duplicate(Unique::Evaluation)`.
    fn insert_evaluation(
        &self,
        event_id: EventId,
        registration_id: i64,
        fields: &EvaluationFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;
    fn certificates(&self, event_id: EventId) -> Result<Vec<CertificateRecord>>;
    fn certificate_by_number(&self, number: &str) -> Result<Option<CertificateRecord>>;
    /// Issues the given `(registration id, number)` pairs; registrations that already have
    /// a certificate keep it. Returns how many were new.
    fn issue_certificates(&self, pairs: &[(i64, String)], now: i64, audit: AuditRecord) -> Result<usize>;
    /// `Error::Stale` when it was revoked already.
    fn revoke_certificate(&self, id: i64, reason: &str, now: i64, audit: AuditRecord) -> Result<()>;
    fn follow_ups_of_event(&self, event_id: EventId) -> Result<Vec<FollowUpPlan>>;
    fn follow_ups_of_library(&self, library_id: LibraryId) -> Result<Vec<FollowUpPlan>>;
    /// Saves the library's plan for the event (one per library and event).
    #[allow(clippy::too_many_arguments)]
    fn save_follow_up(
        &self,
        event_id: EventId,
        library_id: LibraryId,
        plan: &str,
        target_date: Option<time::Date>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;
}
