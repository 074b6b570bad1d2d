//! CAST and Hive's implicit conversions (UDFToInteger, UDFToDouble, ..., HiveDecimal,
//! Hive 3's Timestamp and Date), where they differ from Arrow's casts:
//!
//! - text to an integer type takes an optional fraction and drops it (`'1.5'` is 1), after
//!   trimming spaces; out of the type's range is NULL;
//! - an integer to a narrower integer type wraps (`CAST(2147483648 AS INT)` is -2147483648);
//!   a DOUBLE to an integer is Java's `(int)`/`(long)` (saturating; NaN is 0);
//! - a DECIMAL to an integer truncates, then wraps;
//! - TIMESTAMP to a number is in **seconds** (with the fraction for DOUBLE and DECIMAL); a
//!   DOUBLE or DECIMAL to TIMESTAMP is seconds too, but an integer type is **milliseconds**
//!   (`hive.int.timestamp.conversion.in.seconds` is false by default in Hive 3.1); Hive 3
//!   reads timestamps as local times with no zone, so here as UTC;
//! - to DECIMAL rounds HALF_UP to the scale and is NULL when the integer digits do not fit;
//!   a DOUBLE becomes a decimal through its Java text (`1.005` is 1.005, not 1.00499...);
//! - to STRING is Hive's text of the value (`1.0E7`, `2024-01-15 10:20:30.5`, a DECIMAL
//!   without trailing zeros as HiveDecimal.toString gives it, `TRUE`); the string functions
//!   (`concat`, ...) see the same text, but `true` for a BOOLEAN.
//!
//! Everything else is Arrow's cast, NULL where it fails.

use super::{literal_str, make, Arity, Call};
use crate::engine::output::{date_text, decimal_text, java_double, java_float, split_timestamp, timestamp_text};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use datafusion::arrow::array::{
    new_null_array, Array, ArrayRef, AsArray, Date32Array, Decimal128Array, Float64Array, Int64Array, PrimitiveArray,
    StringArray, TimestampNanosecondArray,
};
use datafusion::arrow::compute::{cast_with_options, CastOptions};
use datafusion::arrow::datatypes::{
    ArrowPrimitiveType, DataType, Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimeUnit,
};
use datafusion::common::{plan_err, Result, ScalarValue};
use datafusion::logical_expr::simplify::ExprSimplifyResult;
use datafusion::logical_expr::{Expr, ScalarUDF};
use std::sync::Arc;

/// `CAST(x AS t)` becomes `pdm_cast(x, 't')` (for the types in [`hive_type_name`]).
pub const CAST: &str = "pdm_cast";

pub fn functions() -> Vec<ScalarUDF> {
    vec![make(
        CAST,
        Arity::Exactly(&[2]),
        cast_type,
        eval_cast,
        Some(simplify_cast),
    )]
}

/// The canonical name of a primitive SQL type this module casts to, None for the others
/// (ARRAY, MAP, STRUCT, ...: those keep Arrow's cast).
pub fn hive_type_name(t: &sqlparser::ast::DataType) -> Option<String> {
    use sqlparser::ast::{DataType as T, ExactNumberInfo};
    Some(match t {
        T::TinyInt(_) => "tinyint".into(),
        T::SmallInt(_) => "smallint".into(),
        T::Int(_) | T::Integer(_) => "int".into(),
        T::BigInt(_) => "bigint".into(),
        T::Float(_) | T::Real => "float".into(),
        T::Double(_) | T::DoublePrecision => "double".into(),
        T::String(_) | T::Varchar(_) | T::Char(_) | T::Text => "string".into(),
        T::Boolean => "boolean".into(),
        T::Date => "date".into(),
        T::Timestamp(_, _) => "timestamp".into(),
        T::Decimal(info) | T::Numeric(info) | T::Dec(info) => match info {
            ExactNumberInfo::None => "decimal(10,0)".into(),
            ExactNumberInfo::Precision(p) => format!("decimal({p},0)"),
            ExactNumberInfo::PrecisionAndScale(p, s) => format!("decimal({p},{s})"),
        },
        _ => return None,
    })
}

