//! What goes into the archival PDFs (issue 15): a submission as the
//! complete dossier (its snapshot section by section, the declarations and
//! who signed them, the evidence list, every evidence file embedded) and a
//! certificate with a QR code to its public register page. The facts are
//! read here (async); the document is built and written by the pure
//! builders below in `spawn_blocking`, with `crate::pdf`.

use crate::administration::certificates::{self, Certificate};
use crate::assessment::store::Submission;
use crate::db::Db;
use crate::error::ApiError;
use crate::files;
use crate::pdf::{Attachment, Document, PdfError};
use crate::policy::{Actor, Role};
use shared::assessment::{sha256_hex, Snapshot};
use shared::declarations::status::SigningRequest;
use shared::declarations::{fields_from_json, format_for_slot, status_of, DeclarationStatus};
use shared::evidence::{evidence_list_key, EvidenceFile, Slot};
use shared::framework::{framework, InputKind, Question};
use shared::readable::{plain, rows_of};
use std::collections::{BTreeMap, BTreeSet, HashSet};

impl From<PdfError> for ApiError {
    fn from(err: PdfError) -> Self {
        // Logged once where the answer is made, as every internal error.
        ApiError::internal_because(err)
    }
}

/// The bytes of a finished PDF and the name to download it as.
pub struct Rendered {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

async fn render(build: impl FnOnce() -> Document + Send + 'static) -> Result<Vec<u8>, ApiError> {
    Ok(crate::pdf::render_off_thread(build).await?)
}

/// One evidence file with its stored bytes.
#[derive(Clone, Debug)]
pub struct EvidenceBytes {
    pub file: EvidenceFile,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// Everything a submission's PDF shows, read before it is built.
#[derive(Clone, Debug)]
pub struct SubmissionFacts {
    pub submission: Submission,
    pub candidate_name: String,
    pub requests: Vec<SigningRequest>,
    pub evidence: Vec<EvidenceBytes>,
    /// Unix seconds, for the declarations' state.
    pub now: i64,
}

/// A submission's PDF for someone allowed to see it (the caller checked
/// `assessment::visible`). An assessor sees the content only after
/// confirming independence, as on the screen.
pub async fn submission(db: &Db, actor: &Actor, s: &Submission) -> Result<Rendered, ApiError> {
    let me = actor.id.to_string();
    if actor.has(Role::Assessor)
        && s.state.is_assessor(&me)
        && !s
            .state
            .judgement_of(&me)
            .is_some_and(|j| j.independence_confirmed)
    {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "independence_not_confirmed",
            "Bevestig eerst dat er geen belangenverstrengeling is; daarna opent het portfolio.",
        ));
    }
    let candidate_name = crate::assessment::summary(db, s).await?.candidate.name;
    let requests = crate::declarations::list(db, &s.portfolio_id)
        .await?
        .into_iter()
        .map(|stored| stored.request)
        .collect();
    let mut evidence = Vec::new();
    for file in s.snapshot.evidence(s.kind.portfolio_kind()) {
        let Some(meta) = files::store::find(db, &s.portfolio_id, &file.sha256).await? else {
            // Submitting requires every file uploaded; a file gone since
            // is listed with its hash but cannot be embedded.
            tracing::warn!(submission = %s.id, sha256 = %file.sha256, "evidence file not stored");
            continue;
        };
        let bytes = files::read_all(db, &meta.blob_id).await?;
        evidence.push(EvidenceBytes {
            media_type: meta.file_type.media_type().to_string(),
            file,
            bytes,
        });
    }
    let facts = SubmissionFacts {
        submission: s.clone(),
        candidate_name,
        requests,
        evidence,
        now: crate::db::now(),
    };
    let short: String =
        s.id.chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect();
    let file_name = format!("portfolio-{short}-v{}.pdf", s.version);
    let bytes = render(move || submission_document(facts)).await?;
    Ok(Rendered { file_name, bytes })
}

