//! The static data of `/api/rules`: both frameworks and the PE catalogue.
//! The rules' own request and response types live with the rules
//! (`crate::rules::{route, recertification, pe_points, privacy}`).
//! Answered from static data, so these bodies borrow it; the browser has
//! the same data compiled in and never reads them back.

use crate::framework::Framework;
use crate::rules::pe_points::{PeCategoryInfo, PeKindInfo};
use serde::Serialize;

/// `GET /api/rules/frameworks`.
#[derive(Clone, Debug, Serialize)]
pub struct Frameworks {
    pub frameworks: [&'static Framework; 2],
}

/// `GET /api/rules/pe-catalogue`.
#[derive(Clone, Debug, Serialize)]
pub struct PeCatalogue {
    pub categories: &'static [PeCategoryInfo],
    pub kinds: &'static [PeKindInfo],
}
