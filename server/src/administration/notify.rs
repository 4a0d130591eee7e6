//! Plain notices by e-mail (affiliate number and invoice on registration).
//! Without SMTP the notice is written to the log, clearly marked as not
//! sent, like the accounts module does with its links.

use crate::mail::Mailer;
use lettre::message::Mailbox;
use lettre::{AsyncTransport, Message};

/// Returns whether the notice went out by e-mail.
pub async fn send(mailer: &Mailer, to: &str, subject: &str, body: &str, kind: &str) -> bool {
    if let Mailer::Smtp { transport, from } = mailer {
        let message = to
            .parse::<Mailbox>()
            .map_err(|e| e.to_string())
            .and_then(|to| {
                Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(subject)
                    .body(body.to_string())
                    .map_err(|e| e.to_string())
            });
        match message {
            Ok(message) => match transport.send(message).await {
                Ok(_) => return true,
                Err(err) => tracing::error!(error = %err, kind, "sending e-mail failed"),
            },
            Err(err) => tracing::error!(error = %err, kind, "e-mail not built"),
        }
    }
    tracing::warn!(
        kind,
        subject,
        body,
        "NIET PER E-MAIL VERSTUURD (geen SMTP): geef dit bericht zelf door"
    );
    false
}
