//! The web crate's files form no import cycle: plumbing (`http`) below the request context,
//! the context below the layout, the layout below the pages and the API, and no resource
//! module reaching back into its parent or into a module that reaches back into it. A file
//! "uses" another when it names it (`crate::…`, `super::…`, or a child module by name).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path of a source file relative to `src`: `pages/mod.rs` → `pages`.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn files(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            // Comments name modules without using them; inline test modules (`super::*` there
            // is the file itself) come last by convention.
            let text = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
            out.insert(rel, code);
        }
    }
}

/// The paths a file names: `crate::a::b`, `super::c`, and `x::…` for its own child modules,
/// with `{…}` groups expanded one level.
fn named_paths(me: &[String], code: &str) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let children: BTreeSet<String> = code
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub(crate) ").or_else(|| l.strip_prefix("pub ")).unwrap_or(l);
            l.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')).map(str::to_string)
        })
        .collect();
    let bytes: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !ident(bytes[i]) || (i > 0 && (ident(bytes[i - 1]) || bytes[i - 1] == ':')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        let mut segments = Vec::new();
        let mut group = None;
        loop {
            let s = j;
            while j < bytes.len() && ident(bytes[j]) {
                j += 1;
            }
            segments.push(bytes[s..j].iter().collect::<String>());
            if j + 2 < bytes.len() && bytes[j] == ':' && bytes[j + 1] == ':' {
                j += 2;
                if bytes[j] == '{' {
                    let end = bytes[j..].iter().position(|c| *c == '}').map(|p| j + p).unwrap_or(bytes.len());
                    group = Some(bytes[j + 1..end].iter().collect::<String>());
                    j = end;
                    break;
                }
                continue;
            }
            break;
        }
        i = j.max(start + 1);
        let first = segments[0].as_str();
        let base: Vec<String> = match first {
            // `pub(super)` and `pub(crate)` name no module.
            "crate" | "super" if segments.len() == 1 && group.is_none() => continue,
            "crate" => Vec::new(),
            "super" => me[..me.len().saturating_sub(1)].to_vec(),
            c if children.contains(c) && segments.len() > 1 => me.to_vec(),
            _ => continue,
        };
        let rest: Vec<String> = if matches!(first, "crate" | "super") { segments[1..].to_vec() } else { segments };
        let mut path = base.clone();
        path.extend(rest);
        out.push(path.clone());
        for item in group.iter().flat_map(|g| g.split(',')) {
            let item = item.trim().split(" as ").next().unwrap_or("").trim();
            if !item.is_empty() && item != "self" {
                let mut p = path.clone();
                p.extend(item.split("::").map(str::to_string));
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn the_web_crate_has_no_import_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    files(&root, &root, &mut sources);
    let modules: BTreeMap<Vec<String>, String> = sources.keys().map(|r| (module_of(r), r.clone())).collect();
    let resolve = |path: &[String]| (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]).cloned());
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, code) in &sources {
        let me = module_of(rel);
        let targets = named_paths(&me, code).iter().filter_map(|p| resolve(p)).filter(|t| t != rel).collect();
        uses.insert(rel.clone(), targets);
    }
    assert!(uses["pages/mod.rs"].contains("pages/activities.rs"), "the graph sees routes to child modules");
    assert!(uses["pages/activities.rs"].contains("http/mod.rs"), "the graph sees crate paths");

    // Depth-first search for a path back to where it started.
    fn cycle_from(
        at: &str,
        uses: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(at.to_string(), 1);
        stack.push(at.to_string());
        for next in &uses[at] {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == next).unwrap();
                    let mut c = stack[from..].to_vec();
                    c.push(next.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = cycle_from(next, uses, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(at.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for file in uses.keys() {
        if state.get(file).copied().unwrap_or(0) == 0
            && let Some(c) = cycle_from(file, &uses, &mut state, &mut Vec::new())
        {
            panic!("an import cycle in lentera-web: {}", c.join(" → "));
        }
    }
}

/// Pages and the API reach the store only through the core's services, which check access
/// first: no file of this crate calls a store port itself.
#[test]
fn the_web_crate_calls_services_not_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    files(&root, &root, &mut sources);
    let direct: Vec<&String> = sources
        .iter()
        .filter(|(_, code)| code.contains(".store.") || code.contains("store::"))
        .map(|(f, _)| f)
        .collect();
    assert!(direct.is_empty(), "store ports called from the web crate: {direct:?}");
}
