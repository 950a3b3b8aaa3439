//! The partners of an activity report as stakeholders. Reports first named their partners in
//! free text ("PKK Desa, Karang Taruna dan PT Maju"); this module splits that text into names
//! and proposes, for each, a stakeholder of the library whose name matches, so a person can
//! confirm the links (or have a new stakeholder made) instead of the text staying text.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::advocacy::Stakeholder;
use crate::ids::ActivityId;
use crate::text::fold;

/// The most partner names read from one report's text, and the most partners linked to one
/// activity.
pub const MAX_PARTNERS: usize = 20;
/// The longest partner name kept (a stakeholder's name).
const MAX_NAME: usize = 120;

/// The names in a report's partner text: split at commas, semicolons, slashes, new lines,
/// "&" and the word "dan"; trimmed, empty pieces and repeats dropped, at most
/// [`MAX_PARTNERS`], each at most 120 characters.
pub fn split(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in text.split([',', ';', '/', '\n', '&', '+']) {
        for name in split_words(piece, &["dan", "serta", "and"]) {
            let cut: String = name.trim().chars().take(MAX_NAME).collect();
            let name = cut.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '-').to_string();
            if !fold(&name).is_empty() && !out.iter().any(|o| fold(o) == fold(&name)) && out.len() < MAX_PARTNERS {
                out.push(name);
            }
        }
    }
    out
}

/// Splits at whole words (any case), keeping the original spelling of the parts.
fn split_words<'a>(s: &'a str, words: &[&str]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for w in s.split_whitespace() {
        let at = s[pos..].find(w).map(|i| pos + i).unwrap_or(pos);
        pos = at + w.len();
        if words.iter().any(|x| w.eq_ignore_ascii_case(x)) {
            parts.push(&s[start..at]);
            start = pos;
        }
    }
    parts.push(&s[start..]);
    parts
}

/// Words that say what kind of body a name is, not which one.
const GENERIC: &[&str] = &["pt", "cv", "tbk", "bapak", "bpk", "pak", "ibu", "bu", "sdr", "desa", "kelurahan", "kantor"];

fn words(name: &str) -> Vec<String> {
    fold(name).split(' ').filter(|w| !w.is_empty() && !GENERIC.contains(w)).map(str::to_string).collect()
}

/// The stakeholder a partner name most likely means: the same name (case, accents and
/// punctuation aside), else one whose distinctive words all appear in the other's; among
/// several, the closest in length. `None` when nothing matches or the name is only generic
/// words.
pub fn best_match<'a>(name: &str, candidates: &'a [Stakeholder]) -> Option<&'a Stakeholder> {
    let folded = fold(name);
    if let Some(same) = candidates.iter().find(|s| fold(&s.name) == folded) {
        return Some(same);
    }
    let mine = words(name);
    if mine.is_empty() {
        return None;
    }
    let contains = |a: &[String], b: &[String]| a.iter().all(|w| b.contains(w));
    candidates
        .iter()
        .filter(|s| {
            let theirs = words(&s.name);
            !theirs.is_empty() && (contains(&mine, &theirs) || contains(&theirs, &mine))
        })
        .min_by_key(|s| words(&s.name).len().abs_diff(mine.len()))
}

/// What one partner name of a report becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Target {
    /// A stakeholder already recorded.
    Existing { stakeholder_id: i64 },
    /// A new stakeholder of the library with this name (kind "other", role "partner").
    New { name: String },
}

/// An activity whose report names partners in text and links none yet, with the names read
/// from the text and the stakeholder each most likely means.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub activity_id: ActivityId,
    pub title: String,
    pub start_date: Date,
    pub text: String,
    pub names: Vec<(String, Option<(i64, String)>)>,
}

/// An activity with partner text and no linked partner (what the matching helper works on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlinkedText {
    pub activity_id: ActivityId,
    pub title: String,
    pub start_date: Date,
    pub text: String,
}

impl Suggestion {
    pub fn of(u: UnlinkedText, candidates: &[Stakeholder]) -> Suggestion {
        let names = split(&u.text)
            .into_iter()
            .map(|n| {
                let m = best_match(&n, candidates).map(|s| (s.id, s.name.clone()));
                (n, m)
            })
            .collect();
        Suggestion { activity_id: u.activity_id, title: u.title, start_date: u.start_date, text: u.text, names }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advocacy::{Owner, StakeholderKind, StakeholderRole};
    use crate::region::RegionCode;

    fn person(id: i64, name: &str) -> Stakeholder {
        Stakeholder {
            id,
            owner: Owner { library_id: None, library_name: None, region_code: RegionCode::parse("35").unwrap() },
            name: name.into(),
            kind: StakeholderKind::Other,
            position: None,
            phone: None,
            email: None,
            role: StakeholderRole::Partner,
            since: None,
            until: None,
            notes: None,
            updated_at: 0,
            version: 1,
        }
    }

    #[test]
    fn report_text_splits_into_names() {
        assert_eq!(
            split("PKK Desa Sukamaju, Karang Taruna dan PT. Maju Jaya; Puskesmas / SDN 1 & Bapak Kades."),
            ["PKK Desa Sukamaju", "Karang Taruna", "PT. Maju Jaya", "Puskesmas", "SDN 1", "Bapak Kades"]
        );
        assert_eq!(split("Dandim dan Danramil"), ["Dandim", "Danramil"], "'dan' only as a word");
        assert_eq!(split("PKK, pkk ,  , -"), ["PKK"], "repeats and empty pieces dropped");
        assert!(split("").is_empty());
        assert_eq!(split(&"a,".repeat(100)).len(), 1);
        let many: String = (0..100).map(|i| format!("Mitra {i},")).collect();
        assert_eq!(split(&many).len(), MAX_PARTNERS);
    }

    #[test]
    fn names_match_stakeholders_of_the_library() {
        let known =
            [person(1, "PKK Desa Sukamaju"), person(2, "PT Maju Jaya Tbk"), person(3, "Karang Taruna Tunas Muda")];
        let id = |n: &str| best_match(n, &known).map(|s| s.id);
        assert_eq!(id("pkk desa sukamaju"), Some(1), "same name, another case");
        assert_eq!(id("PKK"), Some(1), "its words are in the stakeholder's");
        assert_eq!(id("PT. Maju Jaya"), Some(2), "PT and Tbk say nothing");
        assert_eq!(id("Karang Taruna"), Some(3));
        assert_eq!(id("Puskesmas"), None);
        assert_eq!(id("PT"), None, "only a generic word");
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_into_bounded_clean_names(text in "\\PC{0,400}") {
            let names = split(&text);
            proptest::prop_assert!(names.len() <= MAX_PARTNERS);
            for n in &names {
                proptest::prop_assert!(!fold(n).is_empty() && n.chars().count() <= MAX_NAME);
                proptest::prop_assert_eq!(n.trim(), n.as_str());
            }
        }
    }
}
