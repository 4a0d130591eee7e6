//! Form controls carry the same snake_case names as the JSON API; serde does
//! the conversion so the two can never drift apart.

use serde::{de::DeserializeOwned, Serialize};

pub fn to_wire<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub fn from_wire<T: DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
}
