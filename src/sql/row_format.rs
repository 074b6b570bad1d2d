//! The SerDe a table declares (`ROW FORMAT SERDE 'class' WITH SERDEPROPERTIES (...)`), read
//! into the settings that change what a query sees. One model for the linter (which flags JSON
//! paths that can never match on the cluster) and the local engine (which reads the files the
//! way that SerDe does), so the two cannot disagree about a table.
//!
//! Known classes and the properties that change values (defaults in brackets):
//! - openx (`org.openx.data.jsonserde.JsonSerDe`, rcongiu Hive-JSON-Serde 1.3.8):
//!   `case.insensitive` [true] lower-cases every key while parsing, nested ones included;
//!   `ignore.malformed.json` [false] gives a row of NULLs for a line that is not JSON;
//!   `dots.in.keys` [false] turns `.` in keys into `_`; `mapping.<column>` = a JSON key read
//!   into that column. Source: the SerDe's README "Supported properties" and
//!   `JsonSerDe.initialize` of the 1.3.8 tag.
//! - Hive's own JSON SerDe (`org.apache.hive.hcatalog.data.JsonSerDe`, in Hive 3 also
//!   `org.apache.hadoop.hive.serde2.JsonSerDe`): `timestamp.formats` (comma-separated
//!   patterns). Field names match columns case-insensitively; nothing else is configurable.
//!
//! Any other class is an error that names it: pdmctl never reads a table with a SerDe it does
//! not emulate.

use sqlparser::ast::{Expr, HiveFormat, HiveRowFormat, SqlOption, Value};
use std::collections::BTreeMap;

pub const OPENX: &str = "org.openx.data.jsonserde.JsonSerDe";
pub const HCATALOG_JSON: &str = "org.apache.hive.hcatalog.data.JsonSerDe";
pub const HIVE_JSON: &str = "org.apache.hadoop.hive.serde2.JsonSerDe";

/// Which implementation a declared class name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerdeKind {
    Openx,
    /// Hive's own, under either of its class names.
    HiveJson,
}

/// A table's SerDe with its properties read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredSerde {
    pub kind: SerdeKind,
    /// As declared, for messages.
    pub class: String,
    /// openx only: keys (nested ones too) are lower-cased while parsing.
    pub case_insensitive: bool,
    /// openx only: a malformed line is a row of NULLs instead of a failed query.
    pub ignore_malformed: bool,
    /// openx only: `.` in keys read as `_`.
    pub dots_in_keys: bool,
    /// openx only: column (lower-case) to the JSON key it reads.
    pub mappings: BTreeMap<String, String>,
    /// Hive's JSON SerDe only: extra timestamp patterns.
    pub timestamp_formats: Vec<String>,
}

impl DeclaredSerde {
    /// Reads `class` with its SERDEPROPERTIES (key, value) pairs. An unknown class, or a value
    /// a known property cannot take, is an error naming it.
    pub fn new(class: &str, properties: &[(String, String)]) -> Result<DeclaredSerde, String> {
        let kind = match class {
            OPENX => SerdeKind::Openx,
            HCATALOG_JSON | HIVE_JSON => SerdeKind::HiveJson,
            other => {
                return Err(format!(
                    "SerDe '{other}' is not one pdmctl reads ({OPENX}, {HCATALOG_JSON} or {HIVE_JSON})"
                ))
            }
        };
        let mut serde = DeclaredSerde {
            kind,
            class: class.to_string(),
            case_insensitive: kind == SerdeKind::Openx,
            ignore_malformed: false,
            dots_in_keys: false,
            mappings: BTreeMap::new(),
            timestamp_formats: Vec::new(),
        };
        for (key, value) in properties {
            let flag = || parse_flag(key, value);
            match (kind, key.to_ascii_lowercase().as_str()) {
                (SerdeKind::Openx, "case.insensitive") => serde.case_insensitive = flag()?,
                (SerdeKind::Openx, "ignore.malformed.json") => serde.ignore_malformed = flag()?,
                (SerdeKind::Openx, "dots.in.keys") => serde.dots_in_keys = flag()?,
                (SerdeKind::Openx, k) if k.starts_with("mapping.") => {
                    serde.mappings.insert(k["mapping.".len()..].to_string(), value.clone());
                }
                (SerdeKind::HiveJson, "timestamp.formats") => {
                    serde.timestamp_formats = value.split(',').map(|f| f.trim().to_string()).collect();
                }
                // Other properties (serialization.format, explicit.null, ...) change how
                // the SerDe writes, not what a query reads.
                _ => {}
            }
        }
        Ok(serde)
    }