/// The Arrow type of a canonical type name (as DataFusion types the same SQL type).
fn arrow_type(name: &str) -> Option<DataType> {
    Some(match name {
        "tinyint" => DataType::Int8,
        "smallint" => DataType::Int16,
        "int" => DataType::Int32,
        "bigint" => DataType::Int64,
        "float" => DataType::Float32,
        "double" => DataType::Float64,
        "string" => DataType::Utf8,
        "boolean" => DataType::Boolean,
        "date" => DataType::Date32,
        "timestamp" => DataType::Timestamp(TimeUnit::Nanosecond, None),
        _ => {
            let inner = name.strip_prefix("decimal(")?.strip_suffix(')')?;
            let (p, s) = inner.split_once(',')?;
            let (p, s): (u8, i8) = (p.trim().parse().ok()?, s.trim().parse().ok()?);
            if p == 0 || p > 38 || s < 0 || s as u8 > p {
                return None;
            }
            DataType::Decimal128(p, s)
        }
    })
}

fn cast_type(_: &[DataType], scalars: &[Option<&ScalarValue>]) -> Result<DataType> {
    let Some(name) = literal_str(scalars, 1) else {
        return plan_err!("{CAST} needs the type name as a literal");
    };
    match arrow_type(name) {
        Some(t) => Ok(t),
        None => plan_err!("CAST to {name}: not a type the local engine casts to"),
    }
}

fn eval_cast(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    cast_array(&args[0], call.returns)
}

/// A cast to the type the value has already is the value.
fn simplify_cast(args: Vec<Expr>, types: &[DataType]) -> Result<ExprSimplifyResult> {
    let target = match &args[1] {
        Expr::Literal(ScalarValue::Utf8(Some(name)), _) => arrow_type(name),
        _ => None,
    };
    if target.as_ref() == Some(&types[0]) {
        let mut args = args;
        return Ok(ExprSimplifyResult::Simplified(args.swap_remove(0)));
    }
    Ok(ExprSimplifyResult::Original(args))
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn is_integer(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
    )
}

fn is_float(t: &DataType) -> bool {
    matches!(t, DataType::Float32 | DataType::Float64 | DataType::Float16)
}

fn arrow(a: &ArrayRef, to: &DataType) -> Result<ArrayRef> {
    let options = CastOptions {
        safe: true,
        ..Default::default()
    };
    Ok(cast_with_options(a, to, &options)?)
}

