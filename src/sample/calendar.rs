//! Dates of the sample: days and milliseconds since 1970-01-01 (UTC), through chrono.

use super::rng::Rng;
use super::AS_AT;
use chrono::{DateTime, Months, NaiveDate, TimeDelta};

pub(super) const DAY_MS: i64 = 86_400_000;

fn epoch() -> NaiveDate {
    DateTime::UNIX_EPOCH.date_naive()
}

fn day(date: NaiveDate) -> i64 {
    date.signed_duration_since(epoch()).num_days()
}

fn civil(day: i64) -> NaiveDate {
    epoch() + TimeDelta::days(day)
}

pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    day(NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).expect("a calendar day"))
}

/// The same day of the month `k` months later, clamped to the month's length.
pub(super) fn add_months(day_number: i64, k: i64) -> i64 {
    let date = civil(day_number);
    let moved = if k >= 0 {
        date.checked_add_months(Months::new(k as u32))
    } else {
        date.checked_sub_months(Months::new(k.unsigned_abs() as u32))
    };
    day(moved.expect("within chrono's range"))
}

/// The day of the month, 1 to 31.
pub(super) fn day_of_month(day: i64) -> u32 {
    chrono::Datelike::day(&civil(day))
}

pub(super) fn date(day: i64) -> String {
    civil(day).format("%Y-%m-%d").to_string()
}

/// `yyyy-MM-ddTHH:mm:ss.SSS+0000`, the ADG timestamp format.
pub(super) fn ts(ms: i64) -> String {
    let t = DateTime::from_timestamp_millis(ms).expect("within chrono's range");
    t.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string()
}

/// `yyyy-MM-dd HH:mm:ss`, the Crown export's format.
pub(super) fn crown_ts(ms: i64) -> String {
    ts(ms)[..19].replace('T', " ")
}

/// A time during office hours on `day`.
pub(super) fn at_work(r: &mut Rng, day: i64) -> i64 {
    day * DAY_MS + r.range(8 * 3600, 18 * 3600) * 1000 + r.range(0, 1000)
}

/// A time during office hours `lo..hi` days before `day`.
pub(super) fn recent(r: &mut Rng, day: i64, lo: i64, hi: i64) -> i64 {
    let d = day - r.range(lo, hi);
    at_work(r, d)
}

pub(super) fn as_at() -> i64 {
    days_from_civil(AS_AT.0, AS_AT.1, AS_AT.2)
}

/// The `_lastModifiedDateTime` of older version `j` (1-based) of `n`, between created and latest.
pub(super) fn older_ts(created: i64, latest: i64, j: usize, n: usize) -> i64 {
    latest - (latest - created) * j as i64 / (n as i64 + 1)
}
