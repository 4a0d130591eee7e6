//! The bytes of attached files on this device, and their way to the server.
//!
//! A chosen file is kept in IndexedDB (the `idb` crate) before its evidence
//! row is written, so it survives reloads, closing the app and a restart of
//! the phone; a browser that refuses to store it (quota) is reported at
//! once and no row is written. Keys start with the account id, so one
//! person's files are never listed for another on a shared device. An
//! upload queue sends what the server does not have yet, in the
//! background: on start, when the connection returns, after an attach and
//! every 30 s, with exponential backoff after failures. A retried upload is
//! harmless: the server answers 200 for bytes it already has.

// The server build renders placeholders only; the browser half uses the rest.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;
use shared::evidence::{EvidenceFile, Sha256Hex};
use shared::sync::{PortfolioId, Replica};
use std::collections::{HashMap, HashSet};

/// Where one attached file stands, as its status line says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// Kept on this device, not yet on the server.
    Waiting,
    Uploading,
    Uploaded,
    /// The server refused it (type, size, virus): its Dutch reason.
    Refused(String),
    /// Attached on another device; its bytes have not reached the server.
    Elsewhere,
}

/// A file kept on this device (the IndexedDB record, without its bytes).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocalFile {
    pub account: String,
    pub portfolio: String,
    pub sha256: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    #[serde(default)]
    pub uploaded: bool,
    #[serde(default)]
    pub refused: Option<String>,
}

impl LocalFile {
    pub fn key(&self) -> String {
        record_key(&self.account, &self.portfolio, &self.sha256)
    }
}

/// `account|portfolio|sha256`: the account first, so a person's records
/// are theirs alone.
pub fn record_key(account: &str, portfolio: &str, sha256: &str) -> String {
    format!("{account}|{portfolio}|{sha256}")
}

fn file_key(portfolio: &str, sha256: &str) -> String {
    format!("{portfolio}|{sha256}")
}

/// The upload queue's state on the page. `Copy`; one per app.
#[derive(Clone, Copy)]
pub struct Uploads {
    /// This account's files on this device, by `portfolio|sha256`.
    pub local: RwSignal<HashMap<String, LocalFile>>,
    /// Object URLs of local images, for thumbnails.
    pub thumbs: RwSignal<HashMap<String, String>>,
    /// Files the server has (learnt from uploads and the portfolio's
    /// evidence list), by `portfolio|sha256`.
    pub on_server: RwSignal<HashSet<String>>,
    /// Being sent now.
    pub sending: RwSignal<HashSet<String>>,
    /// The account whose records are loaded.
    account: StoredValue<Option<String>>,
    running: StoredValue<bool>,
    again: StoredValue<bool>,
    failures: StoredValue<u32>,
}

pub fn use_uploads() -> Uploads {
    expect_context::<Uploads>()
}

impl Uploads {
    fn new() -> Self {
        Uploads {
            local: RwSignal::new(HashMap::new()),
            thumbs: RwSignal::new(HashMap::new()),
            on_server: RwSignal::new(HashSet::new()),
            sending: RwSignal::new(HashSet::new()),
            account: StoredValue::new(None),
            running: StoredValue::new(false),
            again: StoredValue::new(false),
            failures: StoredValue::new(0),
        }
    }

    /// Where the file `sha256` of portfolio `pid` stands (tracked).
    pub fn state(&self, pid: &PortfolioId, sha256: &Sha256Hex) -> FileState {
        let key = file_key(&pid.0, sha256.as_str());
        if self.sending.with(|s| s.contains(&key)) {
            return FileState::Uploading;
        }
        let local = self.local.with(|l| l.get(&key).cloned());
        if self.on_server.with(|s| s.contains(&key)) || local.as_ref().is_some_and(|l| l.uploaded) {
            return FileState::Uploaded;
        }
        match local {
            Some(LocalFile {
                refused: Some(reason),
                ..
            }) => FileState::Refused(reason),
            Some(_) => FileState::Waiting,
            None => FileState::Elsewhere,
        }
    }

