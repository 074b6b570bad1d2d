//! Hive built-in functions the pipeline uses, with Hive's semantics, as DataFusion UDFs.
//! Registering a name DataFusion already has (concat, regexp_replace, substr, to_date, ...)
//! replaces its version: Hive's differs (NULL propagation, all matches replaced, negative
//! substring starts, Java date patterns).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use datafusion::arrow::array::{
    make_array, Array, ArrayRef, AsArray, Date32Array, Int32Array, Int64Array, ListArray, MutableArrayData, StringArray,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, TimeUnit};
use datafusion::common::{exec_err, plan_err, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, TypeSignature, Volatility,
};
use regex::Regex;
use std::collections::HashMap;
use std::sync::Arc;

type Eval = fn(&[ArrayRef], usize) -> Result<ArrayRef>;
type ReturnType = fn(&[DataType]) -> Result<DataType>;

/// A Hive function: a name, how many arguments, its result type and a row-wise evaluation.
#[derive(Debug)]
struct HiveFunction {
    name: &'static str,
    signature: Signature,
    return_type: ReturnType,
    eval: Eval,
}

// Names are unique, so they are the identity (function pointers make no stable identity).
impl PartialEq for HiveFunction {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for HiveFunction {}
impl std::hash::Hash for HiveFunction {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state)
    }
}

impl ScalarUDFImpl for HiveFunction {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        (self.return_type)(arg_types)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        Ok(ColumnarValue::Array((self.eval)(&arrays, args.number_rows)?))
    }
}

fn function(name: &'static str, arg_counts: &[usize], return_type: ReturnType, eval: Eval) -> ScalarUDF {
    let signatures = arg_counts.iter().map(|n| TypeSignature::Any(*n)).collect();
    ScalarUDF::new_from_impl(HiveFunction {
        name,
        signature: Signature::one_of(signatures, Volatility::Immutable),
        return_type,
        eval,
    })
}

fn utf8(_: &[DataType]) -> Result<DataType> {
    Ok(DataType::Utf8)
}
fn int32(_: &[DataType]) -> Result<DataType> {
    Ok(DataType::Int32)
}
fn int64(_: &[DataType]) -> Result<DataType> {
    Ok(DataType::Int64)
}
fn date32(_: &[DataType]) -> Result<DataType> {
    Ok(DataType::Date32)
}
fn same_as_first(t: &[DataType]) -> Result<DataType> {
    match t.first() {
        Some(l @ (DataType::List(_) | DataType::LargeList(_))) => Ok(l.clone()),
        Some(DataType::Null) => Ok(DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))),
        other => plan_err!("LATERAL VIEW OUTER explode needs an array, got {other:?}"),
    }
}

/// Every function this module provides.
pub fn hive_functions() -> Vec<ScalarUDF> {
    vec![
        function("get_json_object", &[2], utf8, get_json_object),
        function("regexp_extract", &[2, 3], utf8, regexp_extract),
        function("regexp_replace", &[3], utf8, regexp_replace),
        function("concat", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], utf8, concat),
        function("concat_ws", &[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], utf8, concat_ws),
        function("size", &[1], int32, size),
        function(HIVE_SUBSTR, &[2, 3], utf8, substr),
        function("to_date", &[1], date32, to_date),
        function("datediff", &[2], int32, datediff),
        function("date_add", &[2], date32, date_add),
        function("date_sub", &[2], date32, date_sub),
        function("unix_timestamp", &[1, 2], int64, unix_timestamp),
        function("from_unixtime", &[1, 2], utf8, from_unixtime),
        function("date_format", &[2], utf8, date_format),
        function(OUTER_ARRAY, &[1], same_as_first, outer_array),
    ]
}

/// SUBSTR and SUBSTRING are rewritten to this (DataFusion plans those keywords itself).
pub const HIVE_SUBSTR: &str = "pdm_substr";

/// Used by the LATERAL VIEW OUTER rewrite: a NULL or empty array becomes `[NULL]`, so unnest
/// keeps the row, as Hive's OUTER does.
pub const OUTER_ARRAY: &str = "pdm_outer_array";

fn strings(a: &ArrayRef) -> Result<ArrayRef> {
    Ok(cast(a, &DataType::Utf8)?)
}

/// Row `i` of a Utf8 array, or of a one-row array when the argument was a literal.
fn str_at(a: &StringArray, i: usize) -> Option<&str> {
    let i = if a.len() == 1 { 0 } else { i };
    (!a.is_null(i)).then(|| a.value(i))
}

