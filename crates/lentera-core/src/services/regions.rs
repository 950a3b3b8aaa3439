//! Regions are public data: no rights needed to read them.

use crate::region::{Region, RegionCode, RegionLevel, RegionWithCount};
use crate::services::Env;
use crate::text::fold;
use crate::{Error, Result};

pub fn get(env: &Env, code: &str) -> Result<Region> {
    let code = RegionCode::parse(code).map_err(|_| Error::NotFound)?;
    env.store.region(&code)?.ok_or(Error::NotFound)
}

/// The chain from the province down to the region, for breadcrumbs.
pub fn ancestry(env: &Env, code: &RegionCode) -> Result<Vec<Region>> {
    code.ancestry().iter().map(|c| env.store.region(c)?.ok_or(Error::NotFound)).collect()
}

pub fn children(env: &Env, code: Option<&str>) -> Result<Vec<RegionWithCount>> {
    match code {
        None => env.store.region_children(None),
        Some(c) => {
            let region = get(env, c)?;
            env.store.region_children(Some(&region.code))
        }
    }
}

pub const MAX_SEARCH: i64 = 50;

pub fn search(
    env: &Env,
    query: &str,
    level: Option<RegionLevel>,
    within: Option<&str>,
    limit: i64,
) -> Result<Vec<Region>> {
    if query.chars().count() < 2 {
        return Err(Error::field("q", "Ketik minimal 2 huruf.", "Type at least 2 letters."));
    }
    let q = fold(query);
    if q.is_empty() {
        // Only punctuation or symbols: nothing can match.
        return Ok(Vec::new());
    }
    let within = match within.map(str::trim).filter(|s| !s.is_empty()) {
        Some(w) => Some(RegionCode::parse(w)?),
        None => None,
    };
    env.store.search_regions(&q, level, within.as_ref(), limit.clamp(1, MAX_SEARCH))
}

/// A search hit with where it lies, e.g. "Bakongan, Kabupaten Aceh Selatan, Aceh".
#[derive(Debug, Clone, serde::Serialize)]
pub struct RegionHit {
    #[serde(flatten)]
    pub region: Region,
    pub path: String,
}

/// Like [`search`], with each hit's ancestors named so people can tell same-named villages
/// apart in suggestions.
pub fn search_with_paths(
    env: &Env,
    query: &str,
    level: Option<RegionLevel>,
    within: Option<&str>,
    limit: i64,
) -> Result<Vec<RegionHit>> {
    let hits = search(env, query, level, within, limit)?;
    let mut names = std::collections::HashMap::<String, String>::new();
    hits.into_iter()
        .map(|region| {
            let mut parts = Vec::new();
            let mut cur = region.code.parent();
            while let Some(c) = cur {
                let name = match names.get(c.as_str()) {
                    Some(n) => n.clone(),
                    None => {
                        let n = env.store.region(&c)?.map(|r| r.name).unwrap_or_default();
                        names.insert(c.to_string(), n.clone());
                        n
                    }
                };
                parts.push(name);
                cur = c.parent();
            }
            Ok(RegionHit { region, path: parts.join(", ") })
        })
        .collect()
}
