//! Portfolio content as text a reader understands, for the assessor's
//! screen and the archival PDF alike: structured values and list rows as
//! "Label: waarde" with the Dutch labels of their keys, so both show the
//! same words.

use serde_json::Value;

/// A JSON value as text a reader understands: strings as they are, yes/no
/// for booleans, nested objects and arrays flattened.
pub fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "ja".into(),
        Value::Bool(false) => "nee".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}: {}", label(k), plain(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Dutch labels for the keys the frameworks' values and rows use; any
/// other key is shown as written, readably (`own_case` → "Own case").
const LABELS: &[(&str, &str)] = &[
    ("application_date", "Aanvraagdatum"),
    ("base_education", "Vooropleiding"),
    ("category", "Categorie"),
    ("currently_working", "Nu werkzaam"),
    ("date", "Datum"),
    ("description", "Omschrijving"),
    ("ended_on", "Tot"),
    ("facilitator", "Begeleider"),
    ("function", "Functie"),
    ("graduated_on", "Diploma behaald op"),
    ("has_evidence", "Met bewijsstuk"),
    ("hours", "Uren"),
    ("institution", "Instelling"),
    ("jobcoach_training", "Jobcoachopleiding"),
    ("kind", "Soort"),
    ("organisation", "Organisatie"),
    ("own_case", "Eigen casus"),
    ("quantity", "Aantal"),
    ("since", "Sinds"),
    ("started_on", "Vanaf"),
];

pub fn label(key: &str) -> String {
    if let Some((_, dutch)) = LABELS.iter().find(|(k, _)| *k == key) {
        return (*dutch).to_string();
    }
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// The fields of a value or row as (label, text) pairs, in key order.
pub fn rows_of(value: &Value) -> Vec<(String, String)> {
    match value {
        Value::Object(map) => map.iter().map(|(k, v)| (label(k), plain(v))).collect(),
        other => vec![("Waarde".into(), plain(other))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_text() {
        assert_eq!(plain(&json!(true)), "ja");
        assert_eq!(
            plain(&json!({"started_on": "2025-01-01", "ended_on": null})),
            "Tot: ; Vanaf: 2025-01-01"
        );
        assert_eq!(
            rows_of(&json!({"own_case": false, "new_field": 3})),
            [
                ("New field".to_string(), "3".to_string()),
                ("Eigen casus".to_string(), "nee".to_string())
            ]
        );
    }
}
