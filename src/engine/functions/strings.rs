//! String functions: `concat` (NULL if any argument is), `concat_ws` (strings and arrays of
//! strings, NULLs skipped), `substr` (a negative start counts from the end), `locate`,
//! `format_number` (java.text.DecimalFormat, HALF_EVEN), `printf` (java.util.Formatter),
//! `str_to_map`, and the digests `md5`, `sha1`/`sha`, `sha2`, `crc32`.

use super::casts::{cast_array, to_text};
use super::regex::{compile, java_split};
use super::{function, int32, int64, int_args, int_at, map_strings, str_at, string_args, utf8, variadic, Call};
use crate::engine::output::java_double;
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Int32Array, Int64Array, MapArray, StringArray, StringBuilder, StructArray,
};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{exec_err, plan_err, Result, ScalarValue};
use datafusion::logical_expr::ScalarUDF;
use sha2::Digest;
use std::sync::Arc;

/// SUBSTR and SUBSTRING are rewritten to this (DataFusion plans those keywords itself).
pub const SUBSTR: &str = "pdm_substr";

pub fn functions() -> Vec<ScalarUDF> {
    vec![
        variadic("concat", utf8, concat),
        function(
            "concat_ws",
            &[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
            concat_ws_type,
            concat_ws,
        ),
        function(SUBSTR, &[2, 3], utf8, substr),
        function("locate", &[2, 3], int32, locate),
        function("instr", &[2], int32, instr),
        function("format_number", &[2], utf8, format_number),
        variadic("printf", utf8, printf),
        function("str_to_map", &[1, 2, 3], str_to_map_type, str_to_map),
        function("md5", &[1], utf8, md5),
        function("sha1", &[1], utf8, sha1),
        function("sha", &[1], utf8, sha1),
        function("sha2", &[2], utf8, sha2),
        function("crc32", &[1], int64, crc32),
    ]
}

fn concat(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    map_strings(args, call.rows, |row| {
        row.iter().copied().collect::<Option<Vec<&str>>>().map(|p| p.concat())
    })
}

fn concat_ws_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    for (i, t) in t.iter().enumerate() {
        let ok = match t {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
            DataType::List(f) => matches!(f.data_type(), DataType::Utf8 | DataType::Null),
            _ => false,
        };
        if !ok {
            // GenericUDFConcatWS takes strings and arrays of strings only.
            return plan_err!(
                "concat_ws: argument {} is {t}, Hive takes only STRING or ARRAY<STRING>",
                i + 1
            );
        }
    }
    Ok(DataType::Utf8)
}

/// Adds the parts one argument gives for a row.
type PartsOfRow = dyn Fn(usize, &mut Vec<String>) -> Result<()>;

