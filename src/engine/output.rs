//! How values print, as Hive's CLI prints them, and query results for people (an aligned
//! table) and for programs (CSV, JSON lines).
//!
//! Hive's text of a value (`SerDeUtils.getJSONString` for nested values, the writables'
//! `toString` for top-level ones): DOUBLE and FLOAT as Java's `Double.toString` /
//! `Float.toString` (`1.0`, `1.23456789E7`, `1.0E-4`); TIMESTAMP as `yyyy-MM-dd HH:mm:ss`
//! with the fraction's trailing zeros dropped (`2024-01-15 10:20:30.5`); DECIMAL with its
//! scale's digits (`1.50`, Hive 2.1+); BOOLEAN as `true`/`false`; inside arrays, maps and
//! structs strings, dates and timestamps are quoted, NULL is `null`, a struct is
//! `{"field":value,...}`. The same text is what a cast to STRING and `concat` give, except
//! for BOOLEAN, which a string conversion spells `TRUE`/`FALSE`.

use chrono::{DateTime, NaiveDate};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    SchemaRef, TimeUnit, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use std::fmt::Write;

const EPOCH_DAYS_CE: i32 = 719_163;

/// Java's `Double.toString`: the shortest digits that read back as the same double, plain
/// between 10^-3 and 10^7, else `d.dddE±n`.
pub fn java_double(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    java_decimal_text(format!("{v}"), format!("{v:e}"), v.abs() >= 1e-3 && v.abs() < 1e7)
}

/// Java's `Float.toString` (the same rules on the float's own shortest digits).
pub fn java_float(v: f32) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    java_decimal_text(format!("{v}"), format!("{v:e}"), v.abs() >= 1e-3 && v.abs() < 1e7)
}

fn java_decimal_text(plain: String, scientific: String, use_plain: bool) -> String {
    if use_plain {
        return if plain.contains('.') { plain } else { plain + ".0" };
    }
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    if mantissa.contains('.') {
        format!("{mantissa}E{exponent}")
    } else {
        format!("{mantissa}.0E{exponent}")
    }
}

/// A timestamp from seconds and nanoseconds since the epoch, as Hive prints it.
pub fn timestamp_text(secs: i64, nanos: u32) -> Option<String> {
    let t = DateTime::from_timestamp(secs, nanos)?.naive_utc();
    let mut s = t.format("%Y-%m-%d %H:%M:%S").to_string();
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        s.push('.');
        s.push_str(fraction.trim_end_matches('0'));
    }
    Some(s)
}

/// Seconds and nanoseconds of a timestamp value in `unit`.
pub fn split_timestamp(value: i64, unit: TimeUnit) -> (i64, u32) {
    let per_second: i64 = match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    };
    let secs = value.div_euclid(per_second);
    let nanos = value.rem_euclid(per_second) * (1_000_000_000 / per_second);
    (secs, nanos as u32)
}

pub fn date_text(days: i32) -> Option<String> {
    NaiveDate::from_num_days_from_ce_opt(days + EPOCH_DAYS_CE).map(|d| d.format("%Y-%m-%d").to_string())
}

/// An unscaled decimal with its scale's digits: 150 at scale 2 is `1.50`.
pub fn decimal_text(unscaled: i128, scale: i8) -> String {
    if scale <= 0 {
        let mut s = unscaled.to_string();
        if unscaled != 0 {
            s.push_str(&"0".repeat((-scale) as usize));
        }
        return s;
    }
    let digits = unscaled.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{}{int}.{frac}", if unscaled < 0 { "-" } else { "" })
}

/// The text of row `i` of `a` as Hive prints a top-level value, None for NULL.
pub fn value_text(a: &dyn Array, i: usize) -> Option<String> {
    if a.is_null(i) {
        return None;
    }
    let mut out = String::new();
    write_value(a, i, &mut out, false);
    Some(out)
}