fn string_args(args: &[ArrayRef]) -> Result<Vec<StringArray>> {
    args.iter()
        .map(|a| Ok(strings(a)?.as_string::<i32>().clone()))
        .collect()
}

fn map_strings(args: &[ArrayRef], rows: usize, f: impl Fn(&[Option<&str>]) -> Option<String>) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut row: Vec<Option<&str>> = Vec::with_capacity(cols.len());
    let out: StringArray = (0..rows)
        .map(|i| {
            row.clear();
            row.extend(cols.iter().map(|c| str_at(c, i)));
            f(&row)
        })
        .collect();
    Ok(Arc::new(out))
}

// ----- JSON -----

#[derive(Debug, Clone, PartialEq)]
enum PathStep {
    Key(String),
    Index(usize),
    Wildcard,
}

/// Hive's JSONPath subset: `$`, `.key`, `['key']`, `[n]`, `[*]`.
fn parse_json_path(path: &str) -> Option<Vec<PathStep>> {
    let rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'.' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'.' && b[j] != b'[' {
                    j += 1;
                }
                if j == start {
                    return None;
                }
                steps.push(if &rest[start..j] == "*" {
                    PathStep::Wildcard
                } else {
                    PathStep::Key(rest[start..j].to_string())
                });
                i = j;
            }
            b'[' => {
                let end = rest[i..].find(']')? + i;
                let inner = rest[i + 1..end].trim();
                steps.push(if inner == "*" {
                    PathStep::Wildcard
                } else if let Some(k) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
                    PathStep::Key(k.to_string())
                } else {
                    PathStep::Index(inner.parse().ok()?)
                });
                i = end + 1;
            }
            _ => return None,
        }
    }
    Some(steps)
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn walk(v: &serde_json::Value, steps: &[PathStep]) -> Option<serde_json::Value> {
    let Some((step, rest)) = steps.split_first() else {
        return Some(v.clone());
    };
    match step {
        PathStep::Key(k) => walk(v.as_object()?.get(k)?, rest),
        PathStep::Index(n) => walk(v.as_array()?.get(*n)?, rest),
        PathStep::Wildcard => {
            let items: Vec<serde_json::Value> = v.as_array()?.iter().filter_map(|e| walk(e, rest)).collect();
            Some(serde_json::Value::Array(items))
        }
    }
}

fn get_json_object(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut paths: HashMap<String, Option<Vec<PathStep>>> = HashMap::new();
    let out: StringArray = (0..rows)
        .map(|i| {
            let (json, path) = (str_at(&cols[0], i)?, str_at(&cols[1], i)?);
            let steps = paths
                .entry(path.to_string())
                .or_insert_with(|| parse_json_path(path))
                .as_ref()?;
            let value: serde_json::Value = serde_json::from_str(json).ok()?;
            json_text(&walk(&value, steps)?)
        })
        .collect();
    Ok(Arc::new(out))
}

// ----- regular expressions (Java syntax is close enough to Rust's for what HQL uses) -----

fn compile(cache: &mut HashMap<String, Option<Regex>>, pattern: &str) -> Option<Regex> {
    cache
        .entry(pattern.to_string())
        .or_insert_with(|| Regex::new(pattern).ok())
        .clone()
}

fn regexp_extract(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let index = match args.get(2) {
        Some(a) => Some(
            cast(a, &DataType::Int64)?
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .clone(),
        ),
        None => None,
    };
    let mut cache = HashMap::new();
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let (Some(s), Some(p)) = (str_at(&cols[0], i), str_at(&cols[1], i)) else {
            out.push(None);
            continue;
        };
        let group = match &index {
            Some(ix) => {
                let k = if ix.len() == 1 { 0 } else { i };
                if ix.is_null(k) {
                    out.push(None);
                    continue;
                }
                ix.value(k) as usize
            }
            None => 1,
        };
        let Some(re) = compile(&mut cache, p) else {
            return exec_err!("regexp_extract: invalid pattern `{p}`");
        };
        if group > re.captures_len() - 1 {
            return exec_err!("regexp_extract: pattern `{p}` has no group {group}");
        }
        // Hive gives '' (not NULL) when nothing matches.
        let value = re
            .captures(s)
            .and_then(|c| c.get(group))
            .map(|m| m.as_str())
            .unwrap_or("");
        out.push(Some(value.to_string()));
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// Java's `$1` in a replacement is group 1 even when a letter follows; Rust needs `${1}`.
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

fn regexp_replace(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut cache = HashMap::new();
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let (Some(s), Some(p), Some(r)) = (str_at(&cols[0], i), str_at(&cols[1], i), str_at(&cols[2], i)) else {
            out.push(None);
            continue;
        };
        let Some(re) = compile(&mut cache, p) else {
            return exec_err!("regexp_replace: invalid pattern `{p}`");
        };
        out.push(Some(re.replace_all(s, java_replacement(r).as_str()).into_owned()));
    }
    Ok(Arc::new(StringArray::from(out)))
}