fn concat_ws(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let sep = to_text(&args[0])?.as_string::<i32>().clone();
    let mut parts: Vec<Box<PartsOfRow>> = Vec::new();
    for a in &args[1..] {
        match a.data_type() {
            DataType::List(_) => {
                let list = a.as_list::<i32>().clone();
                parts.push(Box::new(move |i, acc| {
                    let i = super::row(list.len(), i);
                    if !list.is_null(i) {
                        let values = to_text(&list.value(i))?;
                        acc.extend(values.as_string::<i32>().iter().flatten().map(str::to_string));
                    }
                    Ok(())
                }));
            }
            _ => {
                let s = to_text(a)?.as_string::<i32>().clone();
                parts.push(Box::new(move |i, acc| {
                    if let Some(v) = str_at(&s, i) {
                        acc.push(v.to_string());
                    }
                    Ok(())
                }));
            }
        }
    }
    let mut out = Vec::with_capacity(call.rows);
    for i in 0..call.rows {
        let Some(separator) = str_at(&sep, i) else {
            out.push(None);
            continue;
        };
        let mut acc = Vec::new();
        for p in &parts {
            p(i, &mut acc)?;
        }
        out.push(Some(acc.join(separator)));
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// Hive's substr: 1-based; 0 acts as 1; a negative start counts from the end; a start past
/// either end gives ''.
pub fn hive_substr(s: &str, pos: i64, len: Option<i64>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let start = if pos > 0 {
        pos - 1
    } else if pos < 0 {
        n + pos
    } else {
        0
    };
    if start < 0 || start >= n || len.is_some_and(|l| l <= 0) {
        return String::new();
    }
    let end = match len {
        Some(l) => (start + l).min(n),
        None => n,
    };
    chars[start as usize..end as usize].iter().collect()
}

fn substr(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let s = to_text(&args[0])?.as_string::<i32>().clone();
    let ints = int_args(&args[1..])?;
    let out: StringArray = (0..call.rows)
        .map(|i| {
            let text = str_at(&s, i)?;
            let pos = int_at(&ints[0], i)?;
            let len = match ints.get(1) {
                Some(l) => Some(int_at(l, i)?),
                None => None,
            };
            Some(hive_substr(text, pos, len))
        })
        .collect();
    Ok(Arc::new(out))
}

/// 1-based character position of `needle` in `hay` at or after `from` (1-based), 0 if absent.
fn find_from(hay: &str, needle: &str, from: i64) -> i32 {
    if from < 1 {
        return 0;
    }
    let start = hay.char_indices().nth((from - 1) as usize).map(|(b, _)| b);
    let Some(start) = start.or((from - 1 == hay.chars().count() as i64).then_some(hay.len())) else {
        return 0;
    };
    match hay[start..].find(needle) {
        Some(b) => (hay[..start + b].chars().count() + 1) as i32,
        None => 0,
    }
}

fn locate(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let s = string_args(&args[..2])?;
    let from = match args.get(2) {
        Some(a) => Some(int_args(std::slice::from_ref(a))?.remove(0)),
        None => None,
    };
    let out: Int32Array = (0..call.rows)
        .map(|i| {
            let (needle, hay) = (str_at(&s[0], i)?, str_at(&s[1], i)?);
            let from = match &from {
                Some(f) => int_at(f, i)?,
                None => 1,
            };
            Some(find_from(hay, needle, from))
        })
        .collect();
    Ok(Arc::new(out))
}

fn instr(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let s = string_args(args)?;
    let out: Int32Array = (0..call.rows)
        .map(|i| Some(find_from(str_at(&s[0], i)?, str_at(&s[1], i)?, 1)))
        .collect();
    Ok(Arc::new(out))
}

/// Digits of a non-negative number rounded HALF_EVEN to `d` fraction digits, as the
/// integer part and the fraction part.
fn half_even_digits(exact: &str, d: usize) -> (String, String) {
    let (int, fraction) = exact.split_once('.').unwrap_or((exact, ""));
    let mut digits: Vec<u8> = int
        .bytes()
        .chain(fraction.bytes().chain(std::iter::repeat(b'0')).take(d))
        .collect();
    let rest: Vec<u8> = fraction.bytes().skip(d).collect();
    let first = rest.first().copied().unwrap_or(b'0');
    let beyond = rest.iter().skip(1).any(|&b| b != b'0');
    let last_odd = digits.last().is_some_and(|b| (b - b'0') % 2 == 1);
    if first > b'5' || (first == b'5' && (beyond || last_odd)) {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - d;
    let text = String::from_utf8(digits).unwrap_or_default();
    let int = text[..split].trim_start_matches('0');
    (
        if int.is_empty() { "0".into() } else { int.into() },
        text[split..].into(),
    )
}

fn group_thousands(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The exact decimal text of a value: a double's full binary value, a decimal's digits.
fn exact_text(a: &ArrayRef, i: usize) -> Option<(bool, String)> {
    if a.is_null(i) {
        return None;
    }
    match a.data_type() {
        DataType::Float64 | DataType::Float32 => {
            let v = cast_array(a, &DataType::Float64).ok()?;
            let v = v.as_primitive::<datafusion::arrow::datatypes::Float64Type>().value(i);
            if !v.is_finite() {
                return None;
            }
            Some((v.is_sign_negative() && v != 0.0, format!("{:.60}", v.abs())))
        }
        _ => {
            let t = to_text(a).ok()?;
            let s = t.as_string::<i32>().value(i).to_string();
            Some((s.starts_with('-'), s.trim_start_matches('-').to_string()))
        }
    }
}

fn format_number(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    if matches!(args[1].data_type(), DataType::Utf8) {
        return exec_err!("format_number with a pattern: not supported by the local engine (give the decimal places)");
    }
    let x = match args[0].data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            return exec_err!("format_number: the first argument must be a number, got a string")
        }
        _ => args[0].clone(),
    };
    let d = int_args(&args[1..2])?.remove(0);
    let out: StringArray = (0..call.rows)
        .map(|i| {
            let i_x = super::row(x.len(), i);
            let d = int_at(&d, i)?;
            if d < 0 {
                return None;
            }
            let (negative, exact) = exact_text(&x, i_x)?;
            let (int, fraction) = half_even_digits(&exact, d as usize);
            // DecimalFormat keeps the sign of a negative number that rounds to zero.
            let sign = if negative { "-" } else { "" };
            Some(if d == 0 {
                format!("{sign}{}", group_thousands(&int))
            } else {
                format!("{sign}{}.{fraction}", group_thousands(&int))
            })
        })
        .collect();
    Ok(Arc::new(out))
}

/// One conversion of a format string: flags, width, precision and the conversion letter.
struct Spec {
    flags: String,
    width: Option<usize>,
    precision: Option<usize>,
    conversion: char,
}

fn parse_format(f: &str) -> Result<Vec<Result<Spec, String>>> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let chars: Vec<char> = f.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            literal.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut flags = String::new();
        while i < chars.len() && "-#+ 0,(".contains(chars[i]) {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            width.push(chars[i]);
            i += 1;
        }
        let mut precision = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            precision = p.parse().ok();
        }
        let Some(&conversion) = chars.get(i) else {
            return exec_err!("printf: format `{f}` ends inside a conversion");
        };
        i += 1;
        match conversion {
            '%' => literal.push('%'),
            'n' => literal.push('\n'),
            _ => {
                if !literal.is_empty() {
                    out.push(Err(std::mem::take(&mut literal)));
                }
                out.push(Ok(Spec {
                    flags,
                    width: width.parse().ok(),
                    precision,
                    conversion,
                }));
            }
        }
    }
    if !literal.is_empty() {
        out.push(Err(literal));
    }
    Ok(out)
}

