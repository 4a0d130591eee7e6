//! The dossier (issue 15): what people keep and take away. The public,
//! verifiable register entry (`/register/:number`), "Mijn gegevens"
//! (`/mijn-gegevens`: export, erasure), the privacy statement
//! (`/privacyverklaring`), and the privacy hint beside answers in the
//! editor (`privacy_hint`, used by `portfolio::question`).

pub mod my_data;
pub mod privacy_hint;
pub mod privacy_page;
pub mod register_entry;
