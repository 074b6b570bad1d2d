//! One line as the openx JSON SerDe (rcongiu Hive-JSON-Serde 1.3.8) parses it, and nested values
//! written back as text as it writes them. The SerDe bundles a 2011 copy of JSON.org's parser
//! (`org.openx.data.jsonserde.json`), whose rules differ from strict JSON:
//!
//! - lenient syntax: `'single'` quotes, unquoted text, `=`/`=>` after a key, `;` between pairs,
//!   a trailing `,`, an empty array slot (`[1,,2]`) as null; text after the object is ignored;
//! - unquoted text is a boolean (`true`/`false`, any case), null (`null`, any case) or else a
//!   string: numbers are never converted, so they are written back quoted (`"2"`);
//! - with `case.insensitive` (the default) every key, nested ones too, is lower-cased while
//!   parsing (`JSONObject.getKey`); a key seen twice is an error ("Duplicate key");
//! - written back (`JSONObject.toString`): keys in `java.util.HashMap` order, no spaces, JSON
//!   null as the string `"null"` (`valueToString` quotes the `Null` object's text), strings
//!   escaped by `JSONObject.quote`.

use std::borrow::Cow;

/// A parsed value. Borrowed from the line where nothing had to change.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// A quoted string or unquoted text (numbers included).
    Text(Cow<'a, str>),
    Bool(bool),
    Null,
    /// Entries in input order; keys already lower-cased when case-insensitive.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
    Array(Vec<Node<'a>>),
}

/// A parse error at a byte offset of the line.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

/// Parses the object that starts `line` (after Java's trim, so it begins with `{`).
pub fn parse_object(line: &str, case_insensitive: bool) -> Result<Node<'_>, ParseError> {
    let mut p = Parser {
        text: line,
        bytes: line.as_bytes(),
        at: 0,
        case_insensitive,
    };
    if p.next_clean() != Some(b'{') {
        return Err(p.error("A JSONObject text must begin with '{'"));
    }
    p.object()
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    case_insensitive: bool,
}

/// Characters that end unquoted text (`JSONTokener.nextValue`).
const STOPS: &[u8] = b",:]}/\\\"[{;=#";

impl<'a> Parser<'a> {
    fn error(&self, message: &str) -> ParseError {
        ParseError {
            offset: self.at,
            message: message.to_string(),
        }
    }

    /// The next byte above a space, consumed (`JSONTokener.nextClean`).
    fn next_clean(&mut self) -> Option<u8> {
        while let Some(&c) = self.bytes.get(self.at) {
            self.at += 1;
            if c > b' ' {
                return Some(c);
            }
        }
        None
    }

