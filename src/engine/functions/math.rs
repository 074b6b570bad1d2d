//! Arithmetic as Hive types it: `/` (a DOUBLE, or a DECIMAL when both sides are exact, NULL
//! for a zero divisor), `DIV` (BIGINT), text operands read as DOUBLE (`'3' + 1` is 4.0),
//! `pmod`, `round`/`bround` (HALF_UP/HALF_EVEN on the decimal text, so `round(1.005, 2)` is
//! 1.01), `floor`/`ceil` (BIGINT for numbers, scale 0 for decimals).

use super::casts::{cast_array, rescale};
use super::{function, int64, make, Arity, Call};
use crate::engine::output::java_double;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Decimal128Array, Float64Array, Int64Array};
use datafusion::arrow::datatypes::{DataType, Decimal128Type, Float64Type, Int64Type};
use datafusion::common::{exec_err, plan_err, Result, ScalarValue};
use datafusion::logical_expr::simplify::ExprSimplifyResult;
use datafusion::logical_expr::{Expr, ScalarUDF};
use std::sync::Arc;

/// Wraps each operand of `+ - * %`: text becomes DOUBLE, anything else stays as it is.
pub const NUMERIC: &str = "pdm_numeric";
/// `a / b`.
pub const DIVIDE: &str = "pdm_divide";
/// `a DIV b`.
pub const INTEGER_DIVIDE: &str = "pdm_div";

pub fn functions() -> Vec<ScalarUDF> {
    vec![
        make(
            NUMERIC,
            Arity::Exactly(&[1]),
            numeric_type,
            numeric,
            Some(simplify_numeric),
        ),
        function(DIVIDE, &[2], divide_type, divide),
        function(INTEGER_DIVIDE, &[2], int64, integer_divide),
        function("pmod", &[2], pmod_type, pmod),
        function("round", &[1, 2], round_type, round),
        function("bround", &[1, 2], round_type, bround),
        function("floor", &[1], floor_type, floor),
        function("ceil", &[1], floor_type, ceil),
        function("ceiling", &[1], floor_type, ceil),
    ]
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn numeric_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(if is_text(&t[0]) {
        DataType::Float64
    } else {
        t[0].clone()
    })
}

fn numeric(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    cast_array(&args[0], call.returns)
}

fn simplify_numeric(mut args: Vec<Expr>, types: &[DataType]) -> Result<ExprSimplifyResult> {
    if is_text(&types[0]) {
        Ok(ExprSimplifyResult::Original(args))
    } else {
        Ok(ExprSimplifyResult::Simplified(args.swap_remove(0)))
    }
}

/// The decimal type an exact operand counts as (Hive: INT is DECIMAL(10,0), ...).
fn as_decimal(t: &DataType) -> Option<(u8, i8)> {
    Some(match t {
        DataType::Decimal128(p, s) => (*p, *s),
        DataType::Int8 => (3, 0),
        DataType::Int16 => (5, 0),
        DataType::Int32 => (10, 0),
        DataType::Int64 => (19, 0),
        _ => return None,
    })
}

/// GenericUDFBaseNumeric.adjustPrecScale: past 38 digits, keep the integer digits and at
/// least 6 (or the original scale) fraction digits.
fn adjust(precision: i32, scale: i32) -> DataType {
    if precision <= 38 {
        return DataType::Decimal128(precision as u8, scale as i8);
    }
    let int_digits = precision - scale;
    let scale = (38 - int_digits).max(scale.min(6));
    DataType::Decimal128(38, scale as i8)
}

fn divide_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    let decimal = matches!(t[0], DataType::Decimal128(..)) || matches!(t[1], DataType::Decimal128(..));
    match (as_decimal(&t[0]), as_decimal(&t[1])) {
        (Some((p1, s1)), Some((p2, s2))) if decimal => {
            // GenericUDFOPDivide: scale max(6, s1 + p2 + 1), integer digits p1 - s1 + s2.
            let (p1, s1, p2, s2) = (p1 as i32, s1 as i32, p2 as i32, s2 as i32);
            let scale = 6.max(s1 + p2 + 1);
            Ok(adjust(p1 - s1 + s2 + scale, scale))
        }
        _ => Ok(DataType::Float64),
    }
}

