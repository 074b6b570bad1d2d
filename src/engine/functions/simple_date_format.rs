//! java.text.SimpleDateFormat, as Hive's date_format, from_unixtime and unix_timestamp use
//! it (Locale US, time zone UTC, lenient parsing):
//!
//! - a letter's count is its minimum width (`d` is `5`, `dd` is `05`), except `yy` (two
//!   digits of the year), `MMM`/`MMMM` (month names), `E` (day names: 1-3 letters `Mon`,
//!   4+ `Monday`) and `a` (`AM`/`PM`);
//! - `Y` is the week year and `w` the week of the year with weeks starting on Sunday and
//!   week 1 holding January 1 (so 2024-12-29 is in week 1 of 2025);
//! - `S` is milliseconds (not a fraction), `z` `UTC`, `Z` `+0000`, `X` `Z`;
//! - text in quotes is literal (`''` is a quote); other ASCII letters are an error;
//! - parsing reads numbers greedily unless the next field is a number too, skips spaces
//!   before a field, ignores text after the pattern, and rolls over out-of-range fields
//!   (month 13 is January of the next year).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Field(char, usize),
    Literal(String),
}

const LETTERS: &str = "GyYMLwWDdFEuaHkKhmsSzZX";

/// Splits a pattern into fields and literals; an unknown letter is an error, as in Java.
fn tokens(pattern: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut literal = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                literal.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            while j < chars.len() {
                if chars[j] == '\'' {
                    if chars.get(j + 1) == Some(&'\'') {
                        literal.push('\'');
                        j += 2;
                        continue;
                    }
                    break;
                }
                literal.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() {
                return Err(format!("Unterminated quote in pattern `{pattern}`"));
            }
            i = j + 1;
            continue;
        }
        if c.is_ascii_alphabetic() {
            if !LETTERS.contains(c) {
                return Err(format!("Illegal pattern character '{c}' in `{pattern}`"));
            }
            if !literal.is_empty() {
                out.push(Token::Literal(std::mem::take(&mut literal)));
            }
            let mut n = 1;
            while chars.get(i + n) == Some(&c) {
                n += 1;
            }
            out.push(Token::Field(c, n));
            i += n;
            continue;
        }
        literal.push(c);
        i += 1;
    }
    if !literal.is_empty() {
        out.push(Token::Literal(literal));
    }
    Ok(out)
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct SimpleDateFormat {
    tokens: Vec<Token>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn pad(v: i64, width: usize) -> String {
    if v < 0 {
        format!("-{:0width$}", -v, width = width)
    } else {
        format!("{v:0width$}")
    }
}

/// Week year and week of year, weeks from Sunday, week 1 holding January 1 (Locale US).
pub fn us_week(d: NaiveDate) -> (i32, u32) {
    let sunday = d - Duration::days(d.weekday().num_days_from_sunday() as i64);
    let saturday = sunday + Duration::days(6);
    if saturday.year() > d.year() {
        return (d.year() + 1, 1);
    }
    let jan1 = NaiveDate::from_ymd_opt(d.year(), 1, 1).expect("January 1");
    let offset = jan1.weekday().num_days_from_sunday();
    (d.year(), (d.ordinal0() + offset) / 7 + 1)
}

impl SimpleDateFormat {
    pub fn new(pattern: &str) -> Result<Self, String> {
        Ok(SimpleDateFormat {
            tokens: tokens(pattern)?,
        })
    }

    pub fn format(&self, t: &NaiveDateTime) -> String {
        let mut out = String::new();
        let d = t.date();
        for token in &self.tokens {
            match token {
                Token::Literal(s) => out.push_str(s),
                Token::Field(c, n) => {
                    let n = *n;
                    let text = match c {
                        'G' => if d.year() > 0 { "AD" } else { "BC" }.to_string(),
                        'y' | 'Y' => {
                            let y = if *c == 'y' { d.year() } else { us_week(d).0 };
                            if n == 2 {
                                pad((y % 100) as i64, 2)
                            } else {
                                pad(y as i64, n)
                            }
                        }
                        'M' | 'L' => match n {
                            1 | 2 => pad(d.month() as i64, n),
                            3 => MONTHS[d.month0() as usize][..3].to_string(),
                            _ => MONTHS[d.month0() as usize].to_string(),
                        },
                        'w' => pad(us_week(d).1 as i64, n),
                        'W' => {
                            let first = d.with_day(1).expect("day 1").weekday().num_days_from_sunday();
                            pad(((d.day0() + first) / 7 + 1) as i64, n)
                        }
                        'D' => pad(d.ordinal() as i64, n),
                        'd' => pad(d.day() as i64, n),
                        'F' => pad((d.day0() / 7 + 1) as i64, n),
                        'E' => {
                            let name = DAYS[d.weekday().num_days_from_sunday() as usize];
                            if n >= 4 {
                                name.to_string()
                            } else {
                                name[..3].to_string()
                            }
                        }
                        'u' => pad(d.weekday().number_from_monday() as i64, n),
                        'a' => if t.hour() < 12 { "AM" } else { "PM" }.to_string(),
                        'H' => pad(t.hour() as i64, n),
                        'k' => pad(if t.hour() == 0 { 24 } else { t.hour() } as i64, n),
                        'K' => pad((t.hour() % 12) as i64, n),
                        'h' => pad(if t.hour() % 12 == 0 { 12 } else { t.hour() % 12 } as i64, n),
                        'm' => pad(t.minute() as i64, n),
                        's' => pad(t.second() as i64, n),
                        'S' => pad((t.nanosecond() / 1_000_000) as i64, n),
                        'z' => if n >= 4 { "Coordinated Universal Time" } else { "UTC" }.to_string(),
                        'Z' => "+0000".to_string(),
                        'X' => "Z".to_string(),
                        _ => String::new(),
                    };
                    out.push_str(&text);
                }
            }
        }
        out
    }

    /// Parses the start of `s` as `DateFormat.parse` does; None where Java throws.
    pub fn parse(&self, s: &str) -> Option<NaiveDateTime> {
        let b: Vec<char> = s.chars().collect();
        let mut i = 0usize;
        let (mut year, mut month, mut day): (i64, i64, i64) = (1970, 1, 1);
        let (mut hour, mut minute, mut second, mut millis): (i64, i64, i64, i64) = (0, 0, 0, 0);
        let mut pm: Option<bool> = None;
        let mut hour12 = false;
        let mut offset_minutes: i64 = 0;
        let mut day_of_year: Option<i64> = None;
        for (k, token) in self.tokens.iter().enumerate() {
            match token {
                Token::Literal(l) => {
                    for c in l.chars() {
                        if b.get(i) != Some(&c) {
                            return None;
                        }
                        i += 1;
                    }
                }
                Token::Field(c, n) => {
                    while matches!(b.get(i), Some(' ' | '\t')) {
                        i += 1;
                    }
                    let next_numeric = matches!(
                        self.tokens.get(k + 1),
                        Some(Token::Field(nc, nn)) if is_numeric(*nc, *nn)
                    );
                    let number = |i: &mut usize| -> Option<i64> {
                        let max = if next_numeric { *n } else { usize::MAX };
                        let start = *i;
                        let negative = b.get(*i) == Some(&'-');
                        if negative {
                            *i += 1;
                        }
                        let digits_start = *i;
                        while *i < b.len() && b[*i].is_ascii_digit() && *i - digits_start < max {
                            *i += 1;
                        }
                        if *i == digits_start {
                            *i = start;
                            return None;
                        }
                        let v: i64 = b[digits_start..*i].iter().collect::<String>().parse().ok()?;
                        Some(if negative { -v } else { v })
                    };
                    match c {
                        'y' | 'Y' => {
                            let start = i;
                            let v = number(&mut i)?;
                            // Two digits for `y`/`yy` mean a year within 80 years before and
                            // 20 after now; more digits are the year itself.
                            year = if *n <= 2 && i - start == 2 {
                                two_digit_year(v)
                            } else {
                                v
                            };
                        }
                        'M' | 'L' if *n >= 3 => month = name_index(&b, &mut i, &MONTHS)? as i64 + 1,
                        'M' | 'L' => month = number(&mut i)?,
                        'd' => day = number(&mut i)?,
                        'D' => day_of_year = Some(number(&mut i)?),
                        'H' => hour = number(&mut i)?,
                        'k' => hour = number(&mut i)? % 24,
                        'K' | 'h' => {
                            hour = number(&mut i)? % 12;
                            hour12 = true;
                        }
                        'm' => minute = number(&mut i)?,
                        's' => second = number(&mut i)?,
                        'S' => millis = number(&mut i)?,
                        'a' => pm = Some(name_index(&b, &mut i, &["AM", "PM"])? == 1),
                        'E' => {
                            name_index(&b, &mut i, &DAYS)?;
                        }
                        'u' | 'F' | 'w' | 'W' => {
                            number(&mut i)?;
                        }
                        'G' => {
                            name_index(&b, &mut i, &["BC", "AD"])?;
                        }
                        'Z' | 'X' | 'z' => offset_minutes = zone(&b, &mut i)?,
                        _ => return None,
                    }
                }
            }
        }
        if hour12 && pm == Some(true) {
            hour += 12;
        }
        let base = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, 1, 1)?;
        let date = match day_of_year {
            Some(doy) => base.checked_add_signed(Duration::days(doy - 1))?,
            None => add_months(base, month - 1)?.checked_add_signed(Duration::days(day - 1))?,
        };
        let t = date.and_hms_opt(0, 0, 0)?
            + Duration::hours(hour)
            + Duration::minutes(minute - offset_minutes)
            + Duration::seconds(second)
            + Duration::milliseconds(millis);
        Some(t)
    }
}

