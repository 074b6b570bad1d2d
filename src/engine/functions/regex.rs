//! Java's regular expressions (java.util.regex, which Hive's regexp_* functions, RLIKE and
//! `split` use) on the `fancy-regex` crate: look-around, back-references, atomic groups and
//! possessive quantifiers work; Java's `\Q...\E` quoting and POSIX classes (`\p{Alpha}`, ...)
//! are translated. A pattern neither takes is an error naming it, never a silent non-match.

use super::{boolean, function, list_of, str_at, string_args, utf8, Call};
use datafusion::arrow::array::{ArrayRef, BooleanArray, ListBuilder, StringBuilder};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{exec_err, Result, ScalarValue};
use datafusion::logical_expr::ScalarUDF;
use fancy_regex::Regex;
use std::collections::HashMap;
use std::sync::Arc;

/// `a RLIKE b` and `a REGEXP b`.
pub const RLIKE: &str = "pdm_rlike";

pub fn functions() -> Vec<ScalarUDF> {
    vec![
        function("regexp_extract", &[2, 3], utf8, regexp_extract),
        function("regexp_replace", &[3], utf8, regexp_replace),
        function(RLIKE, &[2], boolean, rlike),
        function("split", &[2], split_type, split),
    ]
}

fn split_type(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(list_of(DataType::Utf8))
}

/// Java syntax the crate spells otherwise.
fn translate(java: &str) -> String {
    let mut out = String::with_capacity(java.len());
    let mut rest = java;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(quoted) = after.strip_prefix('Q') {
            let (literal, tail) = match quoted.find("\\E") {
                Some(e) => (&quoted[..e], &quoted[e + 2..]),
                None => (quoted, ""),
            };
            out.push_str(&fancy_regex::escape(literal));
            rest = tail;
            continue;
        }
        let posix = [
            ("p{Lower}", "[a-z]"),
            ("p{Upper}", "[A-Z]"),
            ("p{Alpha}", "[a-zA-Z]"),
            ("p{Digit}", "[0-9]"),
            ("p{Alnum}", "[a-zA-Z0-9]"),
            ("p{Punct}", "[!-/:-@\\[-`{-~]"),
            ("p{Space}", "[ \\t\\n\\x0B\\f\\r]"),
            ("p{XDigit}", "[0-9a-fA-F]"),
            ("p{Blank}", "[ \\t]"),
            ("p{ASCII}", "[\\x00-\\x7F]"),
        ];
        if let Some((from, to)) = posix.iter().find(|(from, _)| after.starts_with(from)) {
            out.push_str(to);
            rest = &after[from.len()..];
            continue;
        }
        let mut chars = after.chars();
        match chars.next() {
            Some(c) => {
                out.push('\\');
                out.push(c);
                rest = chars.as_str();
            }
            None => {
                out.push('\\');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A compiled pattern, cached per call; an invalid pattern is an error (Hive's too:
/// PatternSyntaxException).
pub fn compile(cache: &mut HashMap<String, Regex>, pattern: &str) -> Result<Regex> {
    if let Some(r) = cache.get(pattern) {
        return Ok(r.clone());
    }
    match Regex::new(&translate(pattern)) {
        Ok(r) => {
            cache.insert(pattern.to_string(), r.clone());
            Ok(r)
        }
        Err(e) => exec_err!("regular expression `{pattern}`: {e}"),
    }
}

fn regex_error<T>(pattern: &Regex, e: fancy_regex::Error) -> Result<T> {
    exec_err!("regular expression `{}`: {e}", pattern.as_str())
}

fn regexp_extract(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let cols = string_args(&args[..2])?;
    let index = match args.get(2) {
        Some(a) => Some(super::int_args(std::slice::from_ref(a))?.remove(0)),
        None => None,
    };
    let mut cache = HashMap::new();
    let mut out = StringBuilder::new();
    for i in 0..call.rows {
        let (Some(s), Some(p)) = (str_at(&cols[0], i), str_at(&cols[1], i)) else {
            out.append_null();
            continue;
        };
        let group = match &index {
            Some(ix) => match super::int_at(ix, i) {
                Some(g) => g,
                None => {
                    out.append_null();
                    continue;
                }
            },
            None => 1,
        };
        let re = compile(&mut cache, p)?;
        if group < 0 || group as usize > re.captures_len() - 1 {
            return exec_err!(
                "regexp_extract: pattern `{p}` has no group {group} (java.lang.IndexOutOfBoundsException)"
            );
        }
        // UDFRegExpExtract: '' when nothing matches, NULL when the group took no part.
        match re.captures(s) {
            Ok(Some(c)) => out.append_option(c.get(group as usize).map(|m| m.as_str())),
            Ok(None) => out.append_value(""),
            Err(e) => return regex_error(&re, e),
        }
    }
    Ok(Arc::new(out.finish()))
}

/// Java's replacement syntax: `$n` is group n, `\x` is x.
fn java_replacement(r: &str) -> String {
    let mut out = String::with_capacity(r.len() + 4);
    let mut chars = r.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    if n == '$' {
                        out.push_str("$$");
                    } else {
                        out.push(n);
                    }
                }
            }
            '$' if chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                out.push_str("${");
                out.push(chars.next().expect("peeked"));
                out.push('}');
            }
            '$' => out.push_str("$$"),
            other => out.push(other),
        }
    }
    out
}