// ----- strings -----

fn concat(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    // Hive: any NULL argument makes the result NULL.
    map_strings(args, rows, |row| {
        row.iter().copied().collect::<Option<Vec<&str>>>().map(|p| p.concat())
    })
}

/// Adds the parts one argument gives for a row.
type PartsOfRow = dyn Fn(usize, &mut Vec<String>) -> Result<()>;

fn concat_ws(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    // Arguments may be strings or arrays of strings; NULLs are skipped, a NULL separator gives NULL.
    let sep = strings(&args[0])?.as_string::<i32>().clone();
    let mut parts: Vec<Box<PartsOfRow>> = Vec::new();
    for a in &args[1..] {
        match a.data_type() {
            DataType::List(_) => {
                let list = a.as_list::<i32>().clone();
                parts.push(Box::new(move |i, acc| {
                    let i = if list.len() == 1 { 0 } else { i };
                    if !list.is_null(i) {
                        let values = strings(&list.value(i))?;
                        let values = values.as_string::<i32>();
                        acc.extend(values.iter().flatten().map(str::to_string));
                    }
                    Ok(())
                }));
            }
            _ => {
                let s = strings(a)?.as_string::<i32>().clone();
                parts.push(Box::new(move |i, acc| {
                    if let Some(v) = str_at(&s, i) {
                        acc.push(v.to_string());
                    }
                    Ok(())
                }));
            }
        }
    }
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
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

fn size(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let a = &args[0];
    let out: Int32Array = match a.data_type() {
        DataType::List(_) => {
            let l = a.as_list::<i32>();
            (0..rows)
                .map(|i| Some(if l.is_null(i) { -1 } else { l.value_length(i) }))
                .collect()
        }
        DataType::Map(_, _) => {
            let m = a.as_map();
            (0..rows)
                .map(|i| Some(if m.is_null(i) { -1 } else { m.value_length(i) }))
                .collect()
        }
        // Hive: size(NULL) is -1.
        DataType::Null => (0..rows).map(|_| Some(-1)).collect(),
        other => return exec_err!("size() needs an array or a map, got {other}"),
    };
    Ok(Arc::new(out))
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

fn int_args(args: &[ArrayRef]) -> Result<Vec<Int64Array>> {
    args.iter()
        .map(|a| {
            Ok(cast(a, &DataType::Int64)?
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .clone())
        })
        .collect()
}

fn int_at(a: &Int64Array, i: usize) -> Option<i64> {
    let i = if a.len() == 1 { 0 } else { i };
    (!a.is_null(i)).then(|| a.value(i))
}

fn substr(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let s = strings(&args[0])?.as_string::<i32>().clone();
    let ints = int_args(&args[1..])?;
    let out: StringArray = (0..rows)
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

// ----- dates -----

const EPOCH_DAYS_CE: i32 = 719_163;

fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_DAYS_CE
}

/// A date from a DATE, a TIMESTAMP or a string starting `yyyy-MM-dd`, as Hive reads them.
fn dates(a: &ArrayRef) -> Result<Vec<Option<NaiveDate>>> {
    Ok(match a.data_type() {
        DataType::Date32 => {
            let d = a.as_primitive::<datafusion::arrow::datatypes::Date32Type>();
            (0..d.len())
                .map(|i| {
                    (!d.is_null(i))
                        .then(|| NaiveDate::from_num_days_from_ce_opt(d.value(i) + EPOCH_DAYS_CE))
                        .flatten()
                })
                .collect()
        }
        DataType::Timestamp(_, _) => {
            let t = cast(a, &DataType::Timestamp(TimeUnit::Microsecond, None))?;
            let t = t.as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>();
            (0..t.len())
                .map(|i| {
                    (!t.is_null(i))
                        .then(|| DateTime::from_timestamp_micros(t.value(i)).map(|d| d.date_naive()))
                        .flatten()
                })
                .collect()
        }
        _ => {
            let s = strings(a)?;
            s.as_string::<i32>()
                .iter()
                .map(|v| {
                    v.and_then(|v| v.get(..10))
                        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                })
                .collect()
        }
    })
}

fn at<T: Copy>(v: &[Option<T>], i: usize) -> Option<T> {
    if v.len() == 1 {
        v[0]
    } else {
        v.get(i).copied().flatten()
    }
}

fn to_date(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    Ok(Arc::new(
        (0..rows).map(|i| at(&d, i).map(days)).collect::<Date32Array>(),
    ))
}

fn datediff(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let (end, start) = (dates(&args[0])?, dates(&args[1])?);
    let out: Int32Array = (0..rows)
        .map(|i| Some(days(at(&end, i)?) - days(at(&start, i)?)))
        .collect();
    Ok(Arc::new(out))
}

fn shift_days(args: &[ArrayRef], rows: usize, sign: i64) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    let n = int_args(&args[1..])?;
    let out: Date32Array = (0..rows)
        .map(|i| {
            let date = at(&d, i)?;
            let shifted = date.checked_add_signed(chrono::Duration::days(sign * int_at(&n[0], i)?))?;
            Some(days(shifted))
        })
        .collect();
    Ok(Arc::new(out))
}

fn date_add(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    shift_days(args, rows, 1)
}

fn date_sub(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    shift_days(args, rows, -1)
}

/// Java SimpleDateFormat pattern to chrono's strftime (the letters HQL uses).
pub fn java_to_strftime(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal; '' is a single quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            while j < chars.len() && chars[j] != '\'' {
                if chars[j] == '%' {
                    out.push('%');
                }
                out.push(chars[j]);
                j += 1;
            }
            i = j + 1;
            continue;
        }
        let mut run = 1;
        while i + run < chars.len() && chars[i + run] == c {
            run += 1;
        }
        let spec = match (c, run) {
            ('y', 2) => "%y".to_string(),
            ('y', _) => "%Y".to_string(),
            ('M', 1 | 2) => "%m".to_string(),
            ('M', 3) => "%b".to_string(),
            ('M', _) => "%B".to_string(),
            ('d', _) => "%d".to_string(),
            ('H', _) => "%H".to_string(),
            ('h', _) => "%I".to_string(),
            ('m', _) => "%M".to_string(),
            ('s', _) => "%S".to_string(),
            // chrono has 3, 6 or 9 fractional digits.
            ('S', n) => format!(
                "%{}f",
                if n <= 3 {
                    3
                } else if n <= 6 {
                    6
                } else {
                    9
                }
            ),
            ('a', _) => "%p".to_string(),
            ('E', 1..=3) => "%a".to_string(),
            ('E', _) => "%A".to_string(),
            ('D', _) => "%j".to_string(),
            ('u', _) => "%u".to_string(),
            ('Z' | 'z' | 'X', _) => "%z".to_string(),
            ('%', n) => "%%".repeat(n),
            (other, n) => other.to_string().repeat(n),
        };
        out.push_str(&spec);
        i += run;
    }
    out
}

