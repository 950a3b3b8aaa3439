//! Text folding for search: case- and accent-insensitive, punctuation ignored.

/// Folds a name for searching: ASCII transliteration, lower case, apostrophes and quotes
/// dropped, other punctuation turned into single spaces. `Regapu’u` and `regapuu` match.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    let mut last_space = true;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            last_space = false;
        } else if c == '\'' || c == '"' || c == '`' {
            continue;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Trims a user-entered optional text; empty becomes `None`.
pub fn clean_opt(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn folds_accents_case_and_quotes() {
        assert_eq!(fold("Regapu’u"), "regapuu");
        assert_eq!(fold("Soka\"an"), "sokaan");
        assert_eq!(fold("  Lambang Sari I, II, III "), "lambang sari i ii iii");
        assert_eq!(fold("CIBÉBER"), "ciheber".replace('h', "b"));
    }
}
