//! Storage ports. Adapters (SQLite now, PostgreSQL later) implement these; nothing else in
//! Lentera writes SQL. Methods are synchronous: the web layer runs them on blocking threads.
//! Every method that changes data takes the [`AuditRecord`] and writes it in the same
//! transaction, so a change and its audit entry land together or not at all.

use crate::Result;
use crate::activity::{Activity, ActivityFields, ActivityFilter, ActivityStatus, NewPhoto, Photo};
use crate::audit::{AuditEntry, AuditFilter, AuditRecord};
use crate::event::{
    AgendaSession, AttendanceMark, Event, EventFields, EventFilter, Person, PersonFields, Quota, Registration,
    RegistrationFilter, RegistrationStatus, SessionFields, Trainer,
};
use crate::indicators::{ActivityCell, ActivityCounts, MonthlyCounts};
use crate::iplm::{Group, GroupInputs};
use crate::kpi::KpiFacts;
use crate::library::{
    Equipment, EquipmentFields, KtakFigures, Library, LibraryFields, LibraryFilter, LibrarySummary, LibraryType, Page,
    PageRequest,
};
use crate::lists::{ListItem, ManagedList};
use crate::monthly::{CompletenessCounts, MissingReport, MonthlyFigures, MonthlyFilter, MonthlyReport, Period};
use crate::region::{Region, RegionCode, RegionLevel, RegionWithCount};
use crate::training::{
    Attempt, Certificate, Evaluation, EvaluationFields, EventTest, FollowUpPlan, Question, QuestionFields, TestKind,
};
use crate::user::{ApiToken, Role, Scope, User};

pub trait RegionStore {
    /// How many regions of each level are stored.
    fn region_counts(&self) -> Result<Vec<(RegionLevel, i64)>>;
    fn region(&self, code: &RegionCode) -> Result<Option<Region>>;
    /// The children of a region (`None`: the provinces), each with its library count.
    fn region_children(&self, parent: Option<&RegionCode>) -> Result<Vec<RegionWithCount>>;
    /// Regions whose folded name contains the folded query, best matches first.
    fn search_regions(
        &self,
        folded_query: &str,
        level: Option<RegionLevel>,
        within: Option<&RegionCode>,
        limit: i64,
    ) -> Result<Vec<Region>>;
    /// Number of libraries in a region's subtree (`None`: the nation).
    fn library_count_in(&self, region: Option<&RegionCode>) -> Result<i64>;
}

