//! The documents of advocacy, regulations and partnerships on pages: the section a record's
//! page shows, upload (multipart), download and removal (`/dokumen/…`).

use axum::extract::{Multipart, Path, State};
use axum::response::IntoResponse;
use lentera_core::Error;
use lentera_core::agreements::{Document, DocumentOwner};
use lentera_core::services::agreements as svc;
use maud::{Markup, html};

use crate::AppState;
use crate::ctx::Ctx;
use crate::http::{Form, PageResult, parse_id, see_other};

fn id_of(s: &str) -> Result<i64, crate::http::PageError> {
    Ok(parse_id::<lentera_core::ids::LibraryId>(s)?.get())
}

fn record_url(kind: DocumentOwner, id: i64) -> String {
    match kind {
        DocumentOwner::Advocacy => format!("/advokasi/{id}"),
        DocumentOwner::Regulation => format!("/regulasi/{id}"),
        DocumentOwner::Partnership => format!("/kemitraan/{id}"),
    }
}

/// A record's documents with an upload form for those who may change it.
pub fn documents_section(ctx: &Ctx, kind: DocumentOwner, id: i64, docs: &[Document], editable: bool) -> Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        h2 #dokumen { (t("Dokumen", "Documents")) " (" (docs.len()) ")" }
        @if docs.is_empty() { p.empty { (t("Belum ada dokumen.", "No documents yet.")) } }
        ul { @for d in docs { li {
            a href={ "/dokumen/" (d.name) } { (d.filename) } " · " (d.bytes / 1024) " KB"
            @if editable {
                form.inline method="post" action={ "/dokumen/" (d.name) "/hapus" } {
                    input type="hidden" name="_csrf" value=(ctx.csrf);
                    " " button.link type="submit" { (t("Hapus", "Remove")) }
                }
            }
        } } }
        @if editable {
            form method="post" action={ "/dokumen/unggah/" (kind.code()) "/" (id) } enctype="multipart/form-data" {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                div.field {
                    label for="file" { (t("Unggah dokumen (PDF atau foto, maks. 20 MB)", "Upload a document (PDF or photo, max 20 MB)")) }
                    input #file name="file" type="file" accept="application/pdf,image/jpeg,image/png,image/webp";
                }
                button.secondary type="submit" { (t("Unggah", "Upload")) }
            }
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, id)): Path<(String, String)>,
    mut multipart: Multipart,
) -> PageResult {
    let actor = ctx.actor()?;
    let kind = DocumentOwner::parse(&kind).ok_or(Error::NotFound)?;
    let id = id_of(&id)?;
    let cut = || {
        Error::field(
            "file",
            "Dokumen terlalu besar (maks. 20 MB) atau unggahan terputus.",
            "Document too large (max 20 MB) or the upload was cut.",
        )
    };
    let (mut csrf, mut file) = (String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(|_| cut())? {
        match field.name().unwrap_or("") {
            "_csrf" => csrf = field.text().await.map_err(|_| cut())?,
            "file" => {
                let name = field.file_name().unwrap_or("dokumen").to_string();
                let bytes = field.bytes().await.map_err(|_| cut())?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    ctx.check_csrf(&Form([("_csrf".to_string(), csrf)].into_iter().collect()))?;
    let (name, bytes) = file
        .filter(|f| !f.1.is_empty())
        .ok_or_else(|| Error::field("file", "Pilih dokumen untuk diunggah.", "Choose a document."))?;
    let a = actor.clone();
    state.run(move |s| svc::check_upload(s, &a, kind, id).map(|_| ())).await?;
    let dir = state.config.files_dir.clone();
    state.run(move |s| crate::documents::store(s, &actor, &dir, kind, id, &name, &bytes)).await?;
    Ok(see_other(&format!("{}?pesan=tersimpan#dokumen", record_url(kind, id))))
}

fn valid_name(name: &str) -> bool {
    crate::photos::valid_name(name)
}

pub async fn download(State(state): State<AppState>, ctx: Ctx, Path(name): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    if !valid_name(&name) {
        return Err(Error::NotFound.into());
    }
    let dir = state.config.files_dir.clone();
    let (doc, bytes) = state
        .run(move |s| {
            let d = svc::document(s, &actor, &name)?;
            let bytes = std::fs::read(crate::documents::path_of(&dir, &d.name)).map_err(|_| Error::NotFound)?;
            Ok((d, bytes))
        })
        .await?;
    use axum::http::header;
    let disposition =
        format!("inline; filename=\"{}\"", doc.filename.replace(|c: char| !c.is_ascii() || c == '"', "_"));
    Ok((
        [
            (header::CONTENT_TYPE, doc.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(name): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    if !valid_name(&name) {
        return Err(Error::NotFound.into());
    }
    let dir = state.config.files_dir.clone();
    let d = state
        .run(move |s| {
            let d = svc::delete_document(s, &actor, &name)?;
            let _ = std::fs::remove_file(crate::documents::path_of(&dir, &d.name));
            Ok(d)
        })
        .await?;
    Ok(see_other(&format!("{}?pesan=dihapus#dokumen", record_url(d.owner, d.owner_id))))
}