fn divide(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    if let DataType::Decimal128(_, scale) = call.returns {
        let scale = *scale;
        let operand = |a: &ArrayRef| -> Result<(Decimal128Array, i8)> {
            let (p, s) = as_decimal(a.data_type()).unwrap_or((38, 0));
            let d = cast_array(a, &DataType::Decimal128(p, s))?;
            Ok((d.as_primitive::<Decimal128Type>().clone(), s))
        };
        let ((a, sa), (b, sb)) = (operand(&args[0])?, operand(&args[1])?);
        let out: Decimal128Array = (0..call.rows)
            .map(|i| {
                let (ia, ib) = (super::row(a.len(), i), super::row(b.len(), i));
                if a.is_null(ia) || b.is_null(ib) || b.value(ib) == 0 {
                    return None;
                }
                // a / b at `scale`: a × 10^(scale - sa + sb) / b, HALF_UP.
                let shift = scale as i32 - sa as i32 + sb as i32;
                let num = if shift >= 0 {
                    a.value(ia).checked_mul(10i128.checked_pow(shift as u32 + 1)?)?
                } else {
                    a.value(ia) * 10 / 10i128.checked_pow((-shift) as u32)?
                };
                let q = num / b.value(ib);
                Some((q + q.signum() * 5) / 10)
            })
            .collect();
        let DataType::Decimal128(p, s) = call.returns else {
            unreachable!()
        };
        return Ok(Arc::new(out.with_precision_and_scale(*p, *s)?));
    }
    let a = cast_array(&args[0], &DataType::Float64)?;
    let b = cast_array(&args[1], &DataType::Float64)?;
    let (a, b) = (a.as_primitive::<Float64Type>(), b.as_primitive::<Float64Type>());
    let out: Float64Array = (0..call.rows)
        .map(|i| {
            let (ia, ib) = (super::row(a.len(), i), super::row(b.len(), i));
            if a.is_null(ia) || b.is_null(ib) || b.value(ib) == 0.0 {
                None
            } else {
                Some(a.value(ia) / b.value(ib))
            }
        })
        .collect();
    Ok(Arc::new(out))
}

fn integer_divide(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let a = cast_array(&args[0], &DataType::Int64)?;
    let b = cast_array(&args[1], &DataType::Int64)?;
    let (a, b) = (a.as_primitive::<Int64Type>(), b.as_primitive::<Int64Type>());
    let out: Int64Array = (0..call.rows)
        .map(|i| {
            let (ia, ib) = (super::row(a.len(), i), super::row(b.len(), i));
            if a.is_null(ia) || b.is_null(ib) || b.value(ib) == 0 {
                None
            } else {
                Some(a.value(ia).wrapping_div(b.value(ib)))
            }
        })
        .collect();
    Ok(Arc::new(out))
}

fn pmod_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    let int_rank = |t: &DataType| match t {
        DataType::Int8 => Some(1),
        DataType::Int16 => Some(2),
        DataType::Int32 => Some(3),
        DataType::Int64 => Some(4),
        DataType::Null => Some(0),
        _ => None,
    };
    if let (Some(a), Some(b)) = (int_rank(&t[0]), int_rank(&t[1])) {
        return Ok(match a.max(b) {
            0..=3 => DataType::Int32,
            _ => DataType::Int64,
        });
    }
    if t.iter().any(|t| matches!(t, DataType::Decimal128(..))) {
        return plan_err!("pmod of a DECIMAL: not supported by the local engine");
    }
    Ok(DataType::Float64)
}

