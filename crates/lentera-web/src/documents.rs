//! Documents of advocacy, regulations and partnerships: told by their bytes (PDF kept as
//! sent; images re-encoded like photos, which drops their hidden metadata), at most 20 MB,
//! stored under the files directory and recorded through the core; nothing of a refused or
//! failed upload remains.

use std::path::{Path, PathBuf};

use lentera_core::access::Actor;
use lentera_core::agreements::{
    Document, DocumentKind, DocumentOwner, MAX_DOCUMENT_BYTES, NewDocument, clean_filename, sniff,
};
use lentera_core::services::{Env, agreements};
use lentera_core::{Error, Result};

/// Where a document's file lives: `documents/ab/abcdef…`.
pub fn path_of(files_dir: &Path, name: &str) -> PathBuf {
    files_dir.join("documents").join(name.get(..2).unwrap_or("00")).join(name)
}

/// Checks, records and writes one uploaded file for a record.
pub fn store(
    env: &Env,
    actor: &Actor,
    files_dir: &Path,
    owner: DocumentOwner,
    owner_id: i64,
    filename: &str,
    bytes: &[u8],
) -> Result<Document> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::field("file", "Dokumen terlalu besar (maks. 20 MB).", "Document too large (max 20 MB)."));
    }
    let (content, content_type) = match sniff(bytes) {
        Some(DocumentKind::Pdf) => (bytes.to_vec(), "application/pdf"),
        Some(DocumentKind::Image) => (crate::photos::process(bytes)?.web, "image/jpeg"),
        None => {
            return Err(Error::field(
                "file",
                "Hanya dokumen PDF atau foto (JPEG, PNG, WebP).",
                "Only PDF documents or photos (JPEG, PNG, WebP).",
            ));
        }
    };
    let name = crate::photos::new_name();
    let path = path_of(files_dir, &name);
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(path.parent().expect("has parent"))?;
        std::fs::write(&path, &content)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&path);
        return Err(Error::unexpected(format!("writing document {name}: {e}")));
    }
    let doc = NewDocument {
        owner,
        owner_id,
        name,
        filename: clean_filename(filename),
        content_type: content_type.into(),
        bytes: content.len() as i64,
    };
    agreements::add_document(env, actor, &doc).inspect_err(|_| {
        let _ = std::fs::remove_file(&path);
    })
}
