//! `get_json_object` and `json_tuple` as Hive's UDFJson and GenericUDTFJSONTuple answer:
//! the JSON is read as Jackson reads it (objects keep their key order, a later duplicate key
//! replaces the value in place, integers stay integers, other numbers become doubles, text
//! after the first value is ignored) and objects and arrays are written back as Jackson
//! writes them (no spaces, doubles as Java prints them: `1.50` becomes `1.5`, `1e2` `100.0`).
//!
//! Paths: `$`, `.key` (a key is `[A-Za-z0-9_\-:\s]+`; anything after is ignored), `[n]` and
//! `[*]`; `.key` on an array collects the key of each object in it (flattening arrays).
//! `$[...]` reads the text as an array, any other path as an object.

use super::{function, str_at, string_args, utf8, Call};
use crate::engine::output::java_double;
use datafusion::arrow::array::{ArrayRef, StringBuilder};
use datafusion::common::Result;
use datafusion::logical_expr::ScalarUDF;
use std::fmt::Write;
use std::sync::Arc;

/// `json_tuple(json, 'k1', ...)` becomes one `pdm_json_field(json, 'k')` per key.
pub const JSON_FIELD: &str = "pdm_json_field";

pub fn functions() -> Vec<ScalarUDF> {
    vec![
        function("get_json_object", &[2], utf8, get_json_object),
        function(JSON_FIELD, &[2], utf8, json_field),
    ]
}

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// An integer as written (Integer, Long or BigInteger in Jackson).
    Integer(String),
    Double(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > 512 {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members: Vec<(String, Json)> = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Some(Json::Object(members));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return None;
                    }
                    let key = self.string()?;
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    match members.iter_mut().find(|(k, _)| *k == key) {
                        Some(m) => m.1 = v,
                        None => members.push((key, v)),
                    }
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(Json::Object(members));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i)? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(Json::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(Json::Str),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            _ => self.number(),
        }
    }
    fn word(&mut self, w: &str, v: Json) -> Option<Json> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Some(v)
        } else {
            None
        }
    }
    fn number(&mut self) -> Option<Json> {
        let start = self.i;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let digits_start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i == digits_start {
            return None;
        }
        let mut integer = true;
        if self.s.get(self.i) == Some(&b'.') {
            integer = false;
            self.i += 1;
            let f = self.i;
            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                self.i += 1;
            }
            if self.i == f {
                return None;
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            integer = false;
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let e = self.i;
            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                self.i += 1;
            }
            if self.i == e {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        if integer {
            // Jackson reads "-0" and "007"-free integers; its text is the integer's.
            let trimmed = text.trim_start_matches('-');
            if trimmed.len() > 1 && trimmed.starts_with('0') {
                return None;
            }
            let canonical = if trimmed == "0" {
                "0".to_string()
            } else {
                text.to_string()
            };
            Some(Json::Integer(canonical))
        } else {
            text.parse().ok().map(Json::Double)
        }
    }
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let c = *self.s.get(self.i)?;
            match c {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    let e = *self.s.get(self.i + 1)?;
                    self.i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hex = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
                            let mut code = u32::from_str_radix(hex, 16).ok()?;
                            self.i += 4;
                            if (0xD800..0xDC00).contains(&code) && self.s.get(self.i..self.i + 2) == Some(b"\\u") {
                                let low = std::str::from_utf8(self.s.get(self.i + 2..self.i + 6)?).ok()?;
                                let low = u32::from_str_radix(low, 16).ok()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                    self.i += 6;
                                }
                            }
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return None,
                    }
                }
                _ => {
                    // Copy one UTF-8 character (control characters are allowed, as Hive enables).
                    let len = match c {
                        0..=0x7f => 1,
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        _ => 4,
                    };
                    out.push_str(std::str::from_utf8(self.s.get(self.i..self.i + len)?).ok()?);
                    self.i += len;
                }
            }
        }
    }
}

/// Reads the first JSON value of `text` (what follows it is ignored, as Jackson does).
pub fn parse(text: &str) -> Option<Json> {
    Reader {
        s: text.as_bytes(),
        i: 0,
    }
    .value(0)
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Jackson's text of a value.
pub fn write(v: &Json, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Integer(i) => out.push_str(i),
        Json::Double(d) => out.push_str(&java_double(*d)),
        Json::Str(s) => write_string(s, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write(v, out);
            }
            out.push('}');
        }
    }
}

/// What Hive returns for an extracted value: text for scalars, JSON for objects and arrays.
fn result_text(v: &Json) -> Option<String> {
    match v {
        Json::Null => None,
        Json::Str(s) => Some(s.clone()),
        Json::Integer(i) => Some(i.clone()),
        Json::Double(d) => Some(java_double(*d)),
        Json::Bool(b) => Some(b.to_string()),
        other => {
            let mut s = String::new();
            write(other, &mut s);
            Some(s)
        }
    }
}

#[derive(Debug, Clone)]
struct Step {
    key: Option<String>,
    indexes: Vec<Option<usize>>,
}

/// A parsed path: whether the root is an array, and its steps.
type Path = (bool, Vec<Step>);