    /// The declared SerDe of a CREATE TABLE's Hive formats; `None` without `ROW FORMAT SERDE`.
    pub fn of(formats: &HiveFormat) -> Option<Result<DeclaredSerde, String>> {
        let Some(HiveRowFormat::SERDE { class }) = &formats.row_format else {
            return None;
        };
        let properties: Vec<(String, String)> = formats
            .serde_properties
            .iter()
            .flatten()
            .filter_map(option_pair)
            .collect();
        Some(DeclaredSerde::new(class, &properties))
    }

    /// Nested text (an object or array read into a STRING column) has lower-case keys: the
    /// openx SerDe lower-cases while it parses, before the value is written back as text.
    pub fn lowers_nested_keys(&self) -> bool {
        self.kind == SerdeKind::Openx && self.case_insensitive
    }

    /// Nested text renders JSON `null` as the string `"null"` and numbers as strings.
    pub fn renders_nested_null_as_text(&self) -> bool {
        self.kind == SerdeKind::Openx
    }
}

fn parse_flag(key: &str, value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("SERDEPROPERTIES '{key}'='{value}': expected 'true' or 'false'")),
    }
}

/// `'key' = 'value'` of a property list, unquoted.
pub fn option_pair(option: &SqlOption) -> Option<(String, String)> {
    let SqlOption::KeyValue { key, value } = option else {
        return None;
    };
    let value = match value {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => s.clone(),
            other => other.to_string(),
        },
        other => other.to_string(),
    };
    Some((key.value.clone(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn openx_defaults_lower_case_keys_and_keep_malformed_fatal() {
        let s = DeclaredSerde::new(OPENX, &[]).unwrap();
        assert!(s.case_insensitive && s.lowers_nested_keys());
        assert!(!s.ignore_malformed && !s.dots_in_keys);
    }

    #[test]
    fn openx_properties_are_read() {
        let s = DeclaredSerde::new(
            OPENX,
            &props(&[
                ("case.insensitive", "FALSE"),
                ("ignore.malformed.json", "true"),
                ("dots.in.keys", "true"),
                ("mapping.ts", "timestamp"),
            ]),
        )
        .unwrap();
        assert!(!s.lowers_nested_keys() && s.ignore_malformed && s.dots_in_keys);
        assert_eq!(s.mappings.get("ts").map(String::as_str), Some("timestamp"));
    }

    #[test]
    fn hive_json_under_both_names_keeps_case() {
        for class in [HCATALOG_JSON, HIVE_JSON] {
            let s =
                DeclaredSerde::new(class, &props(&[("timestamp.formats", "yyyy-MM-dd'T'HH:mm:ss, millis")])).unwrap();
            assert_eq!(s.kind, SerdeKind::HiveJson);
            assert!(!s.lowers_nested_keys());
            assert_eq!(s.timestamp_formats, ["yyyy-MM-dd'T'HH:mm:ss", "millis"]);
        }
    }

    #[test]
    fn an_unknown_class_or_a_bad_flag_is_an_error_naming_it() {
        let e = DeclaredSerde::new("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", &[]).unwrap_err();
        assert!(e.contains("LazySimpleSerDe"), "{e}");
        let e = DeclaredSerde::new(OPENX, &props(&[("case.insensitive", "yes")])).unwrap_err();
        assert!(e.contains("'case.insensitive'='yes'"), "{e}");
    }
}