fn pmod(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    if call.returns == &DataType::Float64 {
        let a = cast_array(&args[0], &DataType::Float64)?;
        let b = cast_array(&args[1], &DataType::Float64)?;
        let (a, b) = (a.as_primitive::<Float64Type>(), b.as_primitive::<Float64Type>());
        let out: Float64Array = (0..call.rows)
            .map(|i| {
                let (x, n) = (super::float_at(a, i)?, super::float_at(b, i).filter(|n| *n != 0.0)?);
                Some(((x % n) + n) % n)
            })
            .collect();
        return Ok(Arc::new(out));
    }
    let a = cast_array(&args[0], &DataType::Int64)?;
    let b = cast_array(&args[1], &DataType::Int64)?;
    let (a, b) = (a.as_primitive::<Int64Type>(), b.as_primitive::<Int64Type>());
    let int32 = call.returns == &DataType::Int32;
    let out: Int64Array = (0..call.rows)
        .map(|i| {
            let (x, n) = (super::int_at(a, i)?, super::int_at(b, i).filter(|n| *n != 0)?);
            // Java's int arithmetic wraps, as Hive's pmod does.
            Some(if int32 {
                let (x, n) = (x as i32, n as i32);
                (x.wrapping_rem(n).wrapping_add(n)).wrapping_rem(n) as i64
            } else {
                (x.wrapping_rem(n).wrapping_add(n)).wrapping_rem(n)
            })
        })
        .collect();
    cast_array(&(Arc::new(out) as ArrayRef), call.returns)
}

/// The scale argument (a literal in Hive), 0 when absent.
fn scale_arg(scalars: &[Option<&ScalarValue>]) -> Result<i32> {
    match scalars.get(1).copied().flatten() {
        None => Ok(0),
        Some(v) => match v.cast_to(&DataType::Int64) {
            Ok(ScalarValue::Int64(Some(n))) => Ok(n as i32),
            _ => plan_err!("round: the scale must be an integer literal"),
        },
    }
}

fn round_type(t: &[DataType], scalars: &[Option<&ScalarValue>]) -> Result<DataType> {
    if t.len() == 2 && scalars.get(1).copied().flatten().is_none() {
        return plan_err!("round/bround: the scale must be a constant");
    }
    let d = scale_arg(scalars)?;
    Ok(match &t[0] {
        DataType::Decimal128(p, s) => {
            // GenericUDFRound: one more integer digit when digits are dropped.
            // GenericUDFRound: the requested scale (at least 0), one more integer digit.
            let (p, s) = (*p as i32, *s as i32);
            let scale = d.max(0);
            DataType::Decimal128((p - s + 1 + scale).clamp(1, 38) as u8, scale as i8)
        }
        t @ (DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64) => t.clone(),
        DataType::Float32 => DataType::Float32,
        _ => DataType::Float64,
    })
}

fn round(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    rounded(args, call, false)
}

fn bround(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    rounded(args, call, true)
}

fn rounded(args: &[ArrayRef], call: &Call, half_even: bool) -> Result<ArrayRef> {
    let d = match args.get(1) {
        None => 0,
        Some(a) => {
            let a = cast_array(a, &DataType::Int64)?;
            let a = a.as_primitive::<Int64Type>();
            if a.is_null(0) {
                return Ok(datafusion::arrow::array::new_null_array(call.returns, call.rows));
            }
            a.value(0) as i32
        }
    };
    match call.returns {
        DataType::Decimal128(p, s) => {
            let DataType::Decimal128(_, from) = args[0].data_type() else {
                return exec_err!("round: decimal input expected");
            };
            let input = args[0].as_primitive::<Decimal128Type>();
            let out: Decimal128Array = input
                .iter()
                .map(|v| {
                    let v = v?;
                    // Round at `d` (which may be below 0), then express at the result's scale.
                    let drop = *from as i32 - d;
                    let (rounded, scale) = if drop > 0 {
                        (round_unscaled(v, drop, half_even), d)
                    } else {
                        (v, *from as i32)
                    };
                    rescale(rounded, scale.clamp(-38, 38) as i8, *p, *s)
                })
                .collect();
            Ok(Arc::new(out.with_precision_and_scale(*p, *s)?))
        }
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => {
            if d >= 0 {
                return Ok(args[0].clone());
            }
            let a = cast_array(&args[0], &DataType::Int64)?;
            let out: Int64Array = a
                .as_primitive::<Int64Type>()
                .iter()
                .map(|v| v.map(|v| (round_unscaled(v as i128, -d, half_even) * 10i128.pow((-d) as u32)) as i64))
                .collect();
            cast_array(&(Arc::new(out) as ArrayRef), call.returns)
        }
        t => {
            let a = cast_array(&args[0], &DataType::Float64)?;
            let out: Float64Array = a
                .as_primitive::<Float64Type>()
                .iter()
                .map(|v| v.map(|v| round_double(v, d, half_even)))
                .collect();
            cast_array(&(Arc::new(out) as ArrayRef), t)
        }
    }
}

