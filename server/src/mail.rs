//! E-mail: invitation, recovery and verification links, and plain notices.
//! Without SMTP configured (the default) nothing is sent: the message goes
//! into the log, clearly marked "NIET PER E-MAIL VERSTUURD" (an admin's
//! invitation and recovery links also go back to the admin to pass on), so
//! a fresh installation is usable at once. Unsent messages are also kept in
//! a small in-memory outbox, which is how the tests read what was "sent".

use crate::config::Config;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::collections::VecDeque;
use std::sync::Mutex;

pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Manual(Outbox),
}

/// How a link reached (or will reach) its person (a wire type).
pub use shared::api::auth::Delivery;

pub struct LinkMail<'a> {
    pub to: Option<&'a str>,
    pub subject: &'a str,
    pub intro: &'a str,
    pub link: &'a str,
    /// For the log line: what the link is, never who gets it.
    pub kind: &'a str,
}

/// A message that was not sent by e-mail, as it would have been.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMail {
    pub to: Option<String>,
    pub subject: String,
    pub body: String,
    pub kind: String,
}

/// The last [`Outbox::CAPACITY`] unsent messages, oldest first. Bounded, so a
/// flood of sign-ups cannot grow memory.
#[derive(Default)]
pub struct Outbox(Mutex<VecDeque<OutboxMail>>);

impl Outbox {
    pub const CAPACITY: usize = 200;

    fn push(&self, mail: OutboxMail) {
        let mut queue = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if queue.len() == Self::CAPACITY {
            queue.pop_front();
        }
        queue.push_back(mail);
    }

    pub fn messages(&self) -> Vec<OutboxMail> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Mailer, String> {
        let Some(url) = config.smtp_url.as_deref().filter(|u| !u.is_empty()) else {
            return Ok(Mailer::Manual(Outbox::default()));
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| e.to_string())?
            .build();
        let from = config
            .mail_from
            .parse::<Mailbox>()
            .map_err(|e| e.to_string())?;
        Ok(Mailer::Smtp { transport, from })
    }

    pub fn is_manual(&self) -> bool {
        matches!(self, Mailer::Manual(_))
    }

    /// What was not sent by e-mail (empty with SMTP).
    pub fn outbox(&self) -> Vec<OutboxMail> {
        match self {
            Mailer::Manual(outbox) => outbox.messages(),
            Mailer::Smtp { .. } => Vec::new(),
        }
    }

    /// Sends the link when SMTP is configured and an address is known;
    /// otherwise (or when sending fails) logs it for the admin to pass on.
    pub async fn send_link(&self, mail: LinkMail<'_>) -> Delivery {
        let body = format!(
            "{}\n\n{}\n\nDeze link werkt één keer. Heb je dit niet verwacht? Negeer dan dit bericht.\n",
            mail.intro, mail.link
        );
        if let Some(to) = mail.to {
            if self.try_smtp(to, mail.subject, &body, mail.kind).await {
                return Delivery::Email;
            }
        }
        tracing::warn!(
            kind = mail.kind,
            link = mail.link,
            "NIET PER E-MAIL VERSTUURD (geen SMTP): de beheerder moet deze link zelf doorgeven"
        );
        self.keep(mail.to, mail.subject, &body, mail.kind);
        Delivery::Manual
    }

    /// A plain message to one address. Returns whether it went out by
    /// e-mail; otherwise it is logged (with its text, which may hold a
    /// link) for the operator.
    pub async fn send_text(&self, to: &str, subject: &str, body: &str, kind: &str) -> bool {
        if self.try_smtp(to, subject, body, kind).await {
            return true;
        }
        tracing::warn!(
            kind,
            subject,
            body,
            "NIET PER E-MAIL VERSTUURD (geen SMTP): geef dit bericht zelf door"
        );
        self.keep(Some(to), subject, body, kind);
        false
    }

    async fn try_smtp(&self, to: &str, subject: &str, body: &str, kind: &str) -> bool {
        let Mailer::Smtp { transport, from } = self else {
            return false;
        };
        match build(from, to, subject, body) {
            Ok(message) => match transport.send(message).await {
                Ok(_) => return true,
                Err(err) => tracing::error!(error = %err, kind, "sending e-mail failed"),
            },
            Err(err) => tracing::error!(error = %err, kind, "e-mail not built"),
        }
        false
    }

    fn keep(&self, to: Option<&str>, subject: &str, body: &str, kind: &str) {
        if let Mailer::Manual(outbox) = self {
            outbox.push(OutboxMail {
                to: to.map(str::to_string),
                subject: subject.to_string(),
                body: body.to_string(),
                kind: kind.to_string(),
            });
        }
    }
}

fn build(from: &Mailbox, to: &str, subject: &str, body: &str) -> Result<Message, String> {
    let to: Mailbox = to
        .parse()
        .map_err(|e: lettre::address::AddressError| e.to_string())?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .body(body.to_string())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbox_keeps_the_newest_messages_only() {
        let outbox = Outbox::default();
        for i in 0..Outbox::CAPACITY + 5 {
            outbox.push(OutboxMail {
                to: None,
                subject: i.to_string(),
                body: String::new(),
                kind: "test".into(),
            });
        }
        let messages = outbox.messages();
        assert_eq!(messages.len(), Outbox::CAPACITY);
        assert_eq!(messages[0].subject, "5");
    }
}
