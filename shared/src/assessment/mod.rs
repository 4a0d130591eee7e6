//! From submission to certificate, as pure code: the server does the I/O
//! and calls in here for every decision, in the style of [`crate::sync`].
//!
//! - [`types`]: the kinds of submission (initial full route, initial
//!   shortened route, recertification), verdicts, advice and decision
//!   outcomes, stages, objection states, with their Dutch labels.
//! - [`machine`]: [`Assessment`], the state of one submission, and
//!   [`apply`], the whole decision for one step (assign, confirm
//!   independence, judge, seal, toetsgesprek, joint advice, decide, object,
//!   handle the objection); a refusal is a typed [`Refusal`] and changes
//!   nothing.
//! - [`view`]: what each person sees; the independence rule lives here.
//! - [`rules`]: the dated rules (recertification due date, four years of
//!   validity continuing from the old end, six weeks for an objection).
//! - [`snapshot`]: the immutable snapshot and its manifest (SHA-256).
//! - [`submit`]: whether a portfolio may be submitted and as what route;
//!   what changed since the previous version, per section.
//!
//! The seeds: "wordt deze beoordeeld door twee assessoren. Zij beoordelen
//! onafhankelijk van elkaar ... Vervolgens word je uitgenodigd voor een
//! mondeling toetsgesprek ... Dit gesprek duurt 30 minuten ... Beide
//! assessoren zijn bij het gesprek aanwezig" (000); "Een assessor
//! beoordeelt je portfolio" (001, recertification); the shortened route's
//! "Vrijstelling voor de onderdelen B2, C1 t/m C4 en D en het toetsgesprek"
//! (002, A2).

pub mod machine;
pub mod rules;
pub mod snapshot;
pub mod submit;
pub mod types;
pub mod view;

pub use machine::{
    apply, AdviceRecord, Assessment, Command, DecisionRecord, Interview, InterviewSlot, Judgement,
    Objection, Refusal, RefusalKind, SectionVerdict, SlotProposal,
};
pub use rules::{
    certificate_period, objection_deadline, recertification_lateness, CertificatePeriod,
    LateWarning, CERTIFICATION_FEE_NOTICE,
};
pub use snapshot::{manifest, sha256_hex, ManifestHeader, Snapshot};
pub use submit::{changed_sections, readiness, Missing, Readiness};
pub use types::{NextActor, ObjectionStatus, Outcome, Place, Stage, SubmissionKind, Verdict};
pub use view::{view, AssessmentView, Viewer};

#[cfg(test)]
mod tests;
