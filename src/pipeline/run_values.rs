//! Run-level values (export date, S3 prefix, snapshot type, correlation id, local data folder)
//! and the resolution of an environment's variables with them.
//!
//! Every value is checked against a strict pattern before it can reach a template, a path or an
//! EMR step argument: nothing that could close a quote, end a statement, start a `${...}` or
//! `{{ }}` expansion, add a line or climb out of a folder gets through.

use crate::error::{Error, Result};
use crate::pipeline::{Environment, IMPLICIT_VARIABLES};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunValues {
    /// `YYYY-MM-DD`.
    pub export_date: String,
    /// Overrides the `s3_prefix` variable of pipelines.yaml when given.
    pub s3_prefix: Option<String>,
    /// `full` or `incremental`.
    pub snapshot_type: String,
    pub correlation_id: Option<String>,
    /// Local data folder (the `local` environment's inputs).
    pub data_dir: String,
}

impl RunValues {
    /// Validates raw command-line values; `date` defaults to today (UTC).
    pub fn new(
        date: Option<&str>,
        s3_prefix: Option<&str>,
        snapshot_type: Option<&str>,
        correlation_id: Option<&str>,
        data_dir: Option<&str>,
    ) -> Result<RunValues> {
        let export_date = match date {
            Some(d) => validate_date(d).map_err(|m| Error::input("--date", m))?,
            None => today_utc(),
        };
        let s3_prefix = s3_prefix
            .map(|p| validate_s3_prefix(p).map_err(|m| Error::input("--s3-prefix", m)))
            .transpose()?;
        let snapshot_type =
            validate_snapshot_type(snapshot_type.unwrap_or("full")).map_err(|m| Error::input("--snapshot-type", m))?;
        let correlation_id = correlation_id
            .map(|c| validate_correlation_id(c).map_err(|m| Error::input("--correlation-id", m)))
            .transpose()?;
        let data_dir = match data_dir {
            Some(d) => validate_data_dir(d).map_err(|m| Error::input("--data", m))?,
            None => "sample".to_string(),
        };
        Ok(RunValues {
            export_date,
            s3_prefix,
            snapshot_type,
            correlation_id,
            data_dir,
        })
    }
}

impl RunValues {
    /// The run's correlation id; without one, one run per environment and export date:
    /// `<env>-<date>`.
    pub fn correlation_id_or_default(&self, env: &str) -> String {
        self.correlation_id
            .clone()
            .unwrap_or_else(|| format!("{env}-{}", self.export_date))
    }
}

/// Shows a rejected value without letting it spill control characters into the terminal.
fn printable(s: &str) -> String {
    let shown: String = s.chars().take(80).collect();
    shown.escape_debug().to_string()
}

/// `YYYY-MM-DD`, a real calendar day between 2000 and 2099.
pub fn validate_date(s: &str) -> std::result::Result<String, String> {
    let bad = || format!("`{}` is not a date (YYYY-MM-DD, years 2000-2099)", printable(s));
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    if !(2000..=2099).contains(&y) || chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_none() {
        return Err(bad());
    }
    Ok(s.to_string())
}

/// Path segments of letters, digits, `_`, `-`, `.` and `=`, separated by single `/`;
/// no `..`, no leading slash, at most 512 characters. A trailing `/` is dropped.
pub fn validate_s3_prefix(s: &str) -> std::result::Result<String, String> {
    let trimmed = s.strip_suffix('/').unwrap_or(s);
    let ok = !trimmed.is_empty()
        && trimmed.len() <= 512
        && trimmed.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || "_-.=".contains(c))
        });
    if ok {
        Ok(trimmed.to_string())
    } else {
        Err(format!(
            "`{}` is not an S3 prefix (segments of letters, digits, _ - . = separated by /, no `..`)",
            printable(s)
        ))
    }
}

/// 1 to 128 of letters, digits, `_`, `-` and `.`, starting with a letter or digit, no `..`.
pub fn validate_snapshot_type(s: &str) -> std::result::Result<String, String> {
    match s {
        "full" | "incremental" => Ok(s.to_string()),
        other => Err(format!(
            "`{}` is not a snapshot type (full or incremental)",
            printable(other)
        )),
    }
}

