//! E-mail for invitation and recovery links. Without SMTP configured (the
//! default) nothing is sent: the link goes back to the admin to pass on and
//! into the log, clearly marked, so a fresh installation is usable at once.

use crate::config::Config;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;

pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Manual,
}

/// How a link reached (or will reach) its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    Email,
    Manual,
}

pub struct LinkMail<'a> {
    pub to: Option<&'a str>,
    pub subject: &'a str,
    pub intro: &'a str,
    pub link: &'a str,
    /// For the log line: what the link is, never who gets it.
    pub kind: &'a str,
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Mailer, String> {
        let Some(url) = config.smtp_url.as_deref().filter(|u| !u.is_empty()) else {
            return Ok(Mailer::Manual);
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

    /// Sends the link when SMTP is configured and an address is known;
    /// otherwise (or when sending fails) logs it for the admin to pass on.
    pub async fn send_link(&self, mail: LinkMail<'_>) -> Delivery {
        if let (Mailer::Smtp { transport, from }, Some(to)) = (self, mail.to) {
            match build(from, to, &mail) {
                Ok(message) => match transport.send(message).await {
                    Ok(_) => return Delivery::Email,
                    Err(err) => {
                        tracing::error!(error = %err, kind = mail.kind, "sending e-mail failed")
                    }
                },
                Err(err) => tracing::error!(error = %err, kind = mail.kind, "e-mail not built"),
            }
        }
        tracing::warn!(
            kind = mail.kind,
            link = mail.link,
            "NIET PER E-MAIL VERSTUURD (geen SMTP): de beheerder moet deze link zelf doorgeven"
        );
        Delivery::Manual
    }
}

fn build(from: &Mailbox, to: &str, mail: &LinkMail<'_>) -> Result<Message, String> {
    let to: Mailbox = to
        .parse()
        .map_err(|e: lettre::address::AddressError| e.to_string())?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject)
        .body(format!(
            "{}\n\n{}\n\nDeze link werkt één keer. Heb je dit niet verwacht? Negeer dan dit bericht.\n",
            mail.intro, mail.link
        ))
        .map_err(|e| e.to_string())
}
