//! The two assessment frameworks (toetsingskaders) as static data: every
//! section, condition and question a candidate answers, so the editor can
//! render a whole portfolio from this module alone.
//!
//! Texts are the seeds' Dutch wording with the PDF line-break hyphenation
//! removed. Where a section has no question in the seed (it only lists what
//! to deliver), the question text is the seed's "Wat aanleveren" wording.

mod initial;
mod recertification;

pub use initial::INITIAL;
pub use recertification::RECERTIFICATION;

use serde::{Deserialize, Serialize};

/// Which portfolio a candidate is composing.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PortfolioKind {
    Initial,
    Recertification,
}

/// One toetsingskader.
#[derive(Serialize, Debug)]
pub struct Framework {
    pub kind: PortfolioKind,
    pub title: &'static str,
    pub version: &'static str,
    /// Dutch introduction shown above the portfolio.
    pub introduction: &'static str,
    pub sections: &'static [Section],
}

/// One onderdeel (A1, C1, A3.2 ...).
#[derive(Serialize, Debug)]
pub struct Section {
    /// Code as printed in the framework, e.g. `"A3.1"`.
    pub code: &'static str,
    pub title: &'static str,
    pub criterion: &'static str,
    /// Toelichting: the framework's explanation of the section, if any.
    pub explanation: Option<&'static str>,
    /// Wat aanleveren.
    pub deliverables: &'static [&'static str],
    /// Randvoorwaarden / voorwaarden.
    pub conditions: &'static [&'static str],
    /// Questions that belong to the section as a whole, answered before the
    /// parts.
    pub questions: &'static [Question],
    /// Sub-parts such as the tasks of C1 or the knowledge areas of C2.
    pub parts: &'static [Part],
}

/// A sub-part of a section, e.g. C1 task 2 "werknemersprofiel".
#[derive(Serialize, Debug)]
pub struct Part {
    /// Lowercase code, the middle segment of its questions' keys (`task2`).
    pub code: &'static str,
    pub title: &'static str,
    /// The "Is in staat om ..." line or the part's own criterion.
    pub criterion: Option<&'static str>,
    /// Indicators from the beroepsprofiel, shown as guidance.
    pub indicators: &'static [&'static str],
    pub questions: &'static [Question],
}

/// Something the candidate fills in.
#[derive(Serialize, Debug)]
pub struct Question {
    /// Stable identifier of the answer: lowercase, dot-separated, e.g.
    /// `initial.c1.task2.q3`. Answers are stored under this key, so a key
    /// must never change or be reused once released; add new keys instead.
    pub key: &'static str,
    pub text: &'static str,
    /// Handreiking.
    pub guidance: Option<&'static str>,
    /// Indicative length ("200 woorden") where the framework gives one.
    pub word_guidance: Option<u32>,
    pub input: InputKind,
}

/// How the editor renders a question.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Free text.
    Text,
    /// Upload of a bewijsstuk.
    Evidence,
    /// A signed statement or a checkbox confirmation.
    Declaration,
    /// The PE register of recertification B, see `rules::pe_points`.
    PeRegister,
    /// The reflection meetings of recertification A3.1.
    ReflectionMeetings,
    /// The hours declaration of initial B1, see `rules::hours`.
    HoursDeclaration,
    /// Start and end of the trajectory of initial C1, see `rules::trajectory`.
    TrajectoryDates,
}

impl Framework {
    pub fn section(&self, code: &str) -> Option<&'static Section> {
        self.sections.iter().find(|s| s.code == code)
    }

    pub fn question(&self, key: &str) -> Option<&'static Question> {
        self.questions().find(|q| q.key == key)
    }

    /// Every question in portfolio order.
    pub fn questions(&self) -> impl Iterator<Item = &'static Question> {
        self.sections.iter().flat_map(Section::questions)
    }
}

impl Section {
    pub fn part(&self, code: &str) -> Option<&'static Part> {
        self.parts.iter().find(|p| p.code == code)
    }

    /// The section's own questions followed by those of its parts.
    pub fn questions(&'static self) -> impl Iterator<Item = &'static Question> {
        self.questions
            .iter()
            .chain(self.parts.iter().flat_map(|p| p.questions.iter()))
    }
}

pub fn framework(kind: PortfolioKind) -> &'static Framework {
    match kind {
        PortfolioKind::Initial => &INITIAL,
        PortfolioKind::Recertification => &RECERTIFICATION,
    }
}

// Builders keep the static tables below readable; they are `const` so the
// frameworks stay plain data in the binary.
impl Question {
    const fn new(key: &'static str, input: InputKind, text: &'static str) -> Self {
        Question {
            key,
            text,
            guidance: None,
            word_guidance: None,
            input,
        }
    }

    const fn text(key: &'static str, text: &'static str) -> Self {
        Question::new(key, InputKind::Text, text)
    }

    const fn guidance(self, guidance: &'static str) -> Self {
        Question {
            guidance: Some(guidance),
            ..self
        }
    }

    const fn words(self, words: u32) -> Self {
        Question {
            word_guidance: Some(words),
            ..self
        }
    }
}

#[cfg(test)]
mod tests;