    /// After the opening `{`.
    fn object(&mut self) -> Result<Node<'a>, ParseError> {
        let mut entries: Vec<(Cow<'a, str>, Node<'a>)> = Vec::new();
        loop {
            match self.next_clean() {
                None => return Err(self.error("A JSONObject text must end with '}'")),
                Some(b'}') => return Ok(Node::Object(entries)),
                Some(_) => self.at -= 1,
            }
            let key = match self.value()? {
                Node::Text(t) => t,
                Node::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
                Node::Null => Cow::Borrowed("null"),
                // JSON.org takes a nested value's text as the key.
                other => Cow::Owned(write_text(&other)),
            };
            let key = if self.case_insensitive { lower(key) } else { key };
            match self.next_clean() {
                Some(b'=') => {
                    if self.bytes.get(self.at) == Some(&b'>') {
                        self.at += 1;
                    }
                }
                Some(b':') => {}
                _ => return Err(self.error("Expected a ':' after a key")),
            }
            let value = self.value()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(self.error(&format!("Duplicate key \"{key}\"")));
            }
            entries.push((key, value));
            match self.next_clean() {
                Some(b',') | Some(b';') => {
                    if self.next_clean() == Some(b'}') {
                        return Ok(Node::Object(entries));
                    }
                    self.at -= 1;
                }
                Some(b'}') => return Ok(Node::Object(entries)),
                _ => return Err(self.error("Expected a ',' or '}'")),
            }
        }
    }

    /// After the opening `[`.
    fn array(&mut self) -> Result<Node<'a>, ParseError> {
        let mut items = Vec::new();
        match self.next_clean() {
            Some(b']') => return Ok(Node::Array(items)),
            Some(_) => self.at -= 1,
            None => return Err(self.error("Expected a ',' or ']'")),
        }
        loop {
            if self.next_clean() == Some(b',') {
                self.at -= 1;
                items.push(Node::Null);
            } else {
                self.at -= 1;
                items.push(self.value()?);
            }
            match self.next_clean() {
                Some(b',') | Some(b';') => {
                    if self.next_clean() == Some(b']') {
                        return Ok(Node::Array(items));
                    }
                    self.at -= 1;
                }
                Some(b']') => return Ok(Node::Array(items)),
                _ => return Err(self.error("Expected a ',' or ']'")),
            }
        }
    }

    fn value(&mut self) -> Result<Node<'a>, ParseError> {
        let Some(c) = self.next_clean() else {
            return Err(self.error("Missing value"));
        };
        match c {
            b'"' | b'\'' => self.string(c).map(Node::Text),
            b'{' => self.object(),
            b'[' => self.array(),
            _ => {
                let start = self.at - 1;
                let mut end = start;
                while let Some(&b) = self.bytes.get(end) {
                    if b < b' ' || STOPS.contains(&b) {
                        break;
                    }
                    end += 1;
                }
                self.at = end;
                let text = self.text[start..end].trim_matches(|c: char| c <= ' ');
                if text.is_empty() {
                    return Err(self.error("Missing value"));
                }
                Ok(if text.eq_ignore_ascii_case("true") {
                    Node::Bool(true)
                } else if text.eq_ignore_ascii_case("false") {
                    Node::Bool(false)
                } else if text.eq_ignore_ascii_case("null") {
                    Node::Null
                } else {
                    Node::Text(Cow::Borrowed(text))
                })
            }
        }
    }

    /// After the opening quote (`JSONTokener.nextString`).
    fn string(&mut self, quote: u8) -> Result<Cow<'a, str>, ParseError> {
        let start = self.at;
        // Fast path: no escape before the closing quote.
        let mut i = start;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'\n' | b'\r' => break,
                b'\\' => break,
                _ if b == quote => {
                    self.at = i + 1;
                    return Ok(Cow::Borrowed(&self.text[start..i]));
                }
                _ => i += 1,
            }
        }
        let mut out = String::from(&self.text[start..i]);
        // Java strings hold UTF-16 units: `\ud83d\ude00` is one character. A lone surrogate
        // becomes U+FFFD (Java keeps it and writes it out as `?`).
        let mut high: Option<u16> = None;
        self.at = i;
        loop {
            let Some(&b) = self.bytes.get(self.at) else {
                return Err(self.error("Unterminated string"));
            };
            if b == b'\\' && self.bytes.get(self.at + 1) == Some(&b'u') {
                self.at += 2;
                let unit = self
                    .text
                    .get(self.at..self.at + 4)
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
                    .ok_or_else(|| self.error("Illegal escape."))?;
                self.at += 4;
                match (high.take(), unit) {
                    (Some(h), 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                    (h, _) => {
                        if h.is_some() {
                            out.push('\u{FFFD}');
                        }
                        if (0xD800..0xDC00).contains(&unit) {
                            high = Some(unit);
                        } else {
                            out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
                        }
                    }
                }
                continue;
            }
            if high.take().is_some() {
                out.push('\u{FFFD}');
            }
            match b {
                b'\n' | b'\r' => return Err(self.error("Unterminated string")),
                b'\\' => {
                    let Some(&e) = self.bytes.get(self.at + 1) else {
                        return Err(self.error("Unterminated string"));
                    };
                    self.at += 2;
                    out.push(match e {
                        b'b' => '\u{8}',
                        b't' => '\t',
                        b'n' => '\n',
                        b'f' => '\u{c}',
                        b'r' => '\r',
                        b'"' | b'\'' | b'\\' | b'/' => e as char,
                        _ => return Err(self.error("Illegal escape.")),
                    });
                }
                _ if b == quote => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                _ => {
                    let ch = self.text[self.at..].chars().next().expect("char boundary");
                    out.push(ch);
                    self.at += ch.len_utf8();
                }
            }
        }
    }
}

/// Java's `String.toLowerCase`, borrowing when nothing changes.
fn lower(key: Cow<'_, str>) -> Cow<'_, str> {
    if key.chars().any(|c| c.is_uppercase() || !c.is_ascii()) {
        Cow::Owned(key.to_lowercase())
    } else {
        key
    }
}

/// A nested value as the SerDe writes it into a STRING column.
pub fn write_text(node: &Node) -> String {
    let mut out = String::new();
    write(node, &mut out);
    out
}

fn write(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => quote(t, out),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Null => out.push_str("\"null\""),
        Node::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Node::Object(entries) => {
            out.push('{');
            for (i, &at) in hash_map_order(entries.iter().map(|(k, _)| k.as_ref()))
                .iter()
                .enumerate()
            {
                if i > 0 {
                    out.push(',');
                }
                let (key, value) = &entries[at];
                quote(key, out);
                out.push(':');
                write(value, out);
            }
            out.push('}');
        }
    }
}