pub trait LibraryStore {
    fn library(&self, id: i64) -> Result<Option<Library>>;
    fn library_by_npp(&self, npp: &str) -> Result<Option<Library>>;
    fn list_libraries(&self, filter: &LibraryFilter, page: PageRequest) -> Result<Page<LibrarySummary>>;
    /// Calls `f` for every library matching the filter, in the filter's order (for exports).
    fn each_library(&self, filter: &LibraryFilter, f: &mut dyn FnMut(&Library) -> Result<()>) -> Result<()>;
    fn insert_library(&self, fields: &LibraryFields, now: i64, audit: AuditRecord) -> Result<Library>;
    /// Refused with `Conflict` when the stored version is not `expected_version`.
    fn update_library(
        &self,
        id: i64,
        expected_version: i64,
        fields: &LibraryFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Library>;
    fn delete_library(&self, id: i64, audit: AuditRecord) -> Result<()>;
    /// Inserts all or nothing.
    fn insert_libraries(&self, rows: &[LibraryFields], now: i64, audit: &AuditRecord) -> Result<Vec<i64>>;
    fn ktak(&self, library_id: i64) -> Result<Vec<KtakFigures>>;
    fn save_ktak(&self, library_id: i64, figures: &KtakFigures, audit: AuditRecord) -> Result<()>;
    fn equipment(&self, library_id: i64) -> Result<Vec<Equipment>>;
    /// Inserts (`id: None`) or updates one item of the library's equipment.
    fn save_equipment(
        &self,
        library_id: i64,
        id: Option<i64>,
        fields: &EquipmentFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Equipment>;
    fn delete_equipment(&self, library_id: i64, id: i64, audit: AuditRecord) -> Result<()>;
}

/// A user row together with what only the account services may see.
#[derive(Debug, Clone)]
pub struct UserSecret {
    pub user: User,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub scope: Scope,
    pub scope_region: Option<RegionCode>,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub last_seen_at: i64,
}

pub trait AccountStore {
    fn user_count(&self) -> Result<i64>;
    /// Active users of one role (e.g. the trainers to choose from), by name.
    fn users_with_role(&self, role: Role, limit: i64) -> Result<Vec<User>>;
    fn user(&self, id: i64) -> Result<Option<User>>;
    fn user_secret(&self, username: &str) -> Result<Option<UserSecret>>;
    /// Users whose scope lies in `within` (`None`: all), matching a folded query.
    fn list_users(&self, within: Option<&RegionCode>, query: Option<&str>, page: PageRequest) -> Result<Page<User>>;
    fn insert_user(&self, user: &NewUser, now: i64, audit: AuditRecord) -> Result<User>;
    fn update_user(&self, user: &User, now: i64, audit: AuditRecord) -> Result<User>;
    /// Sets a new password hash and ends the user's other sessions (all but `keep_session`).
    fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        keep_session: Option<&str>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;

    fn create_session(&self, id_hash: &str, user_id: i64, csrf: &str, now: i64) -> Result<()>;
    /// The live session with this id hash, if it was seen within `idle_secs`; touches it.
    fn session(&self, id_hash: &str, now: i64, idle_secs: i64) -> Result<Option<Session>>;
    fn delete_session(&self, id_hash: &str) -> Result<()>;

    fn record_failed_login(&self, key: &str, now: i64) -> Result<()>;
    /// Atomically: when fewer than `limit` attempts under each key were recorded since
    /// `since`, records one under each and returns their ids; otherwise records nothing.
    /// Concurrent callers cannot both take the last attempt.
    fn take_attempts(&self, keys: &[(&str, i64)], since: i64, now: i64) -> Result<Option<Vec<i64>>>;
    /// Forgets attempts taken by [`Store::take_attempts`] (a sign-in that succeeded).
    fn release_attempts(&self, ids: &[i64]) -> Result<()>;
    fn failed_logins_since(&self, key: &str, since: i64) -> Result<i64>;
    fn clear_failed_logins(&self, key: &str) -> Result<()>;

    fn insert_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        now: i64,
        audit: AuditRecord,
    ) -> Result<ApiToken>;
    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>>;
    fn token(&self, id: i64) -> Result<Option<ApiToken>>;
    fn revoke_token(&self, id: i64, now: i64, audit: AuditRecord) -> Result<()>;
    /// The active user behind a live token; touches the token's last use.
    fn user_by_token(&self, token_hash: &str, now: i64) -> Result<Option<User>>;

    fn save_setup_token(&self, token_hash: &str, now: i64) -> Result<()>;
    /// Uses up a setup token; true when it existed, was unused and no user exists yet.
    fn consume_setup_token(&self, token_hash: &str) -> Result<bool>;
}

/// An activity report read from an import file, checked and ready to write.
#[derive(Debug, Clone)]
pub struct ImportedActivity {
    pub library_id: i64,
    pub region_code: RegionCode,
    /// Given in the file or derived from library, date and title: a second import of the
    /// same row finds the first.
    pub client_id: String,
    pub fields: ActivityFields,
}

/// A month's figures read from an import file, checked and ready to write.
#[derive(Debug, Clone)]
pub struct ImportedMonthly {
    pub library_id: i64,
    pub region_code: RegionCode,
    pub period: Period,
    pub figures: MonthlyFigures,
}

pub trait ActivityStore {
    fn activity(&self, id: i64) -> Result<Option<Activity>>;
    fn activity_by_client_id(&self, client_id: &str) -> Result<Option<Activity>>;
    fn list_activities(&self, filter: &ActivityFilter, page: PageRequest) -> Result<Page<Activity>>;
    /// Calls `f` for every matching report, newest first (for exports).
    fn each_activity(&self, filter: &ActivityFilter, f: &mut dyn FnMut(&Activity) -> Result<()>) -> Result<()>;
    fn insert_activity(
        &self,
        library: &Library,
        client_id: Option<&str>,
        fields: &ActivityFields,
        created_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Activity>;
    /// Refused with `Conflict` when the stored version is not `expected_version`.
    fn update_activity(
        &self,
        id: i64,
        expected_version: i64,
        fields: &ActivityFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Activity>;
    fn photos(&self, activity_id: i64) -> Result<Vec<Photo>>;
    fn photo_by_name(&self, name: &str) -> Result<Option<Photo>>;
    fn insert_photo(&self, activity_id: i64, photo: &NewPhoto, now: i64, audit: AuditRecord) -> Result<Photo>;
    fn delete_photo(&self, id: i64, audit: AuditRecord) -> Result<()>;
    /// Moves a report to `status` if it is still in `from` (another reviewer may have acted).
    /// Writes imported reports in one transaction, all or none, with an audit entry each.
    fn insert_imported_activities(
        &self,
        rows: &[ImportedActivity],
        status: ActivityStatus,
        created_by: Option<i64>,
        now: i64,
        audit: &AuditRecord,
    ) -> Result<usize>;
    fn set_activity_status(
        &self,
        id: i64,
        from: ActivityStatus,
        status: ActivityStatus,
        comment: Option<&str>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Activity>;
}

pub trait MonthlyStore {
    fn monthly_report(&self, id: i64) -> Result<Option<MonthlyReport>>;
    fn monthly_by_period(&self, library_id: i64, period: Period) -> Result<Option<MonthlyReport>>;
    fn monthly_by_client_id(&self, client_id: &str) -> Result<Option<MonthlyReport>>;
    fn list_monthly(&self, filter: &MonthlyFilter, page: PageRequest) -> Result<Page<MonthlyReport>>;
    /// The library's reports for the `n` months before `before`, newest first.
    /// Calls `f` for every matching report, newest month first (for exports).
    fn each_monthly(&self, filter: &MonthlyFilter, f: &mut dyn FnMut(&MonthlyReport) -> Result<()>) -> Result<()>;
    fn recent_monthly(&self, library_id: i64, before: Period, n: i64) -> Result<Vec<MonthlyReport>>;
    fn insert_monthly(
        &self,
        library: &Library,
        client_id: Option<&str>,
        period: Period,
        figures: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
    fn update_monthly(
        &self,
        id: i64,
        expected_version: i64,
        figures: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
    /// Completeness for `period` of the children of `parent` (`None`: the provinces), counted
    /// against the deadline in WIB, WITA and WIT each.
    fn completeness(
        &self,
        parent: Option<&RegionCode>,
        period: Period,
        deadlines: [i64; 3],
    ) -> Result<Vec<CompletenessCounts>>;
    /// Programme libraries in a region that have not reported `period`, with their managers.
    fn missing_reports(&self, region: Option<&RegionCode>, period: Period, limit: i64) -> Result<Vec<MissingReport>>;
    /// Moves a report from `from` to `status`; on approval the library's KTAK figures for the
    /// year are recomputed from its approved months in the same transaction.
    /// Writes imported months in one transaction, all or none, with an audit entry each.
    fn insert_imported_monthly(
        &self,
        rows: &[ImportedMonthly],
        status: ActivityStatus,
        now: i64,
        audit: &AuditRecord,
    ) -> Result<usize>;
    fn set_monthly_status(
        &self,
        id: i64,
        from: ActivityStatus,
        status: ActivityStatus,
        comment: Option<&str>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
}

/// The facts KPI colours are computed from (see [`crate::kpi`]).
pub trait KpiStore {
    /// Facts of a month for every library expected to report in a region's subtree (the
    /// whole country when `None`).
    fn kpi_facts_in(&self, region: Option<&RegionCode>, period: Period) -> Result<Vec<KpiFacts>>;
    /// Facts of a month for the given libraries, expected to report or not.
    fn kpi_facts_of(&self, library_ids: &[i64], period: Period) -> Result<Vec<KpiFacts>>;
}

pub trait ListStore {
    fn list_items(&self, list: ManagedList, include_retired: bool) -> Result<Vec<ListItem>>;
    /// Adds (`id: None`) or renames/retires an item.
    fn save_list_item(
        &self,
        list: ManagedList,
        id: Option<i64>,
        name: &str,
        retired: bool,
        audit: AuditRecord,
    ) -> Result<ListItem>;
}

/// One event in a person's training history.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TrainingRecord {
    pub registration_id: i64,
    pub event_id: i64,
    pub event_name: String,
    pub start_date: time::Date,
    pub end_date: time::Date,
    pub status: RegistrationStatus,
    pub days_present: i64,
}

pub trait EventStore {
    fn event(&self, id: i64) -> Result<Option<Event>>;
    fn event_by_registration_code(&self, code: &str) -> Result<Option<Event>>;
    fn list_events(&self, filter: &EventFilter, page: PageRequest) -> Result<Page<Event>>;
    fn insert_event(&self, new: &NewEvent, now: i64, audit: AuditRecord) -> Result<Event>;
    /// Refused with `Conflict` when the stored version is not `expected_version`.
    fn update_event(
        &self,
        id: i64,
        expected_version: i64,
        fields: &EventFields,
        trainers: &[Trainer],
        now: i64,
        audit: AuditRecord,
    ) -> Result<Event>;
    /// Refused with `Conflict` while anyone is registered.
    fn delete_event(&self, id: i64, audit: AuditRecord) -> Result<()>;
    fn save_quotas(&self, event_id: i64, quotas: &[Quota], audit: AuditRecord) -> Result<()>;
    fn agenda(&self, event_id: i64) -> Result<Vec<AgendaSession>>;
    fn insert_agenda_session(&self, event_id: i64, fields: &SessionFields, audit: AuditRecord)
    -> Result<AgendaSession>;
    fn delete_agenda_session(&self, event_id: i64, id: i64, audit: AuditRecord) -> Result<()>;

    fn person(&self, id: i64) -> Result<Option<Person>>;
    /// Unmerged people sharing the phone or email, or with the same folded name at the library.
    fn people_like(
        &self,
        phone_norm: Option<&str>,
        email_norm: Option<&str>,
        folded_name: &str,
        library_id: Option<i64>,
    ) -> Result<Vec<Person>>;
    fn list_people(
        &self,
        region: Option<&RegionCode>,
        library_id: Option<i64>,
        folded_query: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Person>>;
    fn insert_person(&self, fields: &PersonFields, now: i64, audit: AuditRecord) -> Result<Person>;
    fn update_person(&self, id: i64, fields: &PersonFields, now: i64, audit: AuditRecord) -> Result<Person>;
    /// Pairs of unmerged people in a region that share a phone or an email, or a folded name
    /// at the same library: likely one person entered twice.
    fn duplicate_people(&self, region: Option<&RegionCode>, limit: i64) -> Result<Vec<(Person, Person)>>;
    /// Moves `merge`'s registrations to `keep` (where `keep` is not already registered) and
    /// marks `merge` as merged.
    fn merge_people(&self, keep: i64, merge: i64, now: i64, audit: AuditRecord) -> Result<()>;
    /// Replaces the person's name and contacts with an anonymous label and drops the
    /// personal data kept in their audit entries; registrations, attendance and
    /// certificates stay, so counts do not change.
    fn anonymise_person(&self, id: i64, label: &str, now: i64, audit: AuditRecord) -> Result<()>;
    /// Records that someone read or exported personal data (UU 27/2022).
    fn record_access(&self, audit: AuditRecord) -> Result<()>;
    fn training_history(&self, person_id: i64) -> Result<Vec<TrainingRecord>>;

    fn registration(&self, id: i64) -> Result<Option<Registration>>;
    fn registration_by_code(&self, event_id: i64, code: &str) -> Result<Option<Registration>>;
    fn registrations(&self, event_id: i64, filter: &RegistrationFilter) -> Result<Vec<Registration>>;
    /// Registers a person. A `Registered` request becomes `Waitlisted` when no seat is free:
    /// the event's capacity, or the quota for the person's library type counted over the
    /// people of the same library. Checked inside the write, so two coordinators cannot both
    /// take the last seat.
    #[allow(clippy::too_many_arguments)]
    fn insert_registration(
        &self,
        event_id: i64,
        person_id: i64,
        code: &str,
        wanted: RegistrationStatus,
        self_registered: bool,
        nominated_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Registration>;
    /// Moves a registration from `from` to `to` (refused with `Conflict` if it moved
    /// meanwhile); moving into `Registered` lands on the waiting list when no seat is free.
    fn set_registration_status(
        &self,
        id: i64,
        from: RegistrationStatus,
        to: RegistrationStatus,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Registration>;
    /// Registers waiting people, longest waiting first, for whom a seat is free now.
    fn promote_waitlisted(&self, event_id: i64, now: i64, audit: AuditRecord) -> Result<Vec<Registration>>;
    fn attendance(&self, event_id: i64) -> Result<Vec<AttendanceMark>>;
    /// Records marks (replacing the same person's mark for the same day), all or none.
    fn save_attendance(&self, marks: &[AttendanceMark], now: i64, audit: AuditRecord) -> Result<()>;
}

/// A certificate with what is printed on it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CertificateRecord {
    pub certificate: Certificate,
    pub event_id: i64,
    pub person_name: String,
}

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
    fn event_test(&self, event_id: i64, kind: TestKind) -> Result<Option<EventTest>>;
    fn save_event_test(&self, test: &EventTest, audit: AuditRecord) -> Result<()>;
    fn attempts(&self, event_id: i64) -> Result<Vec<Attempt>>;
    /// The participant's attempt, started now if there is none yet.
    fn start_attempt(&self, event_id: i64, kind: TestKind, registration_id: i64, now: i64) -> Result<Attempt>;
    /// Records the answers once; a second submission is refused with `Conflict`.
    fn submit_attempt(
        &self,
        id: i64,
        answers: &[Option<usize>],
        score: (i64, i64),
        now: i64,
        audit: AuditRecord,
    ) -> Result<Attempt>;
    fn evaluations(&self, event_id: i64) -> Result<Vec<Evaluation>>;
    /// One evaluation per participant; a second is refused with `Conflict`.
    fn insert_evaluation(
        &self,
        event_id: i64,
        registration_id: i64,
        fields: &EvaluationFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;
    fn certificates(&self, event_id: i64) -> Result<Vec<CertificateRecord>>;
    fn certificate_by_number(&self, number: &str) -> Result<Option<CertificateRecord>>;
    /// Issues the given `(registration id, number)` pairs; registrations that already have
    /// a certificate keep it. Returns how many were new.
    fn issue_certificates(&self, pairs: &[(i64, String)], now: i64, audit: AuditRecord) -> Result<usize>;
    fn revoke_certificate(&self, id: i64, reason: &str, now: i64, audit: AuditRecord) -> Result<()>;
    fn follow_ups_of_event(&self, event_id: i64) -> Result<Vec<FollowUpPlan>>;
    fn follow_ups_of_library(&self, library_id: i64) -> Result<Vec<FollowUpPlan>>;
    /// Saves the library's plan for the event (one per library and event).
    #[allow(clippy::too_many_arguments)]
    fn save_follow_up(
        &self,
        event_id: i64,
        library_id: i64,
        plan: &str,
        target_date: Option<time::Date>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;
}

/// What creating an event writes.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub fields: EventFields,
    pub trainers: Vec<Trainer>,
    pub quotas: Vec<Quota>,
    pub registration_code: String,
    pub checkin_secret: String,
}

/// Aggregates of approved reports per region (every level) and month, kept up to date as
/// reports are approved or reopened.
pub trait AggregateStore {
    /// The region's own rows (`None`: the nation) for the months from `from` to `to`.
    fn activity_cells(&self, region: Option<&RegionCode>, from: Period, to: Period) -> Result<Vec<ActivityCell>>;
    /// Totals per child region of `parent` (`None`: the provinces) over the months.
    fn activity_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, ActivityCounts)>>;
    /// The month × category rows of every child region of `parent` (for pivots).
    fn activity_cells_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, ActivityCell)>>;
    fn monthly_cells(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(Period, MonthlyCounts)>>;
    fn monthly_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, MonthlyCounts)>>;
    /// Recomputes every aggregate from the reports (after bulk loads).
    fn rebuild_aggregates(&self) -> Result<()>;
}

/// The figures IPLM is computed from.
pub trait IplmStore {
    /// KTAK sums of active libraries per regency/city and library type for a year.
    fn ktak_by_regency(&self, year: i32) -> Result<Vec<(RegionCode, LibraryType, GroupInputs)>>;
    /// From the report aggregates per regency/city for a year: activities, participants,
    /// loans, ICT users, visitors.
    fn reports_by_regency(&self, year: i32) -> Result<Vec<(RegionCode, [i64; 5])>>;
    fn population(&self, year: i32) -> Result<Vec<(RegionCode, Group, i64)>>;
    /// Officially published values of a year.
    fn published_iplm(&self, year: i32) -> Result<Vec<(RegionCode, f64)>>;
    /// Saves published values (replacing the same region and year), all or none.
    fn save_published_iplm(&self, rows: &[(RegionCode, i32, f64)], audit: AuditRecord) -> Result<usize>;
    /// Saves population figures (replacing the same region, year and group), all or none.
    fn save_population(&self, rows: &[(RegionCode, i32, Group, i64)], audit: AuditRecord) -> Result<usize>;
}

/// Library-months due, reports submitted and on time, for one month of a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingCell {
    /// The child region (`None`: the region asked about, as a whole).
    pub region: Option<RegionCode>,
    pub period: Period,
    pub expected: i64,
    pub reported: i64,
    pub on_time: i64,
}

/// Programme libraries of a region (or of one child) that joined in a year with a tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeCount {
    pub region: Option<RegionCode>,
    pub year: i32,
    pub tier: Option<crate::library::ProgrammeTier>,
    pub libraries: i64,
}

/// One registered participant of an event: attendance and test results.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingFact {
    pub person_id: i64,
    /// The person's own region (a village, or an office's regency or province).
    pub region_code: RegionCode,
    pub event_type: i64,
    /// The month the event ended.
    pub period: Period,
    pub days: i64,
    pub present_days: i64,
    /// Share of days to attend, in percent.
    pub threshold: i64,
    /// Pre- and post-test, percent correct.
    pub pre: Option<f64>,
    pub post: Option<f64>,
}

/// The indicator catalogue and the facts of its measures that aggregates do not hold.
pub trait CatalogueStore {
    fn indicators(&self, include_inactive: bool) -> Result<Vec<crate::catalogue::Indicator>>;
    /// Adds (`id: None`) or changes an indicator; a change needs the version it was read at
    /// (`Conflict` otherwise). Built-in indicators keep their code and measure.
    fn save_indicator(
        &self,
        id: Option<i64>,
        fields: &crate::catalogue::IndicatorFields,
        version: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<crate::catalogue::Indicator>;
    /// Reporting per month of the span, for the region as a whole or per child region.
    fn reporting_cells(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
        deadline_day: u8,
        by_child: bool,
    ) -> Result<Vec<ReportingCell>>;
    /// Active programme libraries by joining year and tier, as a whole or per child region.
    fn programme_counts(&self, region: Option<&RegionCode>, by_child: bool) -> Result<Vec<ProgrammeCount>>;
    /// Registered participants of events that ended in the span, from the region's people.
    fn training_facts(&self, region: Option<&RegionCode>, from: Period, to: Period) -> Result<Vec<TrainingFact>>;
}

pub trait AuditStore {
    fn list_audit(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>>;
}

/// Everything Lentera stores.
pub trait Store:
    RegionStore
    + LibraryStore
    + AccountStore
    + ActivityStore
    + MonthlyStore
    + KpiStore
    + ListStore
    + EventStore
    + TrainingStore
    + AggregateStore
    + IplmStore
    + CatalogueStore
    + AuditStore
    + Send
    + Sync
{
}
impl<T> Store for T where
    T: RegionStore
        + LibraryStore
        + AccountStore
        + ActivityStore
        + MonthlyStore
        + KpiStore
        + ListStore
        + EventStore
        + TrainingStore
        + AggregateStore
        + IplmStore
        + CatalogueStore
        + AuditStore
        + Send
        + Sync
{
}