/// Converts `a` to `to` as Hive does (see the module header).
pub fn cast_array(a: &ArrayRef, to: &DataType) -> Result<ArrayRef> {
    let from = a.data_type();
    if from == to {
        return Ok(a.clone());
    }
    if from == &DataType::Null {
        return Ok(new_null_array(to, a.len()));
    }
    match (from, to) {
        // UDFToString spells booleans TRUE/FALSE; the string functions' converter true/false.
        (DataType::Boolean, DataType::Utf8) => {
            let out: StringArray = a
                .as_boolean()
                .iter()
                .map(|v| v.map(|v| if v { "TRUE" } else { "FALSE" }))
                .collect();
            Ok(Arc::new(out))
        }
        (_, DataType::Utf8) => to_text(a),
        (f, DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64) if is_text(f) => {
            let text = arrow(a, &DataType::Utf8)?;
            let bits = match to {
                DataType::Int8 => 8,
                DataType::Int16 => 16,
                DataType::Int32 => 32,
                _ => 64,
            };
            let parsed: Int64Array = text
                .as_string::<i32>()
                .iter()
                .map(|s| s.and_then(|s| parse_integer(s, bits)))
                .collect();
            arrow(&(Arc::new(parsed) as ArrayRef), to)
        }
        (f, DataType::Float32 | DataType::Float64) if is_text(f) => {
            let text = arrow(a, &DataType::Utf8)?;
            let parsed: Float64Array = text
                .as_string::<i32>()
                .iter()
                .map(|s| s.and_then(parse_double))
                .collect();
            arrow(&(Arc::new(parsed) as ArrayRef), to)
        }
        (f, DataType::Decimal128(p, s)) if is_text(f) => {
            let text = arrow(a, &DataType::Utf8)?;
            let parsed: Decimal128Array = text
                .as_string::<i32>()
                .iter()
                .map(|v| v.and_then(|v| parse_decimal(v, *p, *s)))
                .collect();
            Ok(Arc::new(parsed.with_precision_and_scale(*p, *s)?))
        }
        (f, DataType::Date32) if is_text(f) => {
            let text = arrow(a, &DataType::Utf8)?;
            let parsed: Date32Array = text
                .as_string::<i32>()
                .iter()
                .map(|v| v.and_then(parse_date).map(epoch_days))
                .collect();
            Ok(Arc::new(parsed))
        }
        (f, DataType::Timestamp(_, None)) if is_text(f) => {
            let text = arrow(a, &DataType::Utf8)?;
            let parsed: TimestampNanosecondArray = text
                .as_string::<i32>()
                .iter()
                .map(|v| {
                    v.and_then(parse_timestamp)
                        .and_then(|t| t.and_utc().timestamp_nanos_opt())
                })
                .collect();
            arrow(&(Arc::new(parsed) as ArrayRef), to)
        }
        (DataType::Timestamp(unit, _), t) if is_integer(t) || is_float(t) || matches!(t, DataType::Decimal128(..)) => {
            let unit = *unit;
            let ns = arrow(a, &DataType::Timestamp(TimeUnit::Nanosecond, None))?;
            let ns = ns.as_primitive::<datafusion::arrow::datatypes::TimestampNanosecondType>();
            let _ = unit;
            match t {
                DataType::Float32 | DataType::Float64 => {
                    let secs: Float64Array = ns
                        .iter()
                        .map(|v| {
                            v.map(|v| {
                                let (s, n) = split_timestamp(v, TimeUnit::Nanosecond);
                                s as f64 + n as f64 / 1e9
                            })
                        })
                        .collect();
                    arrow(&(Arc::new(secs) as ArrayRef), t)
                }
                DataType::Decimal128(p, s) => {
                    let text: StringArray = ns
                        .iter()
                        .map(|v| {
                            v.map(|v| {
                                let (secs, n) = split_timestamp(v, TimeUnit::Nanosecond);
                                format!("{secs}.{n:09}")
                            })
                        })
                        .collect();
                    cast_array(&(Arc::new(text) as ArrayRef), &DataType::Decimal128(*p, *s))
                }
                _ => {
                    let secs: Int64Array = ns
                        .iter()
                        .map(|v| v.map(|v| split_timestamp(v, TimeUnit::Nanosecond).0))
                        .collect();
                    wrap_integers(&(Arc::new(secs) as ArrayRef), t)
                }
            }
        }
        (f, DataType::Timestamp(_, None)) if is_integer(f) || is_float(f) || matches!(f, DataType::Decimal128(..)) => {
            let secs = arrow(a, &DataType::Float64)?;
            let exact = if is_integer(f) {
                Some(arrow(a, &DataType::Int64)?)
            } else {
                None
            };
            let secs = secs.as_primitive::<Float64Type>();
            let out: TimestampNanosecondArray = (0..a.len())
                .map(|i| {
                    if a.is_null(i) {
                        return None;
                    }
                    if let Some(e) = &exact {
                        return e.as_primitive::<Int64Type>().value(i).checked_mul(1_000_000);
                    }
                    let v = secs.value(i);
                    if !v.is_finite() {
                        return None;
                    }
                    let ns = (v * 1e9).round();
                    (ns.abs() < 9.2e18).then_some(ns as i64)
                })
                .collect();
            arrow(&(Arc::new(out) as ArrayRef), to)
        }
        (f, t) if is_integer(f) && is_integer(t) => wrap_integers(a, t),
        (f, t) if is_float(f) && is_integer(t) => {
            let d = arrow(a, &DataType::Float64)?;
            let d = d.as_primitive::<Float64Type>();
            // Java's (long) saturates at the long range, (int) at the int range; byte and
            // short take the int's low bits.
            match t {
                DataType::Int64 => Ok(Arc::new(d.unary::<_, Int64Type>(|v| v as i64))),
                DataType::Int32 => Ok(Arc::new(d.unary::<_, Int32Type>(|v| v as i32))),
                DataType::Int16 => Ok(Arc::new(d.unary::<_, Int16Type>(|v| v as i32 as i16))),
                DataType::Int8 => Ok(Arc::new(d.unary::<_, Int8Type>(|v| v as i32 as i8))),
                _ => arrow(a, t),
            }
        }
        (DataType::Decimal128(_, s), t) if is_integer(t) => {
            let scale = 10i128.pow(*s as u32);
            let d = a.as_primitive::<Decimal128Type>();
            let truncated: Int64Array = d.unary(|v| (v / scale) as i64);
            wrap_integers(&(Arc::new(truncated) as ArrayRef), t)
        }
        (f, DataType::Decimal128(p, s)) if is_float(f) => {
            let d = arrow(a, &DataType::Float64)?;
            let parsed: Decimal128Array = d
                .as_primitive::<Float64Type>()
                .iter()
                .map(|v| {
                    v.filter(|v| v.is_finite())
                        .and_then(|v| parse_decimal(&java_double(v), *p, *s))
                })
                .collect();
            Ok(Arc::new(parsed.with_precision_and_scale(*p, *s)?))
        }
        (DataType::Decimal128(_, from_scale), DataType::Decimal128(p, s)) => {
            let d = a.as_primitive::<Decimal128Type>();
            let out: Decimal128Array = d
                .iter()
                .map(|v| v.and_then(|v| rescale(v, *from_scale, *p, *s)))
                .collect();
            Ok(Arc::new(out.with_precision_and_scale(*p, *s)?))
        }
        (DataType::Date32, DataType::Timestamp(_, None)) | (DataType::Timestamp(_, _), DataType::Date32) => {
            arrow(a, to)
        }
        _ => arrow(a, to),
    }
}

