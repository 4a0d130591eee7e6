//! Plain notices by e-mail (affiliate number and invoice on registration),
//! through the mail module: without SMTP the notice is logged, clearly
//! marked as not sent.

use crate::mail::Mailer;

/// Returns whether the notice went out by e-mail.
pub async fn send(mailer: &Mailer, to: &str, subject: &str, body: &str, kind: &str) -> bool {
    mailer.send_text(to, subject, body, kind).await
}
