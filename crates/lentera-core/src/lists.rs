//! Managed lists: short vocabularies that national admins extend without code (activity
//! categories, event types, curriculum modules). Items are retired, never deleted, so old
//! records keep their meaning.

use serde::Serialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListItem {
    pub id: i64,
    pub name: String,
    pub retired: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ManagedList {
    ActivityCategory,
    EventType,
    Module,
}

impl ManagedList {
    pub const ALL: [ManagedList; 3] = [ManagedList::ActivityCategory, ManagedList::EventType, ManagedList::Module];

    /// The path segment and API name of the list.
    pub fn slug(self) -> &'static str {
        match self {
            ManagedList::ActivityCategory => "kategori-kegiatan",
            ManagedList::EventType => "jenis-acara",
            ManagedList::Module => "modul",
        }
    }

    pub fn parse(s: &str) -> Option<ManagedList> {
        Self::ALL.into_iter().find(|l| l.slug() == s)
    }

    /// What the audit log calls an item of this list.
    pub fn entity(self) -> &'static str {
        match self {
            ManagedList::ActivityCategory => "activity_category",
            ManagedList::EventType => "event_type",
            ManagedList::Module => "curriculum_module",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            ManagedList::ActivityCategory => lang.t("Kategori kegiatan", "Activity categories"),
            ManagedList::EventType => lang.t("Jenis acara", "Event types"),
            ManagedList::Module => lang.t("Modul kurikulum", "Curriculum modules"),
        }
    }
}