fn when(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// The framework version as the manifest states it (the snapshot keeps
/// no copy).
fn manifest_field(manifest: &str, name: &str) -> Option<String> {
    manifest.lines().find_map(|line| {
        let parts: Vec<String> = serde_json::from_str(line).ok()?;
        (parts.len() == 2 && parts[0] == name).then(|| parts[1].clone())
    })
}

fn key_values(doc: &mut Document, rows: &[(String, String)]) {
    let borrowed: Vec<(&str, &str)> = rows.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    doc.key_values(&borrowed);
}

fn declaration_line(status: &DeclarationStatus) -> String {
    match status {
        DeclarationStatus::Concept => "Nog niet ter ondertekening verstuurd".into(),
        DeclarationStatus::Sent { signer_name, .. } => {
            format!("Verstuurd aan {signer_name}, nog niet ondertekend")
        }
        DeclarationStatus::Expired { signer_name } => {
            format!("Verzoek aan {signer_name} verlopen")
        }
        DeclarationStatus::Signed {
            signed_name,
            signed_at,
        } => format!("Ondertekend door {signed_name} op {}", when(*signed_at)),
        DeclarationStatus::Declined {
            signer_name,
            reason,
        } => format!("Geweigerd door {signer_name}: {reason}"),
        DeclarationStatus::Voided {
            signed_name,
            signed_at,
            ..
        } => format!(
            "Ondertekend door {signed_name} op {}, vervallen door wijziging",
            when(*signed_at)
        ),
    }
}

/// The declarations asked for on `key` (the question itself or its rows),
/// each with its state for the snapshot's content.
fn declarations_of(facts: &SubmissionFacts, key: &str) -> Vec<(String, String)> {
    let slots: BTreeSet<Slot> = facts
        .requests
        .iter()
        .filter(|r| r.slot.key == key)
        .map(|r| r.slot.clone())
        .collect();
    let snapshot = &facts.submission.snapshot;
    slots
        .into_iter()
        .filter_map(|slot| {
            let content = match &slot.row {
                Some(row) => snapshot.lists.get(&slot.key).and_then(|rows| rows.get(row)),
                None => snapshot.values.get(&slot.key),
            };
            let format = format_for_slot(&slot, content)?;
            let fields = fields_from_json(format, content);
            let status = status_of(&slot, &facts.requests, &fields, facts.now);
            let what = match &slot.row {
                Some(_) => "Verklaring (regel)".to_string(),
                None => "Verklaring".to_string(),
            };
            Some((what, declaration_line(&status)))
        })
        .collect()
}

fn evidence_line(f: &EvidenceFile) -> String {
    format!("SHA-256 {} · {} bytes", f.sha256, f.size)
}

fn question(
    doc: &mut Document,
    facts: &SubmissionFacts,
    q: &Question,
    shown: &mut HashSet<String>,
) {
    let snapshot = &facts.submission.snapshot;
    let evidence_key = evidence_list_key(facts.submission.kind.portfolio_kind());
    doc.subheading(q.text);
    let mut any = false;
    if let Some(text) = snapshot.answers.get(q.key) {
        doc.paragraph(text);
        any = true;
    }
    if let Some(value) = snapshot.values.get(q.key) {
        key_values(doc, &rows_of(value));
        any = true;
    }
    if q.key != evidence_key {
        if let Some(rows) = snapshot.lists.get(q.key) {
            for (n, row) in rows.values().enumerate() {
                let mut kv = vec![("Regel".to_string(), (n + 1).to_string())];
                kv.extend(rows_of(row));
                key_values(doc, &kv);
            }
            any |= !rows.is_empty();
        }
    }
    let declarations = declarations_of(facts, q.key);
    if !declarations.is_empty() {
        key_values(doc, &declarations);
        any = true;
    }
    let files: Vec<(String, String)> = snapshot
        .evidence(facts.submission.kind.portfolio_kind())
        .iter()
        .filter(|f| f.slot.key == q.key)
        .map(|f| (format!("Bewijsstuk: {}", f.name), evidence_line(f)))
        .collect();
    if !files.is_empty() {
        key_values(doc, &files);
        any = true;
    }
    if !any {
        doc.paragraph(match q.input {
            InputKind::Evidence => "(geen bewijsstuk)",
            _ => "(niet ingevuld)",
        });
    }
    shown.insert(q.key.to_string());
}

/// Names as PDF readers list them: the evidence's own names, made unique
/// (a second "cv.pdf" becomes "cv (2).pdf").
fn unique_name(name: &str, taken: &mut HashSet<String>) -> String {
    let name = if name.trim().is_empty() {
        "bestand"
    } else {
        name
    };
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    (2..)
        .map(|n| format!("{stem} ({n}){ext}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or_default()
}

/// The submission's PDF: pure, from facts read before.
pub fn submission_document(facts: SubmissionFacts) -> Document {
    let s = &facts.submission;
    let fw = framework(s.kind.portfolio_kind());
    let framework_version =
        manifest_field(&s.manifest, "framework_version").unwrap_or_else(|| fw.version.to_string());
    let mut doc = Document::new(
        &format!("{} – {}", fw.title, facts.candidate_name),
        &format!("Manifest SHA-256: {}", s.manifest_sha256),
    );
    doc.heading("Indiening");
    let version = s.version.to_string();
    let submitted = when(s.submitted_at);
    key_values(
        &mut doc,
        &[
            ("Kandidaat".into(), facts.candidate_name.clone()),
            ("Indiening".into(), format!("{} (versie {version})", s.id)),
            ("Ingediend op".into(), submitted),
            ("Route".into(), s.kind.label().to_string()),
            (
                "Beoordelingskader".into(),
                format!("{} (versie {framework_version})", fw.title),
            ),
            ("Status".into(), s.state.stage.label().to_string()),
            ("Manifest SHA-256".into(), s.manifest_sha256.clone()),
        ],
    );
    doc.paragraph(
        "Dit document is de inhoud van de indiening zoals die is vastgelegd; het manifest \
         (SHA-256 hierboven en onderaan elke pagina) legt elk antwoord en elk bewijsstuk vast \
         met zijn hash. De bewijsstukken zitten als bijlagen in deze PDF.",
    );

    let mut shown = HashSet::new();
    for section in fw.sections {
        doc.heading(&format!("{} {}", section.code, section.title));
        if !section.criterion.is_empty() {
            doc.paragraph(section.criterion);
        }
        for q in section.questions {
            question(&mut doc, &facts, q, &mut shown);
        }
        for part in section.parts {
            doc.subheading(&format!("{} {}", part.code, part.title));
            for q in part.questions {
                question(&mut doc, &facts, q, &mut shown);
            }
        }
    }
    other_content(
        &mut doc,
        &s.snapshot,
        &shown,
        evidence_list_key(s.kind.portfolio_kind()),
    );

    let evidence = s.snapshot.evidence(s.kind.portfolio_kind());
    doc.heading("Bewijsstukken");
    if evidence.is_empty() {
        doc.paragraph("Geen bewijsstukken.");
    } else {
        let rows: Vec<(String, String)> = evidence
            .iter()
            .map(|f| {
                let slot = match &f.slot.row {
                    Some(row) => format!("{} (regel {row})", f.slot.key),
                    None => f.slot.key.clone(),
                };
                (f.name.clone(), format!("{} · bij {slot}", evidence_line(f)))
            })
            .collect();
        key_values(&mut doc, &rows);
    }

    let mut taken = HashSet::new();
    let mut embedded = HashSet::new();
    for e in facts.evidence {
        // One copy of each file, however many slots it proves.
        if !embedded.insert(e.file.sha256.as_str().to_string()) {
            continue;
        }
        debug_assert_eq!(sha256_hex(&e.bytes), e.file.sha256.as_str());
        doc.attach(Attachment {
            name: unique_name(&e.file.name, &mut taken),
            media_type: e.media_type,
            bytes: e.bytes,
            description: format!(
                "Bewijsstuk bij {} (SHA-256 {})",
                e.file.slot.key, e.file.sha256
            ),
        });
    }
    doc
}

/// Content the framework does not (or no longer) ask for: kept in the
/// archive, so the PDF holds all the manifest lists.
fn other_content(doc: &mut Document, snapshot: &Snapshot, shown: &HashSet<String>, evidence: &str) {
    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in &snapshot.answers {
        if !shown.contains(k) {
            rows.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in &snapshot.values {
        if !shown.contains(k) {
            rows.insert(k.clone(), plain(v));
        }
    }
    for (k, list) in &snapshot.lists {
        if !shown.contains(k) && k != evidence {
            for (id, v) in list {
                rows.insert(format!("{k} ({id})"), plain(v));
            }
        }
    }
    if !rows.is_empty() {
        doc.heading("Overige inhoud");
        key_values(doc, &rows.into_iter().collect::<Vec<_>>());
    }
}

// --- the certificate

/// A certificate by number, for its holder, admins and certifiers; for
/// everyone else it does not exist (404), as an invoice.
pub async fn visible_certificate(
    db: &Db,
    actor: &Actor,
    verified_email: Option<&str>,
    number: &str,
) -> Result<Certificate, ApiError> {
    let today = crate::administration::today();
    let Some(certificate) = certificates::by_number(db, number, today).await? else {
        return Err(ApiError::not_found());
    };
    let resource = crate::policy::Resource::Certificate {
        holder: certificates::holds(db, actor.id, verified_email, &certificate).await?,
    };
    if crate::policy::can(actor, crate::policy::Action::ReadCertificate, &resource) {
        Ok(certificate)
    } else {
        Err(ApiError::not_found())
    }
}

pub async fn certificate(origin: &str, certificate: Certificate) -> Result<Rendered, ApiError> {
    let file_name = format!(
        "certificaat-{}.pdf",
        certificate
            .certificate_number
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
    );
    let url = register_url(origin, &certificate.certificate_number);
    let bytes = render(move || certificate_document(&certificate, &url)).await?;
    Ok(Rendered { file_name, bytes })
}

/// The public page that verifies a certificate (`app`'s `/register/…`).
pub fn register_url(origin: &str, number: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(number.as_bytes()).collect();
    format!("{}/register/{encoded}", origin.trim_end_matches('/'))
}

pub fn certificate_document(c: &Certificate, url: &str) -> Document {
    let mut doc = Document::new(
        &format!("Certificaat {}", c.certificate_number),
        &format!(
            "Register Jobcoach · certificaat {} · {url}",
            c.certificate_number
        ),
    );
    doc.paragraph("Register Jobcoach verklaart dat");
    doc.heading(&c.name);
    doc.paragraph(
        "is ingeschreven in het register als gecertificeerd jobcoach, met het certificaat \
         hieronder.",
    );
    key_values(
        &mut doc,
        &[
            ("Certificaatnummer".into(), c.certificate_number.clone()),
            ("Naam".into(), c.name.clone()),
            ("Plaats".into(), c.city.clone()),
            ("Soort".into(), c.kind.label().to_string()),
            ("Datum van afgifte".into(), c.issue_date.clone()),
            ("Geldig tot en met".into(), c.expiry_date.clone()),
        ],
    );
    doc.heading("Controleren");
    doc.paragraph(
        "Of dit certificaat geldig is, staat in het openbare register. Scan de code of open \
         het adres; daar staat ook een ondertekende verklaring die een werkgever zelf kan \
         controleren.",
    );
    doc.qr(url);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_keeps_its_names_made_unique() {
        let mut taken = HashSet::new();
        assert_eq!(unique_name("cv.pdf", &mut taken), "cv.pdf");
        assert_eq!(unique_name("cv.pdf", &mut taken), "cv (2).pdf");
        assert_eq!(unique_name("cv.pdf", &mut taken), "cv (3).pdf");
        assert_eq!(unique_name(" ", &mut taken), "bestand");
        assert_eq!(unique_name(".profile", &mut taken), ".profile");
    }

    #[test]
    fn the_framework_version_comes_from_the_manifest() {
        let manifest = "register-jobcoach-indiening/1\n[\"portfolio\",\"p1\"]\n\
                        [\"framework_version\",\"2024-1\"]\n";
        assert_eq!(
            manifest_field(manifest, "framework_version").as_deref(),
            Some("2024-1")
        );
        assert_eq!(manifest_field(manifest, "route"), None);
    }

    #[test]
    fn a_declaration_says_who_signed_and_when() {
        let line = declaration_line(&DeclarationStatus::Signed {
            signed_name: "Wim Werkgever".into(),
            signed_at: 1_767_225_600,
        });
        assert_eq!(
            line,
            "Ondertekend door Wim Werkgever op 2026-01-01 00:00 UTC"
        );
    }

    #[test]
    fn a_certificate_document_links_to_its_register_page() {
        assert_eq!(
            register_url("https://rj.example/", "RJ-2026-00001"),
            "https://rj.example/register/RJ-2026-00001"
        );
        let c = Certificate {
            id: "c".into(),
            certificate_number: "RJ-2026-00001".into(),
            name: "Carla".into(),
            email: "c@example.nl".into(),
            city: "Utrecht".into(),
            issue_date: "2026-01-01".into(),
            expiry_date: "2029-12-31".into(),
            recertification_deadline: String::new(),
            kind: shared::administration::CertificateKind::Initial,
            member_number: None,
            affiliate_number: None,
            valid: true,
        };
        let pdf = certificate_document(&c, "https://rj.example/register/RJ-2026-00001")
            .finish()
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