fn regexp_replace(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut cache = HashMap::new();
    let mut out = StringBuilder::new();
    for i in 0..call.rows {
        let (Some(s), Some(p), Some(r)) = (str_at(&cols[0], i), str_at(&cols[1], i), str_at(&cols[2], i)) else {
            out.append_null();
            continue;
        };
        let re = compile(&mut cache, p)?;
        match re.try_replacen(s, 0, java_replacement(r).as_str()) {
            Ok(v) => out.append_value(v),
            Err(e) => return regex_error(&re, e),
        }
    }
    Ok(Arc::new(out.finish()))
}

fn rlike(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut cache = HashMap::new();
    let mut out = Vec::with_capacity(call.rows);
    for i in 0..call.rows {
        let (Some(s), Some(p)) = (str_at(&cols[0], i), str_at(&cols[1], i)) else {
            out.push(None);
            continue;
        };
        let re = compile(&mut cache, p)?;
        match re.is_match(s) {
            Ok(m) => out.push(Some(m)),
            Err(e) => return regex_error(&re, e),
        }
    }
    Ok(Arc::new(BooleanArray::from(out)))
}

/// Java's `String.split(regex, limit)`: limit 0 drops trailing empty strings, a negative
/// limit keeps them, a positive one splits at most limit - 1 times; a zero-width match at
/// the start gives no leading empty string.
pub fn java_split(re: &Regex, s: &str, limit: i32) -> Result<Vec<String>> {
    let mut parts = Vec::new();
    let mut index = 0;
    for m in re.find_iter(s) {
        let m = match m {
            Ok(m) => m,
            Err(e) => return regex_error(re, e),
        };
        if limit > 0 && parts.len() as i32 == limit - 1 {
            break;
        }
        if m.end() == 0 {
            continue;
        }
        parts.push(s[index..m.start()].to_string());
        index = m.end();
    }
    if index == 0 && parts.is_empty() {
        return Ok(vec![s.to_string()]);
    }
    parts.push(s[index..].to_string());
    if limit == 0 {
        while parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
    }
    Ok(parts)
}

/// GenericUDFSplit: `str.split(regex, -1)`, trailing empty strings kept.
fn split(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut cache = HashMap::new();
    let mut out = ListBuilder::new(StringBuilder::new());
    for i in 0..call.rows {
        let (Some(s), Some(p)) = (str_at(&cols[0], i), str_at(&cols[1], i)) else {
            out.append_null();
            continue;
        };
        let re = compile(&mut cache, p)?;
        for part in java_split(&re, s, -1)? {
            out.values().append_value(part);
        }
        out.append(true);
    }
    Ok(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_of(s: &str, p: &str, limit: i32) -> Vec<String> {
        java_split(&Regex::new(&translate(p)).unwrap(), s, limit).unwrap()
    }

    #[test]
    fn java_split_rules() {
        assert_eq!(split_of("a,b,,", ",", -1), ["a", "b", "", ""]);
        assert_eq!(split_of("a,b,,", ",", 0), ["a", "b"]);
        assert_eq!(split_of(",a", ",", -1), ["", "a"]);
        assert_eq!(split_of("abc", "", -1), ["a", "b", "c", ""]);
        assert_eq!(split_of("k:v:w", ":", 2), ["k", "v:w"]);
        assert_eq!(java_replacement("$1 $2x\\$"), "${1} ${2}x$$");
        assert_eq!(translate("\\Qa.b\\E\\p{Alpha}"), "a\\.b[a-zA-Z]");
    }
}
