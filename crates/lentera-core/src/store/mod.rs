//! Storage ports. Adapters (SQLite now, PostgreSQL later) implement these; nothing else in
//! Lentera writes SQL. Methods are synchronous: the web layer runs them on blocking threads.
//! Every method that changes data takes the [`AuditRecord`] and writes it in the same
//! transaction, so a change and its audit entry land together or not at all.

mod accounts;
mod activities;
mod advocacy;
mod aggregates;
mod agreements;
mod attendance;
mod audit;
mod bulk;
mod calendar;
mod catalogue;
mod events;
mod iplm;
mod kpi;
mod libraries;
mod lists;
mod monthly;
mod people;
mod regions;
mod registrations;
mod review;
mod training;
mod workplans;

pub use accounts::*;
pub use activities::*;
pub use advocacy::*;
pub use aggregates::*;
pub use agreements::*;
pub use attendance::*;
pub use audit::*;
pub use bulk::*;
pub use calendar::*;
pub use catalogue::*;
pub use events::*;
pub use iplm::*;
pub use kpi::*;
pub use libraries::*;
pub use lists::*;
pub use monthly::*;
pub use people::*;
pub use regions::*;
pub use registrations::*;
pub use review::*;
pub use training::*;
pub use workplans::*;

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
    + PersonStore
    + RegistrationStore
    + AttendanceStore
    + TrainingStore
    + AggregateStore
    + IplmStore
    + CatalogueStore
    + AuditStore
    + ReviewStore
    + BulkStore
    + WorkPlanStore
    + AdvocacyStore
    + CalendarStore
    + AgreementStore
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
        + PersonStore
        + RegistrationStore
        + AttendanceStore
        + TrainingStore
        + AggregateStore
        + IplmStore
        + CatalogueStore
        + AuditStore
        + ReviewStore
        + BulkStore
        + WorkPlanStore
        + AdvocacyStore
        + CalendarStore
        + AgreementStore
        + Send
        + Sync
{
}