fn quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_value(a: &dyn Array, i: usize, out: &mut String, nested: bool) {
    if a.is_null(i) {
        out.push_str(if nested { "null" } else { "NULL" });
        return;
    }
    macro_rules! int {
        ($t:ty) => {{
            let _ = write!(out, "{}", a.as_primitive::<$t>().value(i));
        }};
    }
    match a.data_type() {
        DataType::Int8 => int!(Int8Type),
        DataType::Int16 => int!(Int16Type),
        DataType::Int32 => int!(Int32Type),
        DataType::Int64 => int!(Int64Type),
        DataType::UInt8 => int!(UInt8Type),
        DataType::UInt16 => int!(UInt16Type),
        DataType::UInt32 => int!(UInt32Type),
        DataType::UInt64 => int!(UInt64Type),
        DataType::Float32 => out.push_str(&java_float(a.as_primitive::<Float32Type>().value(i))),
        DataType::Float64 => out.push_str(&java_double(a.as_primitive::<Float64Type>().value(i))),
        DataType::Boolean => out.push_str(if a.as_boolean().value(i) { "true" } else { "false" }),
        DataType::Decimal128(_, scale) => {
            out.push_str(&decimal_text(a.as_primitive::<Decimal128Type>().value(i), *scale))
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let s = match a.data_type() {
                DataType::Utf8 => a.as_string::<i32>().value(i),
                DataType::LargeUtf8 => a.as_string::<i64>().value(i),
                _ => a.as_string_view().value(i),
            };
            if nested {
                quoted(s, out)
            } else {
                out.push_str(s)
            }
        }
        DataType::Date32 => {
            let text = date_text(a.as_primitive::<Date32Type>().value(i)).unwrap_or_default();
            if nested {
                quoted(&text, out)
            } else {
                out.push_str(&text)
            }
        }
        DataType::Timestamp(unit, None) => {
            let value = match unit {
                TimeUnit::Second => a
                    .as_primitive::<datafusion::arrow::datatypes::TimestampSecondType>()
                    .value(i),
                TimeUnit::Millisecond => a
                    .as_primitive::<datafusion::arrow::datatypes::TimestampMillisecondType>()
                    .value(i),
                TimeUnit::Microsecond => a
                    .as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>()
                    .value(i),
                TimeUnit::Nanosecond => a
                    .as_primitive::<datafusion::arrow::datatypes::TimestampNanosecondType>()
                    .value(i),
            };
            let (secs, nanos) = split_timestamp(value, *unit);
            let text = timestamp_text(secs, nanos).unwrap_or_default();
            if nested {
                quoted(&text, out)
            } else {
                out.push_str(&text)
            }
        }
        DataType::List(_) | DataType::LargeList(_) => {
            let values = match a.data_type() {
                DataType::List(_) => a.as_list::<i32>().value(i),
                _ => a.as_list::<i64>().value(i),
            };
            out.push('[');
            for j in 0..values.len() {
                if j > 0 {
                    out.push(',');
                }
                write_value(values.as_ref(), j, out, true);
            }
            out.push(']');
        }
        DataType::Map(_, _) => {
            let m = a.as_map();
            let entries = m.value(i);
            let (keys, values) = (entries.column(0), entries.column(1));
            out.push('{');
            for j in 0..entries.len() {
                if j > 0 {
                    out.push(',');
                }
                write_value(keys.as_ref(), j, out, true);
                out.push(':');
                write_value(values.as_ref(), j, out, true);
            }
            out.push('}');
        }
        DataType::Struct(fields) => {
            let s = a.as_struct();
            out.push('{');
            for (j, f) in fields.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                quoted(f.name(), out);
                out.push(':');
                write_value(s.column(j).as_ref(), i, out, true);
            }
            out.push('}');
        }
        _ => {
            let options = FormatOptions::default();
            if let Ok(f) = ArrayFormatter::try_new(a, &options) {
                let _ = write!(out, "{}", f.value(i));
            }
        }
    }
}

/// Every cell as text, row by row; NULL is shown as `null`.
fn cells(batches: &[RecordBatch], null: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            rows.push(
                b.columns()
                    .iter()
                    .map(|c| value_text(c.as_ref(), r).unwrap_or_else(|| null.to_string()))
                    .collect(),
            );
        }
    }
    rows
}

/// The rows as Hive's CLI prints them: columns separated by a tab, NULL as `NULL`.
pub fn hive_cli(batches: &[RecordBatch]) -> Vec<String> {
    cells(batches, "NULL").into_iter().map(|r| r.join("\t")).collect()
}

pub fn table(schema: &SchemaRef, batches: &[RecordBatch]) -> String {
    let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let rows = cells(batches, "NULL");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| -> String {
        let cells: Vec<String> = cols.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let rule: String = format!(
        "+{}+\n",
        widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+")
    );
    let mut out = String::new();
    out.push_str(&rule);
    out.push_str(&line(&header));
    out.push_str(&rule);
    for r in &rows {
        out.push_str(&line(r));
    }
    out.push_str(&rule);
    out.push_str(&format!(
        "{} row{}\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(schema: &SchemaRef, batches: &[RecordBatch]) -> String {
    let mut out = String::new();
    let header: Vec<String> = schema.fields().iter().map(|f| csv_field(f.name())).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for r in cells(batches, "") {
        out.push_str(&r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// One JSON object per row (JSON lines), values as their text, NULL as null.
pub fn json(schema: &SchemaRef, batches: &[RecordBatch]) -> String {
    let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
    let mut out = String::new();
    for b in batches {
        for r in 0..b.num_rows() {
            let mut object = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let column = b.column(i);
                let value = match value_text(column.as_ref(), r) {
                    None => serde_json::Value::Null,
                    Some(text) if column.data_type().is_numeric() => serde_json::from_str::<serde_json::Number>(&text)
                        .map(serde_json::Value::Number)
                        .unwrap_or(serde_json::Value::String(text)),
                    Some(_) if column.data_type() == &DataType::Boolean => {
                        serde_json::Value::Bool(column.as_boolean().value(r))
                    }
                    Some(text) => serde_json::Value::String(text),
                };
                object.insert((*name).clone(), value);
            }
            out.push_str(&serde_json::Value::Object(object).to_string());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_number_text() {
        assert_eq!(java_double(1.0), "1.0");
        assert_eq!(java_double(12345678.9), "1.23456789E7");
        assert_eq!(java_double(1234567.0), "1234567.0");
        assert_eq!(java_double(0.0001), "1.0E-4");
        assert_eq!(java_double(0.001), "0.001");
        assert_eq!(java_double(1e21), "1.0E21");
        assert_eq!(java_double(-2.5e-7), "-2.5E-7");
        assert_eq!(java_float(0.1), "0.1");
        assert_eq!(decimal_text(150, 2), "1.50");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(timestamp_text(0, 500_000_000).unwrap(), "1970-01-01 00:00:00.5");
    }
}
