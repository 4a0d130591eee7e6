//! Reading the server's PDFs back with Debian's poppler tools
//! (`pdftotext`, `pdfinfo`, `pdfdetach`; `scripts/test.sh` installs
//! poppler-utils), as a person's PDF reader would.

use super::Reply;
use axum::http::StatusCode;
use std::path::PathBuf;
use std::process::Command;

/// Runs `tool` with `args`; its stdout. Fails the test when it fails.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e} (apt-get install poppler-utils)"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF of a download reply: 200, `application/pdf`, an attachment
/// named `<file_prefix>….pdf`.
pub fn pdf_of(reply: &Reply, file_prefix: &str) -> Vec<u8> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.headers["content-type"], "application/pdf");
    let disposition = reply.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"{file_prefix}"))
            && disposition.ends_with(".pdf\""),
        "{disposition}"
    );
    assert!(reply.body.starts_with(b"%PDF-"));
    reply.body.clone()
}

/// `pdf` written to a scratch directory of its own; the file's path.
fn scratch(pdf: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rj-pdf-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("doc.pdf");
    std::fs::write(&file, pdf).unwrap();
    file
}

/// The whole text, laid out as on the page.
pub fn text(pdf: &[u8]) -> String {
    let file = scratch(pdf);
    poppler("pdftotext", &["-layout", file.to_str().unwrap(), "-"])
}

/// The embedded file `name`, listed and extracted with pdfdetach.
pub fn attachment(pdf: &[u8], name: &str) -> Vec<u8> {
    let file = scratch(pdf);
    let path = file.to_str().unwrap();
    let listing = poppler("pdfdetach", &["-list", path]);
    assert!(listing.contains(name), "{listing}");
    let dir = file.parent().unwrap();
    poppler(
        "pdfdetach",
        &["-saveall", "-o", dir.to_str().unwrap(), path],
    );
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}