/// `JSONObject.quote`.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    let mut previous = '\0';
    for c in s.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '/' => {
                if previous == '<' {
                    out.push('\\');
                }
                out.push(c);
            }
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' || ('\u{80}'..'\u{a0}').contains(&c) || ('\u{2000}'..'\u{2100}').contains(&c) => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
        previous = c;
    }
    out.push('"');
}

/// Java's `String.hashCode`: over UTF-16 units, wrapping.
fn java_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

/// The order `java.util.HashMap` iterates keys inserted in this order: by bucket
/// (`(h ^ h >>> 16) & (capacity - 1)`), then insertion order within a bucket. The table starts
/// at 16 buckets and doubles when it holds more than 0.75 of its capacity; a resize keeps the
/// relative order of a bucket's entries, so the final capacity decides the order. Buckets
/// turned into trees (more than 8 colliding keys in a table of 64 or more) are not modelled.
fn hash_map_order<'k>(keys: impl Iterator<Item = &'k str>) -> Vec<usize> {
    let spread: Vec<u32> = keys
        .map(|k| {
            let h = java_hash(k) as u32;
            h ^ (h >> 16)
        })
        .collect();
    let mut capacity = 16usize;
    while spread.len() > capacity * 3 / 4 {
        capacity *= 2;
    }
    let mask = capacity as u32 - 1;
    let mut order: Vec<usize> = (0..spread.len()).collect();
    // Stable: equal buckets keep insertion order.
    order.sort_by_key(|&i| spread[i] & mask);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &str) -> String {
        write_text(&parse_object(line, true).unwrap())
    }

    #[test]
    fn keys_are_lower_cased_nested_too_and_numbers_stay_text() {
        assert_eq!(
            text(r#"{"numberOfChildren": 2, "isCarer": false}"#),
            r#"{"iscarer":false,"numberofchildren":"2"}"#
        );
        let n = parse_object(r#"{"_id": {"contractId": "C1"}}"#, true).unwrap();
        assert_eq!(write_text(&n), r#"{"_id":{"contractid":"C1"}}"#);
        let kept = parse_object(r#"{"A": {"bC": 1}}"#, false).unwrap();
        assert_eq!(write_text(&kept), r#"{"A":{"bC":"1"}}"#);
    }

    #[test]
    fn null_is_written_as_the_text_null() {
        assert_eq!(text(r#"{"leftDate": null}"#), r#"{"leftdate":"null"}"#);
        assert_eq!(text(r#"{"a": [1, null, NULL]}"#), r#"{"a":["1","null","null"]}"#);
    }

    #[test]
    fn keys_come_out_in_java_hash_map_order() {
        // What java.util.HashMap.keySet() printed for these keys on Java 17.
        assert_eq!(
            text(r#"{"claimantId":"c","role":"LEAD","joinedDate":"2021-01-04","leftDate":null}"#),
            r#"{"joineddate":"2021-01-04","leftdate":"null","role":"LEAD","claimantid":"c"}"#
        );
        assert_eq!(
            text(
                r#"{"numberOfChildren":2,"isCarer":false,"housingCostsClaimed":true,"childcareCostsClaimed":false,"hasLimitedCapabilityForWork":false}"#
            ),
            r#"{"haslimitedcapabilityforwork":false,"housingcostsclaimed":true,"iscarer":false,"childcarecostsclaimed":false,"numberofchildren":"2"}"#
        );
    }

    #[test]
    fn json_org_leniencies_are_accepted() {
        assert_eq!(text("{'a'='x'; b=>TRUE, c: 1.50,}"), r#"{"a":"x","b":true,"c":"1.50"}"#);
        assert_eq!(text(r#"{"a":[1,,2]} trailing"#), r#"{"a":["1","null","2"]}"#);
    }

    #[test]
    fn malformed_lines_name_what_is_wrong() {
        let e = parse_object(r#"{"a": 1, "A": 2}"#, true).unwrap_err();
        assert!(e.message.contains("Duplicate key \"a\""), "{e:?}");
        assert!(parse_object(r#"{"a": 1"#, true).is_err());
        assert!(parse_object(r#"{"a": "x}"#, true).is_err());
        assert!(parse_object(r#"{"a" 1}"#, true).is_err());
        assert!(parse_object(r#"{"a": }"#, true).is_err());
        assert!(parse_object(r#"{"a": "\q"}"#, true).is_err());
    }

    #[test]
    fn escapes_are_read_and_written_as_java_does() {
        assert_eq!(text(r#"{"a": "x\"y\\z</b>\u00e9\t"}"#), r#"{"a":"x\"y\\z<\/b>é\t"}"#);
        assert_eq!(text(r#"{"a": "\ud83d\ude00"}"#), "{\"a\":\"\u{1F600}\"}");
        assert_eq!(text("{\"a\": \"\u{85}\"}"), r#"{"a":"\u0085"}"#);
    }
}
