//! Where a `lanjut`/`kembali`-style parameter may send a browser: only a path on this site.
//! Every redirect built from a visitor's input goes through [`local_path`].

/// The candidate when it is a path on this site, else `/`. Refused: anything not starting
/// with a single `/` (`//evil`, `/\evil` — browsers read `\` as `/`), any backslash, and any
/// control character (browsers drop tabs and newlines, so `/<TAB>/evil` would become
/// `//evil`; CR/LF would also break the header).
pub fn local_path(candidate: Option<&str>) -> String {
    match candidate {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && p.len() <= 2048
                && !p.chars().any(|c| c == '\\' || c.is_control()) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

/// A 303 to a path of this site; a path that cannot be a header value goes home instead of
/// failing the request.
pub fn see_other(to: &str) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let location = HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site() {
        for ok in ["/", "/acara?tahun=2026&x=%2F%2F", "/perpustakaan/12"] {
            assert_eq!(local_path(Some(ok)), ok);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "https://evil.example",
            "evil.example",
            "",
            "/a\\b",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn a_bad_location_goes_home_instead_of_failing() {
        assert_eq!(see_other("/x\r\ny").headers()["location"], "/");
        assert_eq!(see_other("/x").status(), 303);
    }
}