/// A path: whether the root is an array, and its steps. None when Hive gives NULL for it.
fn parse_path(path: &str) -> Option<Path> {
    let rest = path.strip_prefix('$')?;
    let root_array = rest.starts_with('[') || rest.starts_with(".[");
    if !rest.is_empty() && !rest.starts_with('[') && !rest.starts_with('.') {
        return None;
    }
    // `$[0].a` splits into `[0]`, `a`; `$.a.b` into `a`, `b`.
    let parts: Vec<&str> = if rest.starts_with('[') {
        rest.split('.').collect()
    } else {
        rest.split('.').skip(1).collect()
    };
    let mut steps = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        let skip_key = n == 0 && root_array;
        let key_len = part
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':') || c.is_whitespace()))
            .map(|(i, _)| i)
            .unwrap_or(part.len());
        let key = (!skip_key && key_len > 0).then(|| part[..key_len].to_string());
        let mut indexes = Vec::new();
        let mut s = *part;
        while let Some(open) = s.find('[') {
            let Some(close) = s[open..].find(']') else { break };
            let inner = &s[open + 1..open + close];
            if inner == "*" {
                indexes.push(None);
            } else if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                indexes.push(Some(inner.parse().ok()?));
            }
            s = &s[open + close + 1..];
        }
        steps.push(Step { key, indexes });
    }
    Some((root_array, steps))
}

fn with_key(v: Json, key: &str) -> Option<Json> {
    match v {
        Json::Object(members) => members.into_iter().find(|(k, _)| k == key).map(|(_, v)| v),
        Json::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                if let Json::Object(members) = item {
                    match members.into_iter().find(|(k, _)| k == key).map(|(_, v)| v) {
                        Some(Json::Array(inner)) => out.extend(inner),
                        Some(Json::Null) | None => {}
                        Some(v) => out.push(v),
                    }
                }
            }
            (!out.is_empty()).then_some(Json::Array(out))
        }
        _ => None,
    }
}

fn with_index(v: Json, index: Option<usize>) -> Option<Json> {
    let Json::Array(items) = v else { return None };
    match index {
        None => Some(Json::Array(items)),
        Some(n) => items.into_iter().nth(n),
    }
}

#[cfg(test)]
fn extract(json: &str, path: &str) -> Option<String> {
    extract_with(json, path == "$", &parse_path(path)?)
}

fn extract_with(json: &str, whole: bool, (root_array, steps): &Path) -> Option<String> {
    if json.is_empty() {
        return None;
    }
    let root_array = *root_array;
    let mut v = parse(json)?;
    // Jackson reads into a List for `$[`, a Map otherwise (`$` alone takes anything).
    match (&v, root_array, whole) {
        (_, _, true) => {}
        (Json::Array(_), true, _) | (Json::Object(_), false, _) => {}
        _ => return None,
    }
    for step in steps {
        if let Some(k) = &step.key {
            v = with_key(v, k)?;
        }
        for i in &step.indexes {
            v = with_index(v, *i)?;
        }
    }
    result_text(&v)
}

fn get_json_object(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut out = StringBuilder::new();
    // The path is nearly always a literal: parse it once.
    let mut parsed: Option<(String, Option<Path>)> = None;
    for i in 0..call.rows {
        match (str_at(&cols[0], i), str_at(&cols[1], i)) {
            (Some(j), Some(p)) => {
                if parsed.as_ref().is_none_or(|(text, _)| text != p) {
                    parsed = Some((p.to_string(), parse_path(p)));
                }
                let path = parsed.as_ref().and_then(|(_, steps)| steps.as_ref());
                out.append_option(path.and_then(|steps| extract_with(j, p == "$", steps)))
            }
            _ => out.append_null(),
        }
    }
    Ok(Arc::new(out.finish()))
}

/// One column of json_tuple: the key's value of a JSON object (no path syntax).
fn json_field(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut out = StringBuilder::new();
    for i in 0..call.rows {
        let value = match (str_at(&cols[0], i), str_at(&cols[1], i)) {
            (Some(j), Some(k)) => match parse(j) {
                Some(Json::Object(members)) => members
                    .into_iter()
                    .find(|(m, _)| m == k)
                    .and_then(|(_, v)| result_text(&v)),
                _ => None,
            },
            _ => None,
        };
        out.append_option(value);
    }
    Ok(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_as_hive_reads_them() {
        let j = r#"{"b":{"y":1.50,"x":[1,2]},"a":[{"c":1},{"c":"x"},{"d":2}],"k":null,"e":1e2}"#;
        assert_eq!(extract(j, "$.b").as_deref(), Some(r#"{"y":1.5,"x":[1,2]}"#));
        assert_eq!(extract(j, "$.a[1].c").as_deref(), Some("x"));
        assert_eq!(extract(j, "$.a.c").as_deref(), Some(r#"[1,"x"]"#));
        assert_eq!(extract(j, "$.a[*].c").as_deref(), Some(r#"[1,"x"]"#));
        assert_eq!(extract(j, "$.e").as_deref(), Some("100.0"));
        assert_eq!(extract(j, "$.k"), None);
        assert_eq!(extract(j, "$.missing"), None);
        assert_eq!(extract("[1,2]", "$[1]").as_deref(), Some("2"));
        assert_eq!(extract("[1,2]", "$.x"), None);
        assert_eq!(extract(r#"{"a":1} tail"#, "$.a").as_deref(), Some("1"));
    }
}