/// Drops `digits` decimal digits of an unscaled value, rounding HALF_UP or HALF_EVEN.
fn round_unscaled(v: i128, digits: i32, half_even: bool) -> i128 {
    if digits <= 0 {
        return v;
    }
    let Some(d) = 10i128.checked_pow(digits as u32) else {
        return 0;
    };
    let (q, r) = (v / d, (v % d).abs());
    let up = if half_even {
        r * 2 > d || (r * 2 == d && q % 2 != 0)
    } else {
        r * 2 >= d
    };
    if up {
        q + if v < 0 { -1 } else { 1 }
    } else {
        q
    }
}

/// RoundUtils: `BigDecimal.valueOf(x).setScale(d, mode).doubleValue()`, i.e. rounding the
/// double's shortest decimal text.
fn round_double(x: f64, d: i32, half_even: bool) -> f64 {
    if !x.is_finite() || x.abs() >= 1e17 {
        return x;
    }
    let text = java_double(x);
    let (mantissa, exponent) = match text.split_once('E') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().unwrap_or(0)),
        None => (text.clone(), 0),
    };
    let negative = mantissa.starts_with('-');
    let (int, fraction) = mantissa
        .trim_start_matches('-')
        .split_once('.')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or((mantissa.clone(), String::new()));
    let digits = format!("{int}{fraction}");
    let unscaled: i128 = digits.parse().unwrap_or(0);
    // value = unscaled × 10^(exponent - fraction digits)
    let scale = fraction.len() as i32 - exponent;
    let rounded = if scale > d {
        round_unscaled(unscaled, scale - d, half_even)
    } else {
        return x;
    };
    let rounded = if negative { -rounded } else { rounded };
    format!("{rounded}e{}", -d).parse().unwrap_or(x)
}

fn floor_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(match &t[0] {
        DataType::Decimal128(p, s) => DataType::Decimal128((*p as i32 - *s as i32 + 1).clamp(1, 38) as u8, 0),
        _ => DataType::Int64,
    })
}

fn floor(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    floor_or_ceil(args, call, f64::floor, |q, r| if r < 0 { q - 1 } else { q })
}

fn ceil(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    floor_or_ceil(args, call, f64::ceil, |q, r| if r > 0 { q + 1 } else { q })
}

fn floor_or_ceil(args: &[ArrayRef], call: &Call, f: fn(f64) -> f64, exact: fn(i128, i128) -> i128) -> Result<ArrayRef> {
    if let (DataType::Decimal128(_, s), DataType::Decimal128(p, _)) = (args[0].data_type(), call.returns) {
        let d = 10i128.pow(*s as u32);
        let out: Decimal128Array = args[0]
            .as_primitive::<Decimal128Type>()
            .iter()
            .map(|v| v.map(|v| exact(v / d, v % d)))
            .collect();
        return Ok(Arc::new(out.with_precision_and_scale(*p, 0)?));
    }
    if matches!(
        args[0].data_type(),
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64
    ) {
        return cast_array(&args[0], &DataType::Int64);
    }
    let a = cast_array(&args[0], &DataType::Float64)?;
    let out: Int64Array = a
        .as_primitive::<Float64Type>()
        .iter()
        .map(|v| v.map(|v| f(v) as i64))
        .collect();
    Ok(Arc::new(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_follows_bigdecimal() {
        assert_eq!(round_double(1.005, 2, false), 1.01);
        assert_eq!(round_double(2.5, 0, false), 3.0);
        assert_eq!(round_double(2.5, 0, true), 2.0);
        assert_eq!(round_double(-2.5, 0, false), -3.0);
        assert_eq!(round_double(1234.5, -2, false), 1200.0);
        assert_eq!(round_unscaled(25, 1, true), 2);
        assert_eq!(round_unscaled(35, 1, true), 4);
        assert_eq!(round_unscaled(-25, 1, false), -3);
    }
}