/// An integer array to a (narrower) integer type, keeping the low bits as Java's casts do.
fn wrap_integers(a: &ArrayRef, to: &DataType) -> Result<ArrayRef> {
    let wide = arrow(a, &DataType::Int64)?;
    let wide = wide.as_primitive::<Int64Type>();
    fn narrow<T: ArrowPrimitiveType>(wide: &Int64Array, f: fn(i64) -> T::Native) -> ArrayRef {
        Arc::new(wide.unary::<_, T>(f)) as ArrayRef
    }
    Ok(match to {
        DataType::Int64 => Arc::new(wide.clone()),
        DataType::Int32 => narrow::<Int32Type>(wide, |v| v as i32),
        DataType::Int16 => narrow::<Int16Type>(wide, |v| v as i16),
        DataType::Int8 => narrow::<Int8Type>(wide, |v| v as i8),
        other => arrow(a, other)?,
    })
}

/// Hive's text of every value (what a cast to STRING and the string functions see).
pub fn to_text(a: &ArrayRef) -> Result<ArrayRef> {
    Ok(match a.data_type() {
        DataType::Utf8 => a.clone(),
        DataType::Null => new_null_array(&DataType::Utf8, a.len()),
        t if is_text(t) || is_integer(t) => arrow(a, &DataType::Utf8)?,
        DataType::Boolean => {
            let b = a.as_boolean();
            let out: StringArray = b.iter().map(|v| v.map(|v| if v { "true" } else { "false" })).collect();
            Arc::new(out)
        }
        DataType::Float64 => texts(a.as_primitive::<Float64Type>(), |v| Some(java_double(v))),
        DataType::Float32 => texts(a.as_primitive::<Float32Type>(), |v| Some(java_float(v))),
        DataType::Decimal128(_, s) => {
            let s = *s;
            texts(a.as_primitive::<Decimal128Type>(), move |v| Some(trimmed_decimal(v, s)))
        }
        DataType::Date32 => texts(a.as_primitive::<datafusion::arrow::datatypes::Date32Type>(), date_text),
        DataType::Timestamp(_, _) => {
            let ns = arrow(a, &DataType::Timestamp(TimeUnit::Nanosecond, None))?;
            texts(
                ns.as_primitive::<datafusion::arrow::datatypes::TimestampNanosecondType>(),
                |v| {
                    let (s, n) = split_timestamp(v, TimeUnit::Nanosecond);
                    timestamp_text(s, n)
                },
            )
        }
        _ => {
            let out: StringArray = (0..a.len())
                .map(|i| crate::engine::output::value_text(a.as_ref(), i))
                .collect();
            Arc::new(out)
        }
    })
}

