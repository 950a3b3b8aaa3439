//! Many records in one transaction: imports with an audit entry per row, and the demo
//! generator's loads without.

use std::collections::BTreeSet;

use super::{SqliteStore, write_audit};
use lentera_core::Result;
use lentera_core::audit::AuditRecord;
use lentera_core::ids::LibraryId;
use lentera_core::library::{EquipmentFields, KtakFigures, LibraryFields};
use lentera_core::reporting::ReportStatus;
use lentera_core::store::{BulkStore, ImportedActivity, ImportedMonthly, LoadedActivity, LoadedMonth};

use super::monthly::NewMonth;

impl BulkStore for SqliteStore {
    fn import_libraries(&self, rows: &[(LibraryFields, AuditRecord)], now: i64) -> Result<Vec<LibraryId>> {
        self.write(|tx| {
            let mut ids = Vec::with_capacity(rows.len());
            for (f, audit) in rows {
                let id = super::libraries::insert_one(tx, f, now)?;
                write_audit(tx, audit, Some(id.get()))?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    fn import_activities(
        &self,
        rows: &[ImportedActivity],
        status: ReportStatus,
        created_by: Option<i64>,
        now: i64,
    ) -> Result<usize> {
        self.write(|tx| {
            for r in rows {
                let place = (r.library_id, &r.region_code);
                let id = super::activities::insert(tx, place, Some(&r.client_id), &r.fields, created_by, status, now)?;
                write_audit(tx, &r.audit, Some(id))?;
            }
            Ok(rows.len())
        })
    }

    fn import_monthly(&self, rows: &[ImportedMonthly], status: ReportStatus, now: i64) -> Result<usize> {
        self.write(|tx| {
            for r in rows {
                let m = NewMonth {
                    client_id: None,
                    library_id: r.library_id,
                    region: &r.region_code,
                    period: r.period,
                    figures: &r.figures,
                    status,
                    submitted_at: r.submitted_at,
                };
                let id = super::monthly::insert_month(tx, m, now)?;
                write_audit(tx, &r.audit, Some(id))?;
            }
            Ok(rows.len())
        })
    }

    fn load_libraries(&self, rows: &[LibraryFields], now: i64) -> Result<Vec<LibraryId>> {
        self.write(|tx| rows.iter().map(|f| super::libraries::insert_one(tx, f, now)).collect())
    }

    fn load_ktak(&self, rows: &[(LibraryId, KtakFigures)]) -> Result<()> {
        self.write(|tx| rows.iter().try_for_each(|(id, k)| super::libraries::save_ktak(tx, *id, k)))
    }

    fn load_equipment(&self, rows: &[(LibraryId, EquipmentFields)], now: i64) -> Result<()> {
        self.write(|tx| rows.iter().try_for_each(|(id, f)| super::equipment::insert(tx, *id, f, now).map(|_| ())))
    }

    fn load_activities(&self, rows: &[LoadedActivity], now: i64) -> Result<()> {
        self.write(|tx| {
            rows.iter().try_for_each(|r| {
                super::activities::insert(tx, (r.library_id, &r.region_code), None, &r.fields, None, r.status, now)
                    .map(|_| ())
            })
        })
    }

    fn load_monthly(&self, rows: &[LoadedMonth], now: i64) -> Result<()> {
        self.write(|tx| {
            let mut counted = BTreeSet::new();
            for r in rows {
                let m = NewMonth {
                    client_id: None,
                    library_id: r.library_id,
                    region: &r.region_code,
                    period: r.period,
                    figures: &r.figures,
                    status: r.status,
                    submitted_at: r.submitted_at,
                };
                super::monthly::insert_month(tx, m, now)?;
                if r.status.counted() {
                    counted.insert((r.library_id, r.period.year));
                }
            }
            counted.into_iter().try_for_each(|(library_id, year)| super::monthly::refresh_ktak(tx, library_id, year))
        })
    }
}