    /// Records that the server has the file (the server made it itself,
    /// such as a PE statement), so it reads "Geüpload" at once.
    pub fn stored_on_server(&self, pid: &PortfolioId, sha256: &Sha256Hex) {
        let key = file_key(&pid.0, sha256.as_str());
        self.on_server.update(|s| {
            s.insert(key);
        });
    }

    /// A thumbnail's address: the local copy, else the server's (tracked).
    pub fn thumbnail(&self, pid: &PortfolioId, sha256: &Sha256Hex) -> Option<String> {
        let key = file_key(&pid.0, sha256.as_str());
        self.thumbs.with(|t| t.get(&key).cloned()).or_else(|| {
            self.on_server.with(|s| s.contains(&key)).then(|| {
                format!(
                    "/api/portfolios/{}/files/{}?inline=1",
                    pid.0,
                    sha256.as_str()
                )
            })
        })
    }
}

/// The evidence rows of a portfolio in the replica (rows another build
/// wrote in a shape this one cannot read are left out).
pub fn evidence_rows(replica: &Replica, pid: &PortfolioId, list: &str) -> Vec<EvidenceFile> {
    replica
        .items(pid, list)
        .into_iter()
        .filter_map(|(id, value)| {
            let mut row: EvidenceFile = serde_json::from_value(value.clone()).ok()?;
            row.id = id.to_string();
            Some(row)
        })
        .collect()
}

/// Creates the queue; in the browser it follows the store's account and
/// starts sending.
pub fn provide_uploads(store: super::store::Store) {
    let uploads = Uploads::new();
    provide_context(uploads);
    #[cfg(feature = "hydrate")]
    crate::hydration::after_hydration(move || browser::start(uploads, store));
    #[cfg(not(feature = "hydrate"))]
    let _ = store;
}

