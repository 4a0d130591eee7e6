//! Evidence files: the bodies of `PUT/GET /api/portfolios/{id}/files/{sha256}`,
//! the evidence list in `GET /api/portfolios/{id}`, and the file settings
//! admins see (`GET /api/admin/files`). The request body of the upload is
//! the file's raw bytes, not JSON.

use serde::{Deserialize, Serialize};

use crate::evidence::{Sha256Hex, Slot};
use crate::files::FileType;

/// The answer to an upload: 201 when the server stored it now, 200 when it
/// already had these bytes (a retried upload is harmless).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: Sha256Hex,
    /// Bytes.
    pub size: u64,
    /// Decided from the bytes.
    pub file_type: FileType,
    pub media_type: String,
}

/// One attached file as `GET /api/portfolios/{id}` lists it: the evidence
/// row (made on a device and synced) and whether the bytes have arrived.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct EvidenceEntry {
    /// The evidence row's id.
    pub id: String,
    pub slot: Slot,
    pub sha256: Sha256Hex,
    pub name: String,
    /// Bytes: the server's count once stored, the device's until then.
    pub size: u64,
    /// The type decided from the bytes once stored; until then what the
    /// device said.
    pub media_type: String,
    /// Whether the server has the bytes. A row can arrive before its
    /// file: the editor and the checklist then say "wacht op upload".
    pub stored: bool,
}

/// `GET /api/admin/files`: the limits in force and whether uploads are
/// scanned for viruses (`CLAMD_ADDRESS`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FileSettings {
    pub scanning: bool,
    pub max_file_bytes: u64,
    pub portfolio_budget_bytes: u64,
    pub unreferenced_grace_days: u64,
}