fn format_datetime(t: &NaiveDateTime, java: &str) -> Option<String> {
    use std::fmt::Write;
    let mut s = String::new();
    write!(s, "{}", t.format(&java_to_strftime(java))).ok()?;
    Some(s)
}

/// Timestamps as Hive reads them: TIMESTAMP, DATE or 'yyyy-MM-dd[ HH:mm:ss[.SSS]]' strings
/// (a 'T' separator is accepted too). Times are UTC: the local engine has no session zone.
fn timestamps(a: &ArrayRef) -> Result<Vec<Option<NaiveDateTime>>> {
    Ok(match a.data_type() {
        DataType::Timestamp(_, _) | DataType::Date32 | DataType::Date64 => {
            let t = cast(a, &DataType::Timestamp(TimeUnit::Microsecond, None))?;
            let t = t.as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>();
            (0..t.len())
                .map(|i| {
                    (!t.is_null(i))
                        .then(|| DateTime::from_timestamp_micros(t.value(i)).map(|d| d.naive_utc()))
                        .flatten()
                })
                .collect()
        }
        _ => strings(a)?
            .as_string::<i32>()
            .iter()
            .map(|v| v.and_then(parse_timestamp))
            .collect(),
    })
}

fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    for f in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .map(|d| d.and_time(NaiveTime::MIN))
}