/// HiveDecimal.toString: the digits without trailing fraction zeros (`2.50` is `2.5`).
fn trimmed_decimal(v: i128, scale: i8) -> String {
    let text = decimal_text(v, scale);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn texts<T: ArrowPrimitiveType>(a: &PrimitiveArray<T>, f: impl Fn(T::Native) -> Option<String>) -> ArrayRef {
    let out: StringArray = a.iter().map(|v| v.and_then(&f)).collect();
    Arc::new(out)
}

/// LazyInteger/LazyLong: `[+-]digits[.digits]`, the fraction dropped; NULL past `bits`.
pub fn parse_integer(s: &str, bits: u32) -> Option<i64> {
    let s = s.trim();
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in int.bytes() {
        v = v * 10 + (b - b'0') as i128;
        if v > 1i128 << 64 {
            return None;
        }
    }
    let v = if negative { -v } else { v };
    let (min, max) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
    (min..=max).contains(&v).then_some(v as i64)
}

/// Java's `Double.parseDouble` (after trimming): digits, exponent, `NaN`, `Infinity`, and a
/// trailing `d`/`f` type letter.
pub fn parse_double(s: &str) -> Option<f64> {
    let s = s.trim();
    let unsigned = s.trim_start_matches(['+', '-']);
    if unsigned == "NaN" || unsigned == "Infinity" {
        return s.replace("Infinity", "inf").parse().ok();
    }
    let body = s.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(s);
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    body.parse().ok()
}

/// HiveDecimal's text: `[+-]digits[.digits][e[+-]digits]`, rounded HALF_UP to `scale`,
/// None when more than `precision - scale` integer digits remain.
pub fn parse_decimal(s: &str, precision: u8, scale: i8) -> Option<i128> {
    let s = s.trim();
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (negative, mantissa) = match mantissa.as_bytes().first()? {
        b'-' => (true, &mantissa[1..]),
        b'+' => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (int.is_empty() && fraction.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // digits × 10^(exponent - fraction digits)
    let digits: Vec<u8> = int.bytes().chain(fraction.bytes()).map(|b| b - b'0').collect();
    let shift = exponent - fraction.len() as i32 + scale as i32;
    let mut v: i128 = 0;
    let kept = digits.len() as i32 + shift.min(0);
    let keep = kept.max(0) as usize;
    for &d in &digits[..keep] {
        v = v.checked_mul(10)?.checked_add(d as i128)?;
    }
    if shift > 0 {
        v = v.checked_mul(10i128.checked_pow(shift as u32)?)?;
    } else if kept >= 0 && keep < digits.len() && digits[keep] >= 5 {
        v += 1;
    }
    if v >= 10i128.pow(precision as u32) {
        return None;
    }
    Some(if negative { -v } else { v })
}

/// A decimal from one scale to another, HALF_UP; None when it does not fit `precision`.
pub fn rescale(v: i128, from: i8, precision: u8, to: i8) -> Option<i128> {
    let out = if to >= from {
        v.checked_mul(10i128.checked_pow((to - from) as u32)?)?
    } else {
        let d = 10i128.pow((from - to) as u32);
        let (q, r) = (v / d, v % d);
        if r.abs() * 2 >= d {
            q + v.signum()
        } else {
            q
        }
    };
    (out.abs() < 10i128.pow(precision as u32)).then_some(out)
}

const EPOCH_DAYS_CE: i32 = 719_163;

pub fn epoch_days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_DAYS_CE
}

/// Hive 3's date text: `yyyy-MM-dd` (month and day may have one digit), anything after a
/// space ignored.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = s.split(' ').next()?;
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(y, 4) || !ok(m, 2) || !ok(d, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Hive 3's timestamp text: a date, then optionally ` ` or `T` and `HH:mm[:ss[.fffffffff]]`.
pub fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, time) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let date = parse_date(date)?;
    let Some(time) = time else {
        return Some(date.and_time(NaiveTime::MIN));
    };
    let mut parts = time.splitn(3, ':');
    let h: u32 = two_digits(parts.next()?)?;
    let m: u32 = two_digits(parts.next()?)?;
    let (sec, nanos) = match parts.next() {
        None => (0, 0),
        Some(rest) => {
            let (sec, fraction) = rest.split_once('.').unwrap_or((rest, ""));
            if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let nanos = if fraction.is_empty() {
                0
            } else {
                format!("{fraction:0<9}").parse().ok()?
            };
            (two_digits(sec)?, nanos)
        }
    };
    Some(date.and_time(NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?))
}

fn two_digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// The year, month and day of an epoch day count (for functions that take dates).
pub fn from_epoch_days(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days + EPOCH_DAYS_CE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hive_number_text() {
        assert_eq!(parse_integer("1.5", 32), Some(1));
        assert_eq!(parse_integer(" -7 ", 32), Some(-7));
        assert_eq!(parse_integer("2147483648", 32), None);
        assert_eq!(parse_integer("1e3", 32), None);
        assert_eq!(parse_integer("", 32), None);
        assert_eq!(parse_double("1.5d"), Some(1.5));
        assert_eq!(parse_double("inf"), None);
        assert_eq!(parse_decimal("1.005", 10, 2), Some(101));
        assert_eq!(parse_decimal("-1.005", 10, 2), Some(-101));
        assert_eq!(parse_decimal("1e2", 10, 0), Some(100));
        assert_eq!(parse_decimal("123", 2, 0), None);
        assert_eq!(rescale(1005, 3, 10, 2), Some(101));
        assert_eq!(rescale(-1005, 3, 10, 2), Some(-101));
        assert!(parse_timestamp("2024-01-15 10:20:30.5").is_some());
        assert!(parse_timestamp("2024-02-30").is_none());
    }
}