pub fn validate_correlation_id(s: &str) -> std::result::Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 128
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
        && !s.contains("..");
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{}` is not a correlation id (1-128 letters, digits, _ - ., starting with a letter or digit)",
            printable(s)
        ))
    }
}

/// A local folder path that is safe inside a quoted HQL literal.
fn validate_data_dir(s: &str) -> std::result::Result<String, String> {
    let ok = !s.is_empty() && s.len() <= 1024 && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c));
    if ok {
        Ok(s.strip_suffix('/').filter(|t| !t.is_empty()).unwrap_or(s).to_string())
    } else {
        Err(format!(
            "`{}` is not a usable data folder (letters, digits, _ - . / only)",
            printable(s)
        ))
    }
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// Every variable of the environment with `{name}` references expanded, plus the implicit ones
/// (environment, region, run_record_table and the run-level values).
pub fn resolve_variables(env: &Environment, run: &RunValues) -> Result<BTreeMap<String, String>> {
    let s = &env.settings;
    let mut fixed: BTreeMap<String, String> = BTreeMap::new();
    fixed.insert("environment".into(), env.name.clone());
    fixed.insert("region".into(), s.region.clone());
    fixed.insert("run_record_table".into(), s.run_record_table.clone());
    fixed.insert("export_date".into(), run.export_date.clone());
    fixed.insert("snapshot_type".into(), run.snapshot_type.clone());
    fixed.insert("data_dir".into(), run.data_dir.clone());
    if let Some(c) = &run.correlation_id {
        fixed.insert("correlation_id".into(), c.clone());
    }
    let mut resolved = fixed.clone();
    for name in s.variables.keys() {
        let mut stack = Vec::new();
        let value = expand(name, env, run, &fixed, &mut stack)?;
        resolved.insert(name.clone(), value);
    }
    Ok(resolved)
}

fn expand(
    name: &str,
    env: &Environment,
    run: &RunValues,
    fixed: &BTreeMap<String, String>,
    stack: &mut Vec<String>,
) -> Result<String> {
    let var = &env.settings.variables[name];
    let config = |message: String| Error::Config {
        location: var.location.clone(),
        message,
    };
    if name == "s3_prefix" {
        if let Some(p) = &run.s3_prefix {
            return Ok(p.clone());
        }
    }
    if stack.iter().any(|s| s == name) {
        stack.push(name.to_string());
        return Err(config(format!(
            "variable references form a cycle: {}",
            stack.join(" -> ")
        )));
    }
    stack.push(name.to_string());
    let mut out = String::new();
    let mut rest = var.value.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(config(format!("variable `{name}`: `{{` without a closing `}}`")));
        };
        let reference = &rest[open + 1..open + close];
        let value = if let Some(v) = fixed.get(reference) {
            v.clone()
        } else if env.settings.variables.contains_key(reference) {
            expand(reference, env, run, fixed, stack)?
        } else if reference == "correlation_id" {
            return Err(Error::input(
                "--correlation-id",
                format!("variable `{name}` uses {{correlation_id}}, so a correlation id must be given"),
            ));
        } else {
            return Err(config(format!(
                "variable `{name}` refers to `{{{reference}}}`, which is neither a variable nor one of: {}",
                IMPLICIT_VARIABLES.join(", ")
            )));
        };
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    stack.pop();
    if name == "s3_prefix" {
        validate_s3_prefix(&out).map_err(|m| config(format!("variable `s3_prefix`: {m}")))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_days() {
        assert!(validate_date("2024-02-29").is_ok());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "1999-12-31",
            "2024-04-31",
            "2024-04-0x",
            "2024/04/01",
        ] {
            assert!(validate_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn today_is_a_date() {
        assert!(validate_date(&today_utc()).is_ok(), "{}", today_utc());
    }

    #[test]
    fn prefixes_and_ids_refuse_escapes() {
        assert_eq!(
            validate_s3_prefix("analytical-dataset/full/2024-01-02/").unwrap(),
            "analytical-dataset/full/2024-01-02"
        );
        for bad in [
            "a/../b", "/abs", "a//b", "a'b", "a;b", "${x}", "{{ x }}", "a\nb", "a b", "",
        ] {
            assert!(validate_s3_prefix(bad).is_err(), "{bad:?}");
        }
        assert!(validate_correlation_id("nightly_2024-01-02.1").is_ok());
        for bad in [
            "",
            "-x",
            "a..b",
            "a'b",
            "a;b",
            "${x}",
            "{{x}}",
            "a\nb",
            &"x".repeat(129),
        ] {
            assert!(validate_correlation_id(bad).is_err(), "{bad:?}");
        }
    }
}