fn unix_timestamp(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let out: Int64Array = if args.len() == 2 {
        let cols = string_args(args)?;
        (0..rows)
            .map(|i| {
                let (s, f) = (str_at(&cols[0], i)?, str_at(&cols[1], i)?);
                let fmt = java_to_strftime(f);
                let t = NaiveDateTime::parse_from_str(s, &fmt).ok().or_else(|| {
                    NaiveDate::parse_from_str(s, &fmt)
                        .ok()
                        .map(|d| d.and_time(NaiveTime::MIN))
                })?;
                Some(Utc.from_utc_datetime(&t).timestamp())
            })
            .collect()
    } else {
        let t = timestamps(&args[0])?;
        (0..rows)
            .map(|i| at(&t, i).map(|t| Utc.from_utc_datetime(&t).timestamp()))
            .collect()
    };
    Ok(Arc::new(out))
}

fn from_unixtime(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let secs = int_args(&args[..1])?;
    let fmt = match args.get(1) {
        Some(f) => Some(strings(f)?.as_string::<i32>().clone()),
        None => None,
    };
    let out: StringArray = (0..rows)
        .map(|i| {
            let t = DateTime::from_timestamp(int_at(&secs[0], i)?, 0)?.naive_utc();
            let pattern = match &fmt {
                Some(f) => str_at(f, i)?,
                None => "yyyy-MM-dd HH:mm:ss",
            };
            format_datetime(&t, pattern)
        })
        .collect();
    Ok(Arc::new(out))
}

fn date_format(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let t = timestamps(&args[0])?;
    let fmt = strings(&args[1])?.as_string::<i32>().clone();
    let out: StringArray = (0..rows)
        .map(|i| format_datetime(&at(&t, i)?, str_at(&fmt, i)?))
        .collect();
    Ok(Arc::new(out))
}

fn outer_array(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let a = &args[0];
    let DataType::List(field) = a.data_type() else {
        // explode(NULL): one row with a NULL value.
        let values = datafusion::arrow::array::new_null_array(&DataType::Utf8, rows);
        let offsets = OffsetBuffer::from_lengths(std::iter::repeat_n(1, rows));
        let field = Arc::new(Field::new_list_field(DataType::Utf8, true));
        return Ok(Arc::new(ListArray::new(field, offsets, values, None)));
    };
    let list = a.as_list::<i32>();
    let values = list.values().to_data();
    let mut data = MutableArrayData::new(vec![&values], true, values.len() + rows);
    let mut lengths = Vec::with_capacity(rows);
    for i in 0..rows {
        let (start, end) = (list.value_offsets()[i] as usize, list.value_offsets()[i + 1] as usize);
        if list.is_null(i) || start == end {
            data.try_extend_nulls(1)?;
            lengths.push(1);
        } else {
            data.try_extend(0, start, end)?;
            lengths.push(end - start);
        }
    }
    let values = make_array(data.freeze());
    let field = Arc::new(field.as_ref().clone().with_nullable(true));
    Ok(Arc::new(ListArray::new(
        field,
        OffsetBuffer::from_lengths(lengths),
        values,
        None,
    )))
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
    fn json_paths() {
        let v: serde_json::Value = serde_json::from_str(r#"{"a":{"b":[{"c":1},{"c":"x"}]},"k":null}"#).unwrap();
        let get = |p: &str| walk(&v, &parse_json_path(p).unwrap()).and_then(|v| json_text(&v));
        assert_eq!(get("$.a.b[1].c").as_deref(), Some("x"));
        assert_eq!(get("$.a.b[0].c").as_deref(), Some("1"));
        assert_eq!(get("$.a.b[*].c").as_deref(), Some("[1,\"x\"]"));
        assert_eq!(get("$.k"), None);
        assert_eq!(get("$.missing"), None);
        assert_eq!(get("$['a']['b'][0]").as_deref(), Some("{\"c\":1}"));
    }

    #[test]
    fn java_patterns() {
        assert_eq!(java_to_strftime("yyyy-MM-dd HH:mm:ss"), "%Y-%m-%d %H:%M:%S");
        assert_eq!(java_to_strftime("yyyyMM"), "%Y%m");
        assert_eq!(java_to_strftime("dd MMM yyyy 'at' HH:mm"), "%d %b %Y at %H:%M");
        assert_eq!(java_replacement("$1 $2x\\$"), "${1} ${2}x$$");
    }
}
