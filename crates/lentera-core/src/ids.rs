//! Identifiers of stored records as types: a library's id cannot be passed where an
//! activity's is expected. They cross the store ports and travel as plain numbers in URLs,
//! JSON and files.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The identifier of a stored `T`.
pub struct Id<T> {
    raw: i64,
    of: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    pub const fn new(raw: i64) -> Self {
        Id { raw, of: PhantomData }
    }

    /// The number as stored and shown.
    pub const fn get(self) -> i64 {
        self.raw
    }

    /// Parses an id from a path or form (a positive whole number).
    pub fn parse(s: &str) -> Option<Self> {
        s.trim().parse::<i64>().ok().filter(|n| *n > 0).map(Id::new)
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}
impl<T> PartialEq for Id<T> {
    fn eq(&self, o: &Self) -> bool {
        self.raw == o.raw
    }
}
impl<T> Eq for Id<T> {}
impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.raw.cmp(&o.raw)
    }
}
impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.raw.hash(h)
    }
}
// Formatted as the number itself, so widths and padding (`{id:04}`) apply.
impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.raw, f)
    }
}
impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.raw, f)
    }
}
impl<T> From<i64> for Id<T> {
    fn from(raw: i64) -> Id<T> {
        Id::new(raw)
    }
}
impl<T> From<Id<T>> for i64 {
    fn from(id: Id<T>) -> i64 {
        id.raw
    }
}
impl<T> std::str::FromStr for Id<T> {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(Id::new)
    }
}
impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.raw)
    }
}
impl<'de, T> Deserialize<'de> for Id<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::deserialize(d).map(Id::new)
    }
}

pub type LibraryId = Id<crate::library::Library>;
pub type EventId = Id<crate::event::Event>;
pub type ActivityId = Id<crate::activity::Activity>;
pub type MonthlyReportId = Id<crate::monthly::MonthlyReport>;
pub type WorkPlanId = Id<crate::workplan::WorkPlan>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_travel_as_numbers() {
        let id = LibraryId::new(42);
        assert_eq!((id.get(), id.to_string(), serde_json::to_string(&id).unwrap()), (42, "42".into(), "42".into()));
        assert_eq!(serde_json::from_str::<LibraryId>("7").unwrap(), LibraryId::new(7));
        assert_eq!(LibraryId::parse(" 12 "), Some(LibraryId::new(12)));
        assert_eq!(LibraryId::parse("0"), None);
        assert_eq!(LibraryId::parse("x"), None);
        assert_eq!(format!("{:04}", EventId::new(7)), "0007", "padded like the number");
    }
}
