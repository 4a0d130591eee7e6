//! The audit log: who did what, when, from which address. Rows are only
//! ever added. [`record`] takes any executor, so a change and its record can
//! commit together in one transaction.

use crate::db::now;
use serde::Serialize;
use serde_json::Value;
use sqlx::Row;
use std::net::IpAddr;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    SignUp,
    SetupCompleted,
    InvitationCreated,
    InvitationAccepted,
    SignIn,
    SignInFailed,
    SignOut,
    SignOutEverywhere,
    PasskeyAdded,
    PasskeyRenamed,
    PasskeyRemoved,
    RecoveryLinkIssued,
    RecoveryUsed,
    RecoveryCodesRenewed,
    EmailVerified,
    VerificationMailSent,
    RoleGranted,
    RoleRevoked,
    // Administration of the register.
    AffiliateRegistered,
    MemberAdded,
    MemberUpdated,
    AffiliateUpdated,
    RegistrationLinked,
    FeeScheduleSet,
    VatRateSet,
    InvoicePaid,
    InvoiceCredited,
    RegisterFeeRun,
    CertificateAdded,
    CertificatesImported,
    // Evidence files.
    FileStored,
    FileRemoved,
    // Dossier (issue 15).
    DataExported,
    AccountErased,
    PrivacyAccepted,
    RetentionWarned,
    RetentionDeleted,
    // Declarations signed through a link (api/declarations.rs).
    DeclarationRequested,
    DeclarationSigned,
    DeclarationDeclined,
    // Mentors and comments (issue 13).
    MentorLinked,
    MentorUnlinked,
    MentorInvited,
    MentorInvitationRevoked,
    CommentPlaced,
    CommentEdited,
    CommentRemoved,
    CommentReplied,
    CommentResolved,
    CommentReopened,
    SuggestionTaken,
    SuggestionDeclined,
    // Submission and assessment.
    SubmissionMade,
    AssessorsAssigned,
    IndependenceConfirmed,
    VerdictRecorded,
    AdviceRecorded,
    JudgementSealed,
    InterviewSlotsOffered,
    InterviewSlotChosen,
    InterviewHeld,
    JointAdviceRecorded,
    DecisionRecorded,
    ObjectionLodged,
    ObjectionHandled,
    // PE statements of mentors and assessors (issue 14).
    PeStatementAdded,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::SignUp => "sign_up",
            Event::SetupCompleted => "setup_completed",
            Event::InvitationCreated => "invitation_created",
            Event::InvitationAccepted => "invitation_accepted",
            Event::SignIn => "sign_in",
            Event::SignInFailed => "sign_in_failed",
            Event::SignOut => "sign_out",
            Event::SignOutEverywhere => "sign_out_everywhere",
            Event::PasskeyAdded => "passkey_added",
            Event::PasskeyRenamed => "passkey_renamed",
            Event::PasskeyRemoved => "passkey_removed",
            Event::RecoveryLinkIssued => "recovery_link_issued",
            Event::RecoveryUsed => "recovery_used",
            Event::RecoveryCodesRenewed => "recovery_codes_renewed",
            Event::EmailVerified => "email_verified",
            Event::VerificationMailSent => "verification_mail_sent",
            Event::RoleGranted => "role_granted",
            Event::RoleRevoked => "role_revoked",
            Event::AffiliateRegistered => "affiliate_registered",
            Event::MemberAdded => "member_added",
            Event::MemberUpdated => "member_updated",
            Event::AffiliateUpdated => "affiliate_updated",
            Event::RegistrationLinked => "registration_linked",
            Event::FeeScheduleSet => "fee_schedule_set",
            Event::VatRateSet => "vat_rate_set",
            Event::InvoicePaid => "invoice_paid",
            Event::InvoiceCredited => "invoice_credited",
            Event::RegisterFeeRun => "register_fee_run",
            Event::CertificateAdded => "certificate_added",
            Event::CertificatesImported => "certificates_imported",
            Event::FileStored => "file_stored",
            Event::FileRemoved => "file_removed",
            Event::DataExported => "data_exported",
            Event::AccountErased => "account_erased",
            Event::PrivacyAccepted => "privacy_accepted",
            Event::RetentionWarned => "retention_warned",
            Event::RetentionDeleted => "retention_deleted",
            Event::DeclarationRequested => "declaration_requested",
            Event::DeclarationSigned => "declaration_signed",
            Event::DeclarationDeclined => "declaration_declined",
            Event::MentorLinked => "mentor_linked",
            Event::MentorUnlinked => "mentor_unlinked",
            Event::MentorInvited => "mentor_invited",
            Event::MentorInvitationRevoked => "mentor_invitation_revoked",
            Event::CommentPlaced => "comment_placed",
            Event::CommentEdited => "comment_edited",
            Event::CommentRemoved => "comment_removed",
            Event::CommentReplied => "comment_replied",
            Event::CommentResolved => "comment_resolved",
            Event::CommentReopened => "comment_reopened",
            Event::SuggestionTaken => "suggestion_taken",
            Event::SuggestionDeclined => "suggestion_declined",
            Event::SubmissionMade => "submission_made",
            Event::AssessorsAssigned => "assessors_assigned",
            Event::IndependenceConfirmed => "independence_confirmed",
            Event::VerdictRecorded => "verdict_recorded",
            Event::AdviceRecorded => "advice_recorded",
            Event::JudgementSealed => "judgement_sealed",
            Event::InterviewSlotsOffered => "interview_slots_offered",
            Event::InterviewSlotChosen => "interview_slot_chosen",
            Event::InterviewHeld => "interview_held",
            Event::JointAdviceRecorded => "joint_advice_recorded",
            Event::DecisionRecorded => "decision_recorded",
            Event::ObjectionLodged => "objection_lodged",
            Event::ObjectionHandled => "objection_handled",
            Event::PeStatementAdded => "pe_statement_added",
        }
    }
}