fn is_numeric(c: char, n: usize) -> bool {
    match c {
        'M' | 'L' => n <= 2,
        'E' | 'a' | 'G' | 'z' | 'Z' | 'X' => false,
        _ => true,
    }
}

fn add_months(d: NaiveDate, months: i64) -> Option<NaiveDate> {
    let total = d.year() as i64 * 12 + d.month0() as i64 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12) as i32, total.rem_euclid(12) as u32 + 1, 1)
}

fn two_digit_year(v: i64) -> i64 {
    let now = chrono::Utc::now().year() as i64;
    let start = now - 80;
    let century = start - start.rem_euclid(100);
    let y = century + v;
    if y < start {
        y + 100
    } else {
        y
    }
}

/// Matches one of `names` (or its first three letters) case-insensitively.
fn name_index(b: &[char], i: &mut usize, names: &[&str]) -> Option<usize> {
    let rest: String = b[*i..].iter().collect::<String>().to_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for (k, name) in names.iter().enumerate() {
        let full = name.to_lowercase();
        for candidate in [full.clone(), full.chars().take(3).collect()] {
            if rest.starts_with(&candidate) && best.is_none_or(|(_, len)| candidate.len() > len) {
                best = Some((k, candidate.chars().count()));
            }
        }
    }
    let (k, len) = best?;
    *i += len;
    Some(k)
}

