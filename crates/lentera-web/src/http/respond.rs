//! Answers a page handler gives besides HTML: redirects after a form, downloads.

use axum::response::{IntoResponse, Response};

use super::error::PageError;

/// What a page handler answers.
pub type PageResult = Result<Response, PageError>;

pub fn html_response(m: maud::Markup) -> Response {
    m.into_response()
}

/// A table as a download: CSV, or XLSX with the `numeric` columns written as numbers.
pub fn table_download(
    xlsx: bool,
    stem: &str,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: Vec<usize>,
) -> PageResult {
    if xlsx {
        let sheet = crate::tabular::Sheet { name: "Data", headers, rows, numeric };
        Ok(download(crate::tabular::write_xlsx_sheets(&[sheet])?, &format!("{stem}.xlsx")))
    } else {
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        Ok(download(crate::tabular::write_csv(&headers, rows)?, &format!("{stem}.csv")))
    }
}

/// A file download: the type follows the name's extension; never cached, as exports may hold
/// personal data.
pub fn download(bytes: Vec<u8>, filename: &str) -> Response {
    use axum::http::header;
    let ty = match filename.rsplit('.').next().unwrap_or("") {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "json" => "application/json",
        _ => "text/csv; charset=utf-8",
    };
    (
        [
            (header::CONTENT_TYPE, ty.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
