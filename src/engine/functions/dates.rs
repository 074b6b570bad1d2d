//! Date and time functions as Hive 3.1 defines them. Times are UTC: Hive 3 timestamps are
//! local date-times without a zone, and the cluster's zone is UTC. Text is read as Hive 3
//! reads dates (`yyyy-MM-dd`) and timestamps (`yyyy-MM-dd[ HH:mm[:ss[.f]]]`); patterns are
//! Java's (see `simple_date_format`). Functions Hive 3.1 types as STRING (`add_months`,
//! `last_day`, `next_day`, `trunc`) give strings; `date_add`/`date_sub` give DATEs.

use super::casts::{epoch_days, from_epoch_days, parse_date, parse_timestamp};
use super::simple_date_format::{weekday_named, SimpleDateFormat};
use super::{date32, float64, function, int32, int64, int_args, int_at, str_at, string_args, utf8, Call};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Date32Array, Float64Array, Int32Array, Int64Array, StringArray, TimestampNanosecondArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{exec_err, Result, ScalarValue};
use datafusion::logical_expr::ScalarUDF;
use std::collections::HashMap;
use std::sync::Arc;

pub fn functions() -> Vec<ScalarUDF> {
    vec![
        function("to_date", &[1], date32, to_date),
        function("datediff", &[2], int32, datediff),
        function("date_add", &[2], date32, date_add),
        function("date_sub", &[2], date32, date_sub),
        function("add_months", &[2], utf8, add_months),
        function("last_day", &[1], utf8, last_day),
        function("months_between", &[2, 3], float64, months_between),
        function("weekofyear", &[1], int32, weekofyear),
        function("dayofweek", &[1], int32, dayofweek),
        function("next_day", &[2], utf8, next_day),
        function("from_utc_timestamp", &[2], timestamp, from_utc_timestamp),
        function("to_utc_timestamp", &[2], timestamp, to_utc_timestamp),
        function("trunc", &[2], utf8, trunc),
        function("date_format", &[2], utf8, date_format),
        function("unix_timestamp", &[1, 2], int64, unix_timestamp),
        function("to_unix_timestamp", &[1, 2], int64, unix_timestamp),
        function("from_unixtime", &[1, 2], utf8, from_unixtime),
        function("year", &[1], int32, year),
        function("quarter", &[1], int32, quarter),
        function("month", &[1], int32, month),
        function("day", &[1], int32, day),
        function("dayofmonth", &[1], int32, day),
        function("hour", &[1], int32, hour),
        function("minute", &[1], int32, minute),
        function("second", &[1], int32, second),
    ]
}

fn timestamp(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(DataType::Timestamp(TimeUnit::Nanosecond, None))
}

fn date_time(t: &NaiveDateTime) -> Option<i64> {
    t.and_utc().timestamp_nanos_opt()
}

/// Timestamps as Hive reads them: TIMESTAMP, DATE or text.
fn timestamps(a: &ArrayRef) -> Result<Vec<Option<NaiveDateTime>>> {
    Ok(match a.data_type() {
        DataType::Timestamp(_, _) | DataType::Date32 | DataType::Date64 => {
            let t = cast(a, &DataType::Timestamp(TimeUnit::Nanosecond, None))?;
            let t = t.as_primitive::<datafusion::arrow::datatypes::TimestampNanosecondType>();
            t.iter()
                .map(|v| v.map(|v| DateTime::from_timestamp_nanos(v).naive_utc()))
                .collect()
        }
        DataType::Null => vec![None; a.len()],
        _ => string_args(std::slice::from_ref(a))?[0]
            .iter()
            .map(|v| v.and_then(parse_timestamp))
            .collect(),
    })
}