#[cfg(feature = "hydrate")]
pub use browser::wipe;

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use crate::portfolio::api::{call, classify, FetchError};
    use crate::portfolio::store::Store;
    use crate::portfolio::sync_loop::backoff;
    use idb::{Database, ObjectStore, TransactionMode};
    use js_sys::{Array, Uint8Array};
    use shared::evidence::{evidence_list_key, EvidenceFile, Slot};
    use shared::files::{
        human_size, sniff, FileType, MAX_FILE_BYTES, MAX_PHOTO_EDGE_PX, PHOTO_REENCODE_ABOVE_BYTES,
        SNIFF_BYTES,
    };
    use shared::portfolio::PortfolioDetail;
    use std::time::Duration;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    const DB_NAME: &str = "rj-evidence";
    const META: &str = "meta";
    const BYTES: &str = "bytes";
    const PERIOD: Duration = Duration::from_secs(30);

    const NOT_STORED: &str = "Dit apparaat kon het bestand niet bewaren: er is geen opslagruimte \
         meer (of de browser staat het niet toe). Het is niet toegevoegd. Maak ruimte vrij op je \
         apparaat en kies het bestand opnieuw.";

    async fn open() -> Result<Database, idb::Error> {
        Database::builder(DB_NAME)
            .version(1)
            .add_object_store(ObjectStore::builder(META))
            .add_object_store(ObjectStore::builder(BYTES))
            .build()
            .await
    }

    pub fn start(uploads: Uploads, store: Store) {
        // Follow the account: load its records, forget the previous one's.
        Effect::new(move |_| {
            let account = store.user.with(|u| u.as_ref().map(|u| u.id.clone()));
            if uploads.account.get_value() == account {
                return;
            }
            uploads.account.set_value(account.clone());
            revoke_thumbs(uploads);
            uploads.local.set(HashMap::new());
            uploads.on_server.set(HashSet::new());
            if let Some(account) = account {
                leptos::task::spawn_local(async move {
                    load(uploads, &account).await;
                    request(uploads, store, Duration::ZERO);
                });
            }
        });
        let _ = window_event_listener(leptos::ev::online, move |_| {
            uploads.failures.set_value(0);
            request(uploads, store, Duration::ZERO);
        });
        let _ = set_interval_with_handle(
            move || {
                if uploads.failures.get_value() == 0 {
                    request(uploads, store, Duration::ZERO);
                }
            },
            PERIOD,
        );
    }

    fn revoke_thumbs(uploads: Uploads) {
        for url in uploads.thumbs.get_untracked().values() {
            let _ = web_sys::Url::revoke_object_url(url);
        }
        uploads.thumbs.set(HashMap::new());
    }

    async fn load(uploads: Uploads, account: &str) {
        let Ok(db) = open().await else {
            return;
        };
        let Ok(records) = all_meta(&db).await else {
            return;
        };
        let mine: Vec<LocalFile> = records
            .into_iter()
            .filter(|r| r.account == account)
            .collect();
        for record in &mine {
            if FileType::from_media_type(&record.media_type).is_some_and(FileType::shows_inline) {
                if let Ok(Some(bytes)) = read_bytes(&db, &record.key()).await {
                    set_thumb(uploads, record, &bytes);
                }
            }
        }
        // The account may have changed while reading.
        if uploads.account.get_value().as_deref() == Some(account) {
            uploads.local.update(|l| {
                for record in mine {
                    l.insert(file_key(&record.portfolio, &record.sha256), record);
                }
            });
        }
    }

    async fn all_meta(db: &Database) -> Result<Vec<LocalFile>, idb::Error> {
        let tx = db.transaction(&[META], TransactionMode::ReadOnly)?;
        let values = tx.object_store(META)?.get_all(None, None)?.await?;
        let _ = tx.await;
        Ok(values
            .into_iter()
            .filter_map(|v| v.as_string())
            .filter_map(|s| serde_json::from_str(&s).ok())
            .collect())
    }

    async fn read_bytes(db: &Database, key: &str) -> Result<Option<Uint8Array>, idb::Error> {
        let tx = db.transaction(&[BYTES], TransactionMode::ReadOnly)?;
        let value = tx.object_store(BYTES)?.get(JsValue::from_str(key))?.await?;
        let _ = tx.await;
        Ok(value.and_then(|v| v.dyn_into::<Uint8Array>().ok()))
    }

    /// Writes the record and its bytes in one transaction; `Err` when the
    /// browser refused (quota) or IndexedDB is unavailable.
    async fn write(
        db: &Database,
        record: &LocalFile,
        bytes: Option<&Uint8Array>,
    ) -> Result<(), ()> {
        let json = serde_json::to_string(record).map_err(|_| ())?;
        let stores: &[&str] = if bytes.is_some() {
            &[META, BYTES]
        } else {
            &[META]
        };
        let tx = db
            .transaction(stores, TransactionMode::ReadWrite)
            .map_err(|_| ())?;
        let key = JsValue::from_str(&record.key());
        let meta = tx.object_store(META).map_err(|_| ())?;
        meta.put(&JsValue::from_str(&json), Some(&key))
            .map_err(|_| ())?
            .await
            .map_err(|_| ())?;
        if let Some(bytes) = bytes {
            let store = tx.object_store(BYTES).map_err(|_| ())?;
            store
                .put(bytes, Some(&key))
                .map_err(|_| ())?
                .await
                .map_err(|_| ())?;
        }
        match tx.commit().map_err(|_| ())?.await {
            Ok(idb::TransactionResult::Committed) => Ok(()),
            _ => Err(()),
        }
    }

    fn set_thumb(uploads: Uploads, record: &LocalFile, bytes: &Uint8Array) {
        let parts = Array::of1(bytes);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(&record.media_type);
        let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        else {
            return;
        };
        if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
            uploads.thumbs.update(|t| {
                if let Some(old) = t.insert(file_key(&record.portfolio, &record.sha256), url) {
                    let _ = web_sys::Url::revoke_object_url(&old);
                }
            });
        }
    }

    /// Removes every record of `account` (signing out with "wipe").
    pub async fn wipe(account: &str) {
        let account = account.to_string();
        {
            let Ok(db) = open().await else {
                return;
            };
            let Ok(records) = all_meta(&db).await else {
                return;
            };
            let Ok(tx) = db.transaction(&[META, BYTES], TransactionMode::ReadWrite) else {
                return;
            };
            for record in records.iter().filter(|r| r.account == account) {
                let key = JsValue::from_str(&record.key());
                for name in [META, BYTES] {
                    if let Ok(store) = tx.object_store(name) {
                        if let Ok(req) = store.delete(key.clone()) {
                            let _ = req.await;
                        }
                    }
                }
            }
            if let Ok(done) = tx.commit() {
                let _ = done.await;
            }
        }
    }

    impl Uploads {
        /// Keeps `file` on the device and attaches it to `slot`; `Err` with
        /// a Dutch sentence when it is refused or cannot be kept.
        pub async fn attach(
            &self,
            store: Store,
            pid: &PortfolioId,
            slot: &Slot,
            file: web_sys::File,
        ) -> Result<(), String> {
            let uploads = *self;
            let name = file.name();
            let Some(account) = store
                .user
                .with_untracked(|u| u.as_ref().map(|u| u.id.clone()))
            else {
                return Err("Log in om bestanden toe te voegen.".into());
            };
            let Some(kind) = store.portfolio_kind(pid) else {
                return Err("Dit portfolio staat niet op dit apparaat.".into());
            };
            let mut bytes = read_file(&file)
                .await
                .ok_or_else(|| format!("«{name}» kon niet worden gelezen."))?;
            let head = bytes
                .subarray(0, bytes.length().min(SNIFF_BYTES as u32))
                .to_vec();
            let Some(mut file_type) = sniff(&head) else {
                return Err(format!(
                    "«{name}» is geen PDF, foto (JPEG, PNG, HEIC, WebP) of document (DOCX, ODT) \
                     en wordt niet aangenomen."
                ));
            };
            let mut name = name;
            if file_type.shows_inline() && u64::from(bytes.length()) > PHOTO_REENCODE_ABOVE_BYTES {
                // A diploma stays legible at 2400 px; mobile data is spared.
                if let Some(smaller) = reencode(&file).await {
                    if smaller.length() < bytes.length() {
                        bytes = smaller;
                        file_type = FileType::Jpeg;
                        name = as_jpeg_name(&name);
                    }
                }
            }
            let size = u64::from(bytes.length());
            if size > MAX_FILE_BYTES {
                return Err(format!(
                    "«{name}» is groter dan {} en wordt niet aangenomen.",
                    human_size(MAX_FILE_BYTES)
                ));
            }
            let sha256 = digest(&bytes)
                .await
                .ok_or_else(|| format!("«{name}» kon niet worden gelezen."))?;
            let record = LocalFile {
                account,
                portfolio: pid.0.clone(),
                sha256: sha256.as_str().to_string(),
                name: name.clone(),
                media_type: file_type.media_type().to_string(),
                size,
                uploaded: false,
                refused: None,
            };
            let db = open().await.map_err(|_| NOT_STORED.to_string())?;
            write(&db, &record, Some(&bytes))
                .await
                .map_err(|_| NOT_STORED.to_string())?;
            if file_type.shows_inline() {
                set_thumb(uploads, &record, &bytes);
            }
            let id = crate::portfolio::replica_store::new_uuid();
            let row = EvidenceFile {
                id: id.clone(),
                slot: slot.clone(),
                sha256,
                name,
                size,
                media_type: file_type.media_type().to_string(),
                added: js_sys::Date::now() as i64,
            };
            let value = serde_json::to_value(&row).map_err(|e| e.to_string())?;
            let key = file_key(&record.portfolio, &record.sha256);
            uploads.local.update(|l| {
                l.insert(key, record);
            });
            store
                .edit_replica(|r| r.upsert_item(pid, evidence_list_key(kind), &id, value))
                .map_err(|e| e.message)?;
            request(uploads, store, Duration::ZERO);
            Ok(())
        }
    }

    fn as_jpeg_name(name: &str) -> String {
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        format!("{stem}.jpg")
    }

    async fn read_file(file: &web_sys::File) -> Option<Uint8Array> {
        let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
        Some(Uint8Array::new(&buffer))
    }

    async fn digest(bytes: &Uint8Array) -> Option<Sha256Hex> {
        let subtle = window().crypto().ok()?.subtle();
        let promise = subtle
            .digest_with_str_and_js_u8_array("SHA-256", bytes)
            .ok()?;
        let hash = JsFuture::from(promise).await.ok()?;
        let hex: String = Uint8Array::new(&hash)
            .to_vec()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Sha256Hex::parse(&hex).ok()
    }

    /// The photo at most [`MAX_PHOTO_EDGE_PX`] on its long side, as JPEG;
    /// `None` when the browser cannot draw it (then it is kept as it is).
    async fn reencode(file: &web_sys::File) -> Option<Uint8Array> {
        let bitmap: web_sys::ImageBitmap =
            JsFuture::from(window().create_image_bitmap_with_blob(file).ok()?)
                .await
                .ok()?
                .dyn_into()
                .ok()?;
        let (w, h) = (bitmap.width().max(1), bitmap.height().max(1));
        let scale = (f64::from(MAX_PHOTO_EDGE_PX) / f64::from(w.max(h))).min(1.0);
        let (nw, nh) = (
            (f64::from(w) * scale).round() as u32,
            (f64::from(h) * scale).round() as u32,
        );
        let canvas: web_sys::HtmlCanvasElement =
            document().create_element("canvas").ok()?.dyn_into().ok()?;
        canvas.set_width(nw);
        canvas.set_height(nh);
        let context: web_sys::CanvasRenderingContext2d =
            canvas.get_context("2d").ok()??.dyn_into().ok()?;
        context
            .draw_image_with_image_bitmap_and_dw_and_dh(
                &bitmap,
                0.0,
                0.0,
                f64::from(nw),
                f64::from(nh),
            )
            .ok()?;
        bitmap.close();
        let blob = JsFuture::from(js_sys::Promise::new(&mut |resolve, _reject| {
            let callback = wasm_bindgen::closure::Closure::once_into_js(move |blob: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            });
            let _ = canvas.to_blob_with_type_and_encoder_options(
                callback.unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(0.85),
            );
        }))
        .await
        .ok()?
        .dyn_into::<web_sys::Blob>()
        .ok()?;
        let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
        Some(Uint8Array::new(&buffer))
    }

    /// Asks for a round after `delay`; one round at a time.
    pub fn request(uploads: Uploads, store: Store, delay: Duration) {
        if uploads.running.get_value() {
            uploads.again.set_value(true);
            return;
        }
        set_timeout(
            move || leptos::task::spawn_local(run(uploads, store)),
            delay,
        );
    }

    enum Round {
        Done,
        Retry,
    }

    async fn run(uploads: Uploads, store: Store) {
        if uploads.running.get_value() {
            uploads.again.set_value(true);
            return;
        }
        uploads.running.set_value(true);
        loop {
            uploads.again.set_value(false);
            let round = round(uploads, store).await;
            match round {
                Round::Done => uploads.failures.set_value(0),
                Round::Retry => {
                    let failures = uploads.failures.get_value() + 1;
                    uploads.failures.set_value(failures);
                    uploads.running.set_value(false);
                    request(uploads, store, backoff(failures));
                    return;
                }
            }
            if !uploads.again.get_value() {
                break;
            }
        }
        uploads.running.set_value(false);
    }

    async fn round(uploads: Uploads, store: Store) -> Round {
        if !store.online.get_untracked() || store.passive.get_untracked() {
            return Round::Done;
        }
        let Some(account) = uploads.account.get_value() else {
            return Round::Done;
        };
        let waiting: Vec<LocalFile> = uploads.local.with_untracked(|l| {
            l.values()
                .filter(|f| f.account == account && !f.uploaded && f.refused.is_none())
                .cloned()
                .collect()
        });
        let mut retry = false;
        if !waiting.is_empty() {
            let Ok(db) = open().await else {
                return Round::Retry;
            };
            for mut record in waiting {
                let key = file_key(&record.portfolio, &record.sha256);
                let Ok(Some(bytes)) = read_bytes(&db, &record.key()).await else {
                    continue;
                };
                uploads.sending.update(|s| {
                    s.insert(key.clone());
                });
                let sent = put_bytes(&record.portfolio, &record.sha256, &bytes).await;
                uploads.sending.update(|s| {
                    s.remove(&key);
                });
                match sent {
                    Ok(()) => {
                        record.uploaded = true;
                        uploads.on_server.update(|s| {
                            s.insert(key.clone());
                        });
                    }
                    Err(FetchError::Status {
                        status: 403 | 413 | 415 | 422,
                        message,
                    }) => {
                        record.refused = Some(message);
                    }
                    // Offline, signed out, a portfolio the server does not
                    // know yet (created offline), server trouble: later.
                    Err(_) => {
                        retry = true;
                        continue;
                    }
                }
                let _ = write(&db, &record, None).await;
                uploads.local.update(|l| {
                    l.insert(key, record);
                });
            }
        }
        learn_server_files(uploads, store).await;
        if retry {
            Round::Retry
        } else {
            Round::Done
        }
    }

    /// Rows without bytes on this device: ask the server whether it has
    /// them (`GET /api/portfolios/{id}` lists `stored`).
    async fn learn_server_files(uploads: Uploads, store: Store) {
        let unknown: HashSet<String> = store
            .state
            .with_untracked(|s| {
                s.as_ref().map(|s| {
                    s.portfolios
                        .iter()
                        .filter_map(|p| {
                            let rows = evidence_rows(&s.replica, &p.id, evidence_list_key(p.kind));
                            let missing = rows.iter().any(|r| {
                                let key = file_key(&p.id.0, r.sha256.as_str());
                                !uploads.local.with_untracked(|l| l.contains_key(&key))
                                    && !uploads.on_server.with_untracked(|o| o.contains(&key))
                            });
                            missing.then(|| p.id.0.clone())
                        })
                        .collect()
                })
            })
            .unwrap_or_default();
        for pid in unknown {
            if let Ok((_, detail)) =
                call::<(), PortfolioDetail>("GET", &format!("/api/portfolios/{pid}"), None).await
            {
                uploads.on_server.update(|s| {
                    for entry in detail.evidence.iter().filter(|e| e.stored) {
                        s.insert(file_key(&pid, entry.sha256.as_str()));
                    }
                });
            }
        }
    }

    /// `PUT` of the raw bytes; `Ok` for 200 and 201.
    async fn put_bytes(
        portfolio: &str,
        sha256: &str,
        bytes: &Uint8Array,
    ) -> Result<(), FetchError> {
        use web_sys::{Request, RequestCache, RequestCredentials, RequestInit, Response};
        let init = RequestInit::new();
        init.set_method("PUT");
        init.set_credentials(RequestCredentials::SameOrigin);
        init.set_cache(RequestCache::NoStore);
        let headers = web_sys::Headers::new().map_err(|_| FetchError::Offline)?;
        let _ = headers.set("accept", "application/json");
        let _ = headers.set("content-type", "application/octet-stream");
        init.set_headers(&headers);
        init.set_body(bytes);
        let path = format!("/api/portfolios/{portfolio}/files/{sha256}");
        let request =
            Request::new_with_str_and_init(&path, &init).map_err(|_| FetchError::Offline)?;
        let response: Response = JsFuture::from(window().fetch_with_request(&request))
            .await
            .map_err(|_| FetchError::Offline)?
            .dyn_into()
            .map_err(|_| FetchError::Offline)?;
        let status = response.status();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        Err(classify(status, &text))
    }
}