fn pad(s: String, spec: &Spec) -> String {
    let Some(w) = spec.width else { return s };
    let n = s.chars().count();
    if n >= w {
        return s;
    }
    if spec.flags.contains('-') {
        format!("{s}{}", " ".repeat(w - n))
    } else if spec.flags.contains('0') && !matches!(spec.conversion, 's' | 'S' | 'c' | 'b') {
        let (sign, digits) = if s.starts_with(['-', '+']) {
            s.split_at(1)
        } else {
            ("", s.as_str())
        };
        format!("{sign}{}{digits}", "0".repeat(w - n))
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// java.util.Formatter on one argument.
fn format_one(spec: &Spec, a: &ArrayRef, i: usize) -> Result<String> {
    let is_int = matches!(
        a.data_type(),
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64
    );
    let is_float = matches!(
        a.data_type(),
        DataType::Float32 | DataType::Float64 | DataType::Decimal128(..)
    );
    let null = a.is_null(i);
    let signed = |v: String, negative: bool| -> String {
        if negative {
            format!("-{v}")
        } else if spec.flags.contains('+') {
            format!("+{v}")
        } else if spec.flags.contains(' ') {
            format!(" {v}")
        } else {
            v
        }
    };
    let text = match spec.conversion {
        's' | 'S' => {
            let t = if null {
                "null".to_string()
            } else if a.data_type() == &DataType::Boolean {
                a.as_boolean().value(i).to_string()
            } else {
                to_text(a)?.as_string::<i32>().value(i).to_string()
            };
            let t = match spec.precision {
                Some(p) => t.chars().take(p).collect(),
                None => t,
            };
            if spec.conversion == 'S' {
                t.to_uppercase()
            } else {
                t
            }
        }
        'b' | 'B' => {
            if null {
                "false".into()
            } else if a.data_type() == &DataType::Boolean {
                a.as_boolean().value(i).to_string()
            } else {
                "true".into()
            }
        }
        _ if null => "null".into(),
        'd' if is_int => {
            let v = cast_array(a, &DataType::Int64)?
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .value(i);
            let digits = v.unsigned_abs().to_string();
            let digits = if spec.flags.contains(',') {
                group_thousands(&digits)
            } else {
                digits
            };
            signed(digits, v < 0)
        }
        'x' | 'X' | 'o' if is_int => {
            let v = cast_array(a, &DataType::Int64)?
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .value(i);
            // Java prints an Integer's two's complement in 32 bits, a Long's in 64.
            let bits32 = !matches!(a.data_type(), DataType::Int64);
            let t = match (spec.conversion, bits32) {
                ('o', true) => format!("{:o}", v as i32),
                ('o', false) => format!("{v:o}"),
                (_, true) => format!("{:x}", v as i32),
                (_, false) => format!("{v:x}"),
            };
            if spec.conversion == 'X' {
                t.to_uppercase()
            } else {
                t
            }
        }
        'f' if is_float => {
            let v = cast_array(a, &DataType::Float64)?
                .as_primitive::<datafusion::arrow::datatypes::Float64Type>()
                .value(i);
            if !v.is_finite() {
                java_double(v)
            } else {
                // Formatter rounds the double's shortest decimal text HALF_UP.
                let p = spec.precision.unwrap_or(6);
                let (int, fraction) = half_up_digits(&plain(&java_double(v.abs())), p);
                let digits = if spec.flags.contains(',') {
                    group_thousands(&int)
                } else {
                    int
                };
                let body = if p == 0 { digits } else { format!("{digits}.{fraction}") };
                signed(body, v.is_sign_negative() && v != 0.0)
            }
        }
        'c' if is_int => {
            let v = cast_array(a, &DataType::Int64)?
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .value(i);
            char::from_u32(v as u32).map(String::from).unwrap_or_default()
        }
        c => {
            return exec_err!(
                "printf: %{c} cannot format a {} (java.util.IllegalFormatConversionException)",
                a.data_type()
            )
        }
    };
    Ok(pad(text, spec))
}

/// A Java number text (`1.5`, `1.0E-5`) written without exponent.
fn plain(java: &str) -> String {
    let Some((m, e)) = java.split_once('E') else {
        return java.to_string();
    };
    let e: i32 = e.parse().unwrap_or(0);
    let (int, fraction) = m.split_once('.').unwrap_or((m, ""));
    let digits = format!("{int}{fraction}");
    let point = int.len() as i32 + e;
    if point <= 0 {
        let digits = digits.trim_end_matches('0');
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    }
}

fn half_up_digits(exact: &str, d: usize) -> (String, String) {
    let (int, fraction) = exact.split_once('.').unwrap_or((exact, ""));
    let mut digits: Vec<u8> = int
        .bytes()
        .chain(fraction.bytes().chain(std::iter::repeat(b'0')).take(d))
        .collect();
    if fraction.as_bytes().get(d).is_some_and(|&b| b >= b'5') {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - d;
    let text = String::from_utf8(digits).unwrap_or_default();
    let int = text[..split].trim_start_matches('0');
    (
        if int.is_empty() { "0".into() } else { int.into() },
        text[split..].into(),
    )
}

fn printf(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let formats = to_text(&args[0])?.as_string::<i32>().clone();
    let mut out = StringBuilder::new();
    for i in 0..call.rows {
        let Some(f) = str_at(&formats, i) else {
            out.append_null();
            continue;
        };
        let mut text = String::new();
        let mut next = 1;
        for part in parse_format(f)? {
            match part {
                Err(literal) => text.push_str(&literal),
                Ok(spec) => {
                    let Some(a) = args.get(next) else {
                        return exec_err!(
                            "printf: format `{f}` needs more arguments (java.util.MissingFormatArgumentException)"
                        );
                    };
                    next += 1;
                    text.push_str(&format_one(&spec, a, super::row(a.len(), i))?);
                }
            }
        }
        out.append_value(text);
    }
    Ok(Arc::new(out.finish()))
}

fn str_to_map_type(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(map_type())
}

fn map_type() -> DataType {
    let entries = Field::new(
        "entries",
        DataType::Struct(Fields::from(vec![
            Field::new("key", DataType::Utf8, false),
            Field::new("value", DataType::Utf8, true),
        ])),
        false,
    );
    DataType::Map(Arc::new(entries), false)
}

/// GenericUDFStringToMap: the text split by the regex `delimiter1` into pairs, each split at
/// the first match of `delimiter2`; a later duplicate key replaces the value in place.
fn str_to_map(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let s = string_args(args)?;
    let mut cache = std::collections::HashMap::new();
    let (mut keys, mut values) = (StringBuilder::new(), StringBuilder::new());
    let mut lengths = Vec::with_capacity(call.rows);
    let mut valid = Vec::with_capacity(call.rows);
    for i in 0..call.rows {
        let text = str_at(&s[0], i);
        let d1 = s.get(1).map(|a| str_at(a, i)).unwrap_or(Some(","));
        let d2 = s.get(2).map(|a| str_at(a, i)).unwrap_or(Some(":"));
        let (Some(text), Some(d1), Some(d2)) = (text, d1, d2) else {
            lengths.push(0);
            valid.push(false);
            continue;
        };
        let (r1, r2) = (compile(&mut cache, d1)?, compile(&mut cache, d2)?);
        let mut pairs: Vec<(String, Option<String>)> = Vec::new();
        for pair in java_split(&r1, text, 0)? {
            let kv = java_split(&r2, &pair, 2)?;
            let key = kv.first().cloned().unwrap_or_default();
            let value = kv.get(1).cloned();
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(p) => p.1 = value,
                None => pairs.push((key, value)),
            }
        }
        lengths.push(pairs.len());
        valid.push(true);
        for (k, v) in pairs {
            keys.append_value(k);
            values.append_option(v);
        }
    }
    let DataType::Map(entries_field, _) = map_type() else {
        unreachable!()
    };
    let DataType::Struct(fields) = entries_field.data_type().clone() else {
        unreachable!()
    };
    let entries = StructArray::new(
        fields,
        vec![
            Arc::new(keys.finish()) as ArrayRef,
            Arc::new(values.finish()) as ArrayRef,
        ],
        None,
    );
    let map = MapArray::try_new(
        entries_field,
        OffsetBuffer::from_lengths(lengths),
        entries,
        Some(NullBuffer::from(valid)),
        false,
    )?;
    Ok(Arc::new(map))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(args: &[ArrayRef], rows: usize, f: impl Fn(&[u8]) -> Option<String>) -> Result<ArrayRef> {
    let s = string_args(args)?;
    let out: StringArray = (0..rows).map(|i| f(str_at(&s[0], i)?.as_bytes())).collect();
    Ok(Arc::new(out))
}

fn md5(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    digest(args, call.rows, |b| Some(hex(&md5::Md5::digest(b))))
}

fn sha1(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    digest(args, call.rows, |b| Some(hex(&sha1::Sha1::digest(b))))
}

fn sha2(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let bits = int_args(&args[1..2])?.remove(0);
    let s = string_args(&args[..1])?;
    let out: StringArray = (0..call.rows)
        .map(|i| {
            let b = str_at(&s[0], i)?.as_bytes();
            // GenericUDFSha2: 0 means 256; any other length gives NULL.
            Some(match int_at(&bits, i)? {
                224 => hex(&sha2::Sha224::digest(b)),
                0 | 256 => hex(&sha2::Sha256::digest(b)),
                384 => hex(&sha2::Sha384::digest(b)),
                512 => hex(&sha2::Sha512::digest(b)),
                _ => return None,
            })
        })
        .collect();
    Ok(Arc::new(out))
}

fn crc32(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let s = string_args(args)?;
    let out: Int64Array = (0..call.rows)
        .map(|i| Some(crc32fast::hash(str_at(&s[0], i)?.as_bytes()) as i64))
        .collect();
    Ok(Arc::new(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substr_follows_hive() {
        assert_eq!(hive_substr("abcdef", 2, Some(3)), "bcd");
        assert_eq!(hive_substr("abcdef", 0, Some(2)), "ab");
        assert_eq!(hive_substr("abcdef", -2, None), "ef");
        assert_eq!(hive_substr("abcdef", -10, None), "");
        assert_eq!(hive_substr("abcdef", 7, None), "");
    }

    #[test]
    fn decimal_format_rounding() {
        assert_eq!(half_even_digits("0.125", 2), ("0".into(), "12".into()));
        assert_eq!(half_even_digits("0.135000001", 2), ("0".into(), "14".into()));
        assert_eq!(half_even_digits("999.995", 2), ("1000".into(), "00".into()));
        assert_eq!(group_thousands("1234567"), "1,234,567");
        assert_eq!(plain("1.0E-5"), "0.00001");
        assert_eq!(plain("1.23456789E7"), "12345678.9");
        assert_eq!(half_up_digits("1.005", 2), ("1".into(), "01".into()));
    }
}