/// One line of the log. `subject` is what the event is about (an account,
/// later a portfolio or invoice id); `details` is free-form JSON without
/// secrets.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub actor: Option<Uuid>,
    pub event: Event,
    pub subject: Option<&'a str>,
    pub ip: Option<IpAddr>,
    pub details: Value,
}

impl<'a> Entry<'a> {
    pub fn new(event: Event) -> Self {
        Entry {
            actor: None,
            event,
            subject: None,
            ip: None,
            details: Value::Object(Default::default()),
        }
    }

    pub fn actor(mut self, actor: Uuid) -> Self {
        self.actor = Some(actor);
        self
    }

    pub fn subject(mut self, subject: &'a str) -> Self {
        self.subject = Some(subject);
        self
    }

    pub fn ip(mut self, ip: Option<IpAddr>) -> Self {
        self.ip = ip;
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

/// Appends an entry, e.g. `audit::record(&mut *tx, Entry::new(Event::SignIn).actor(id)).await?`.
pub async fn record<'c, E>(executor: E, entry: Entry<'_>) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, event, subject_id, ip, details) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now())
    .bind(entry.actor.map(|a| a.to_string()))
    .bind(entry.event.as_str())
    .bind(entry.subject.map(str::to_string))
    .bind(entry.ip.map(|ip| ip.to_string()))
    .bind(entry.details.to_string())
    .execute(executor)
    .await?;
    Ok(())
}

/// One line of the log as the admin reads it (a wire type).
pub use shared::api::auth::AuditEntry as LogRow;

/// Newest first; `before` pages back by id.
pub async fn list(
    db: &crate::db::Db,
    limit: i64,
    before: Option<i64>,
) -> Result<Vec<LogRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.at, a.actor_id, u.name AS actor_name, a.event, a.subject_id, a.ip, a.details \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
         WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2",
    )
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let details: String = r.try_get("details")?;
            Ok(LogRow {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor_id: r.try_get("actor_id")?,
                actor_name: r.try_get("actor_name")?,
                event: r.try_get("event")?,
                subject_id: r.try_get("subject_id")?,
                ip: r.try_get("ip")?,
                details: serde_json::from_str(&details).unwrap_or(Value::Null),
            })
        })
        .collect()
}