/// Dates as Hive's date functions read them: a DATE, a TIMESTAMP's day, or text that is a
/// date (10 characters) or a timestamp.
fn dates(a: &ArrayRef) -> Result<Vec<Option<NaiveDate>>> {
    Ok(match a.data_type() {
        DataType::Date32 => a
            .as_primitive::<datafusion::arrow::datatypes::Date32Type>()
            .iter()
            .map(|v| v.and_then(from_epoch_days))
            .collect(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => string_args(std::slice::from_ref(a))?[0]
            .iter()
            .map(|v| {
                let v = v?.trim();
                if v.len() == 10 {
                    parse_date(v)
                } else {
                    parse_timestamp(v).map(|t| t.date())
                }
            })
            .collect(),
        _ => timestamps(a)?.into_iter().map(|t| t.map(|t| t.date())).collect(),
    })
}

fn at<T: Copy>(v: &[Option<T>], i: usize) -> Option<T> {
    if v.len() == 1 {
        v[0]
    } else {
        v.get(i).copied().flatten()
    }
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn to_date(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    Ok(Arc::new(
        (0..call.rows)
            .map(|i| at(&d, i).map(epoch_days))
            .collect::<Date32Array>(),
    ))
}

fn datediff(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let (end, start) = (dates(&args[0])?, dates(&args[1])?);
    let out: Int32Array = (0..call.rows)
        .map(|i| Some(epoch_days(at(&end, i)?) - epoch_days(at(&start, i)?)))
        .collect();
    Ok(Arc::new(out))
}

fn shift_days(args: &[ArrayRef], rows: usize, sign: i64) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    let n = int_args(&args[1..])?;
    let out: Date32Array = (0..rows)
        .map(|i| {
            let shifted = at(&d, i)?.checked_add_signed(Duration::days(sign * int_at(&n[0], i)?))?;
            Some(epoch_days(shifted))
        })
        .collect();
    Ok(Arc::new(out))
}

fn date_add(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    shift_days(args, call.rows, 1)
}

fn date_sub(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    shift_days(args, call.rows, -1)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("first of month") - Duration::days(1)
}

/// GenericUDFAddMonths: the same day n months on; the last day of the month when the start
/// is a month's last day or the day does not exist in the target month.
fn add_months(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    let n = int_args(&args[1..])?;
    let out: StringArray = (0..call.rows)
        .map(|i| {
            let d = at(&d, i)?;
            let n = int_at(&n[0], i)?;
            let total = d.year() as i64 * 12 + d.month0() as i64 + n;
            let first = NaiveDate::from_ymd_opt(total.div_euclid(12) as i32, total.rem_euclid(12) as u32 + 1, 1)?;
            let last = last_of_month(first);
            let day = if d == last_of_month(d) {
                last.day()
            } else {
                d.day().min(last.day())
            };
            Some(date_text(first.with_day(day)?))
        })
        .collect();
    Ok(Arc::new(out))
}

fn last_day(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    let out: StringArray = (0..call.rows)
        .map(|i| Some(date_text(last_of_month(at(&d, i)?))))
        .collect();
    Ok(Arc::new(out))
}

/// GenericUDFMonthsBetween: whole months when both days are equal or both are month ends,
/// else the difference of the day-and-time parts over 31 days; rounded to 8 places HALF_UP
/// unless the third argument is false.
fn months_between(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let (a, b) = (timestamps(&args[0])?, timestamps(&args[1])?);
    let round = match args.get(2) {
        Some(r) => {
            let r = cast(r, &DataType::Boolean)?;
            let r = r.as_boolean();
            r.is_null(0) || r.value(0)
        }
        None => true,
    };
    let out: Float64Array = (0..call.rows)
        .map(|i| {
            let (x, y) = (at(&a, i)?, at(&b, i)?);
            let months = (x.year() as i64 - y.year() as i64) * 12 + (x.month() as i64 - y.month() as i64);
            let ends = x.date() == last_of_month(x.date()) && y.date() == last_of_month(y.date());
            if x.day() == y.day() || ends {
                return Some(months as f64);
            }
            let part = |t: NaiveDateTime| (t.day() as i64 - 1) * 86400 + t.num_seconds_from_midnight() as i64;
            let v = months as f64 + (part(x) - part(y)) as f64 / 2_678_400.0;
            Some(if round { round_half_up(v, 8) } else { v })
        })
        .collect();
    Ok(Arc::new(out))
}

/// `BigDecimal.valueOf(v).setScale(places, HALF_UP).doubleValue()`.
fn round_half_up(v: f64, places: u32) -> f64 {
    let text = crate::engine::output::java_double(v);
    match super::casts::parse_decimal(&text, 38, places as i8) {
        Some(unscaled) => format!("{unscaled}e-{places}").parse().unwrap_or(v),
        None => v,
    }
}

fn weekofyear(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    let out: Int32Array = (0..call.rows)
        .map(|i| Some(at(&d, i)?.iso_week().week() as i32))
        .collect();
    Ok(Arc::new(out))
}

fn dayofweek(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    let out: Int32Array = (0..call.rows)
        .map(|i| Some(at(&d, i)?.weekday().number_from_sunday() as i32))
        .collect();
    Ok(Arc::new(out))
}

fn next_day(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let d = dates(&args[0])?;
    let names = string_args(&args[1..])?;
    let out: StringArray = (0..call.rows)
        .map(|i| {
            let d = at(&d, i)?;
            let target = weekday_named(str_at(&names[0], i)?)?;
            let ahead = (7 + target.num_days_from_sunday() as i64 - d.weekday().num_days_from_sunday() as i64) % 7;
            Some(date_text(d + Duration::days(if ahead == 0 { 7 } else { ahead })))
        })
        .collect();
    Ok(Arc::new(out))
}

/// java.util.TimeZone.getTimeZone: a zone id, `UTC`/`GMT`, or `GMT±hh[:mm]`; anything else is
/// GMT (Java does not fail on an unknown zone).
fn zone_offset(name: &str, utc: Option<NaiveDateTime>, local: Option<NaiveDateTime>) -> i64 {
    if let Some(rest) = name.strip_prefix("GMT").filter(|r| r.starts_with(['+', '-'])) {
        let sign = if rest.starts_with('-') { -1 } else { 1 };
        let body = &rest[1..];
        let (h, m) = match body.split_once(':') {
            Some((h, m)) => (h.parse::<i64>().ok(), m.parse::<i64>().ok()),
            None if body.len() > 2 => (body[..body.len() - 2].parse().ok(), body[body.len() - 2..].parse().ok()),
            None => (body.parse().ok(), Some(0)),
        };
        return match (h, m) {
            (Some(h), Some(m)) if h <= 23 && m <= 59 => sign * (h * 3600 + m * 60),
            _ => 0,
        };
    }
    let Ok(tz) = name.parse::<chrono_tz::Tz>() else {
        return 0;
    };
    if let Some(u) = utc {
        return tz.offset_from_utc_datetime(&u).fix().local_minus_utc() as i64;
    }
    let Some(l) = local else { return 0 };
    match tz.offset_from_local_datetime(&l) {
        chrono::LocalResult::Single(o) => o.fix().local_minus_utc() as i64,
        chrono::LocalResult::Ambiguous(earlier, _) => earlier.fix().local_minus_utc() as i64,
        // In a gap Java moves the time on by the gap: use the offset from before it.
        chrono::LocalResult::None => tz
            .offset_from_utc_datetime(&(l - Duration::hours(3)))
            .fix()
            .local_minus_utc() as i64,
    }
}

fn shift_zone(args: &[ArrayRef], rows: usize, from_utc: bool) -> Result<ArrayRef> {
    let t = timestamps(&args[0])?;
    let zones = string_args(&args[1..])?;
    let out: TimestampNanosecondArray = (0..rows)
        .map(|i| {
            let t = at(&t, i)?;
            let zone = str_at(&zones[0], i)?;
            let shifted = if from_utc {
                t + Duration::seconds(zone_offset(zone, Some(t), None))
            } else {
                t - Duration::seconds(zone_offset(zone, None, Some(t)))
            };
            date_time(&shifted)
        })
        .collect();
    Ok(Arc::new(out))
}

fn from_utc_timestamp(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    shift_zone(args, call.rows, true)
}

fn to_utc_timestamp(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    shift_zone(args, call.rows, false)
}

/// GenericUDFTrunc on dates: MONTH/MON/MM, QUARTER/Q, YEAR/YYYY/YY, upper case only (Hive
/// compares them as written); other units give NULL.
fn trunc(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    if args[0].data_type().is_numeric() {
        return exec_err!("trunc of a number: not supported by the local engine (trunc of dates is)");
    }
    let d = dates(&args[0])?;
    let units = string_args(&args[1..])?;
    let out: StringArray = (0..call.rows)
        .map(|i| {
            let d = at(&d, i)?;
            let month = match str_at(&units[0], i)? {
                "MONTH" | "MON" | "MM" => d.month(),
                "QUARTER" | "Q" => (d.month0() / 3) * 3 + 1,
                "YEAR" | "YYYY" | "YY" => 1,
                _ => return None,
            };
            Some(date_text(NaiveDate::from_ymd_opt(d.year(), month, 1)?))
        })
        .collect();
    Ok(Arc::new(out))
}

/// Compiled patterns of one call; an invalid pattern is an error, as in Hive.
struct Patterns(HashMap<String, SimpleDateFormat>);

impl Patterns {
    fn get(&mut self, p: &str) -> Result<&SimpleDateFormat> {
        if !self.0.contains_key(p) {
            match SimpleDateFormat::new(p) {
                Ok(f) => {
                    self.0.insert(p.to_string(), f);
                }
                Err(e) => return exec_err!("{e}"),
            }
        }
        Ok(&self.0[p])
    }
}

fn date_format(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let t = timestamps(&args[0])?;
    let fmt = string_args(&args[1..])?;
    let mut patterns = Patterns(HashMap::new());
    let mut out = Vec::with_capacity(call.rows);
    for i in 0..call.rows {
        let (Some(t), Some(f)) = (at(&t, i), str_at(&fmt[0], i)) else {
            out.push(None);
            continue;
        };
        out.push(Some(patterns.get(f)?.format(&t)));
    }
    Ok(Arc::new(StringArray::from(out)))
}

const DEFAULT_PATTERN: &str = "yyyy-MM-dd HH:mm:ss";

/// Seconds since the epoch: of a TIMESTAMP or DATE, or of text read with the pattern
/// (default `yyyy-MM-dd HH:mm:ss`, so a date alone is NULL).
fn unix_timestamp(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let is_text = matches!(
        args[0].data_type(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    );
    if !is_text && args.len() == 1 {
        let t = timestamps(&args[0])?;
        let out: Int64Array = (0..call.rows)
            .map(|i| at(&t, i).map(|t| t.and_utc().timestamp()))
            .collect();
        return Ok(Arc::new(out));
    }
    let s = string_args(&args[..1])?;
    let fmt = if args.len() == 2 {
        Some(string_args(&args[1..])?.remove(0))
    } else {
        None
    };
    let mut patterns = Patterns(HashMap::new());
    let mut out = Vec::with_capacity(call.rows);
    for i in 0..call.rows {
        let pattern = match &fmt {
            Some(f) => str_at(f, i),
            None => Some(DEFAULT_PATTERN),
        };
        let (Some(s), Some(p)) = (str_at(&s[0], i), pattern) else {
            out.push(None);
            continue;
        };
        out.push(patterns.get(p)?.parse(s).map(|t| t.and_utc().timestamp()));
    }
    Ok(Arc::new(Int64Array::from(out)))
}

fn from_unixtime(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let secs = int_args(&args[..1])?;
    let fmt = if args.len() == 2 {
        Some(string_args(&args[1..])?.remove(0))
    } else {
        None
    };
    let mut patterns = Patterns(HashMap::new());
    let mut out = Vec::with_capacity(call.rows);
    for i in 0..call.rows {
        let pattern = match &fmt {
            Some(f) => str_at(f, i),
            None => Some(DEFAULT_PATTERN),
        };
        let t = int_at(&secs[0], i)
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(|t| t.naive_utc());
        let (Some(t), Some(p)) = (t, pattern) else {
            out.push(None);
            continue;
        };
        out.push(Some(patterns.get(p)?.format(&t)));
    }
    Ok(Arc::new(StringArray::from(out)))
}

fn part(args: &[ArrayRef], rows: usize, f: fn(&NaiveDateTime) -> i32) -> Result<ArrayRef> {
    let t = match args[0].data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => dates_or_times(&args[0])?,
        _ => timestamps(&args[0])?,
    };
    let out: Int32Array = (0..rows).map(|i| at(&t, i).map(|t| f(&t))).collect();
    Ok(Arc::new(out))
}

/// Text read as a timestamp, or as a date at midnight.
fn dates_or_times(a: &ArrayRef) -> Result<Vec<Option<NaiveDateTime>>> {
    Ok(string_args(std::slice::from_ref(a))?[0]
        .iter()
        .map(|v| {
            let v = v?;
            parse_timestamp(v).or_else(|| parse_date(v).map(|d| d.and_time(NaiveTime::MIN)))
        })
        .collect())
}

fn year(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    part(args, call.rows, |t| t.year())
}
fn quarter(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    part(args, call.rows, |t| (t.month0() / 3 + 1) as i32)
}
fn month(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    part(args, call.rows, |t| t.month() as i32)
}
fn day(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    part(args, call.rows, |t| t.day() as i32)
}
fn hour(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    part(args, call.rows, |t| t.hour() as i32)
}
fn minute(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    part(args, call.rows, |t| t.minute() as i32)
}
fn second(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    part(args, call.rows, |t| t.second() as i32)
}