/// `+hhmm`, `-hh:mm`, `Z`, `UTC`, `GMT`, `GMT+hh:mm`: minutes east of UTC.
fn zone(b: &[char], i: &mut usize) -> Option<i64> {
    let rest: String = b[*i..].iter().collect();
    for name in ["UTC", "GMT", "Z"] {
        if let Some(after) = rest.strip_prefix(name) {
            *i += name.len();
            if name == "GMT" && after.starts_with(['+', '-']) {
                return zone(b, i);
            }
            return Some(0);
        }
    }
    let sign = match b.get(*i)? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = rest[1..].chars().filter(|c| *c != ':').take(4).collect();
    if digits.len() < 2 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let consumed = rest[1..]
        .char_indices()
        .scan(0, |n, (pos, c)| {
            if c != ':' {
                *n += 1;
            }
            (*n <= digits.len()).then_some(pos + 1)
        })
        .last()
        .unwrap_or(0);
    *i += 1 + consumed;
    let h: i64 = digits[..2].parse().ok()?;
    let m: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    Some(sign * (h * 60 + m))
}

/// The weekday a `next_day` argument names (`TU`, `Tue`, `tuesday`), as Hive accepts them.
pub fn weekday_named(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    let days = [
        ("mo", "mon", "monday", Weekday::Mon),
        ("tu", "tue", "tuesday", Weekday::Tue),
        ("we", "wed", "wednesday", Weekday::Wed),
        ("th", "thu", "thursday", Weekday::Thu),
        ("fr", "fri", "friday", Weekday::Fri),
        ("sa", "sat", "saturday", Weekday::Sat),
        ("su", "sun", "sunday", Weekday::Sun),
    ];
    days.iter()
        .find(|(a, b, c, _)| s == *a || s == *b || s == *c)
        .map(|d| d.3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    fn fmt(p: &str, t: &str) -> String {
        SimpleDateFormat::new(p).unwrap().format(&at(t))
    }

    #[test]
    fn formats_as_java() {
        assert_eq!(fmt("d/M/yyyy", "2024-01-05 00:00:00"), "5/1/2024");
        assert_eq!(
            fmt("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-05 07:08:09.5"),
            "2024-01-05 07:08:09.500"
        );
        assert_eq!(fmt("YYYY-ww", "2024-12-29 00:00:00"), "2025-01");
        assert_eq!(fmt("EEE, MMM d ''yy h a", "2024-01-05 13:00:00"), "Fri, Jan 5 '24 1 PM");
        assert_eq!(fmt("EEEE MMMM Z", "2024-01-05 13:00:00"), "Friday January +0000");
        assert!(SimpleDateFormat::new("yyyy-qq").is_err());
    }

    #[test]
    fn parses_as_java() {
        let p = |pat: &str, s: &str| SimpleDateFormat::new(pat).unwrap().parse(s);
        assert_eq!(
            p("yyyy-MM-dd HH:mm:ss", "2024-01-15 10:20:30.5"),
            Some(at("2024-01-15 10:20:30"))
        );
        assert_eq!(p("yyyy-MM-dd HH:mm:ss", "2024-01-15"), None);
        assert_eq!(p("yyyyMMdd", "20240115"), Some(at("2024-01-15 00:00:00")));
        assert_eq!(p("yyyy-MM-dd", "2024-13-01"), Some(at("2025-01-01 00:00:00")));
        assert_eq!(p("dd MMM yyyy", "05 feb 2024"), Some(at("2024-02-05 00:00:00")));
        assert_eq!(
            p("yyyy-MM-dd HH:mm Z", "2024-01-15 10:20 +0100"),
            Some(at("2024-01-15 09:20:00"))
        );
    }
}
