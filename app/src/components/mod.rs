//! Pieces several pages use.

pub mod focus;
pub mod pe_bars;
pub mod route_options;
pub mod today;
pub mod wire_enum;
