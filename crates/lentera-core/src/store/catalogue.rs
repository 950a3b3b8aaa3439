//! The indicator catalogue and the facts of the measures that aggregates do not hold.

use crate::Result;
use crate::audit::AuditRecord;
use crate::event::RegistrationStatus;
use crate::library::ProgrammeLibraries;
use crate::monthly::{DueLibrary, Period, ReportingDuty, Submission};
use crate::region::RegionCode;

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
    /// (`Error::Stale` otherwise).
    fn save_indicator(
        &self,
        id: Option<i64>,
        fields: &crate::catalogue::IndicatorFields,
        version: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<crate::catalogue::Indicator>;
    /// The libraries of a region's subtree (`None`: the nation) that owe reports under
    /// `duty`, and the reports they sent (not `duty.unsent`) for the months `from` to `to`.
    fn reporting_facts(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
        duty: &ReportingDuty,
    ) -> Result<(Vec<DueLibrary>, Vec<Submission>)>;
    /// The libraries in `members` by joining year and tier, as a whole or per child region.
    fn programme_counts(
        &self,
        region: Option<&RegionCode>,
        members: ProgrammeLibraries,
        by_child: bool,
    ) -> Result<Vec<ProgrammeCount>>;
    /// The advocacy indicators' facts for a region (`None`: the nation) and span; the
    /// partnerships running and the plans approved are those of `to`'s last day and year.
    fn advocacy_facts(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
        members: ProgrammeLibraries,
    ) -> Result<crate::advocacy::AdvocacyFacts>;
    /// Participants of events that ended in the span, from the region's people, whose
    /// registration is in `status`.
    fn training_facts(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
        status: RegistrationStatus,
    ) -> Result<Vec<TrainingFact>>;
}
