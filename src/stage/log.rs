//! The log of `pdmctl stage` on the cluster: one JSON object per line on stderr (EMR keeps each
//! step's stderr in the logs bucket), so the lines can be searched and parsed. Every line names
//! the environment, correlation id and step; the level comes from the environment's settings.

use crate::pipeline::LogLevel;
use crate::stage::runner::RunnerEvent;
use serde_json::{Map, Value};
use std::io::Write;

pub struct Log {
    level: LogLevel,
    context: Map<String, Value>,
    sink: Sink,
}

enum Sink {
    Stderr,
    /// Lines kept in memory (tests of the format).
    Memory(std::sync::Mutex<Vec<String>>),
}

fn rank(level: LogLevel) -> u8 {
    match level {
        LogLevel::Debug => 0,
        LogLevel::Info => 1,
        LogLevel::Warn => 2,
        LogLevel::Error => 3,
    }
}

fn name(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Debug => "DEBUG",
        LogLevel::Info => "INFO",
        LogLevel::Warn => "WARN",
        LogLevel::Error => "ERROR",
    }
}

impl Log {
    pub fn stderr(level: LogLevel, env: &str, correlation_id: &str, step: &str) -> Log {
        Log::new(level, env, correlation_id, step, Sink::Stderr)
    }

    pub fn memory(level: LogLevel, env: &str, correlation_id: &str, step: &str) -> Log {
        Log::new(level, env, correlation_id, step, Sink::Memory(Default::default()))
    }

    fn new(level: LogLevel, env: &str, correlation_id: &str, step: &str, sink: Sink) -> Log {
        let mut context = Map::new();
        context.insert("env".into(), env.into());
        context.insert("correlation_id".into(), correlation_id.into());
        context.insert("step".into(), step.into());
        Log { level, context, sink }
    }

    pub fn enabled(&self, level: LogLevel) -> bool {
        rank(level) >= rank(self.level)
    }

    /// Writes one line: `event` names what happened; `file` is the bundle path when it is
    /// about one file; `fields` add details (attempt, elapsed_ms, error, stderr_tail, ...).
    pub fn event(&self, level: LogLevel, event: &str, file: Option<&str>, fields: &[(&str, Value)]) {
        if !self.enabled(level) {
            return;
        }
        let mut line = Map::new();
        line.insert(
            "timestamp".into(),
            chrono::Utc::now()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                .into(),
        );
        line.insert("level".into(), name(level).into());
        line.extend(self.context.clone());
        if let Some(f) = file {
            line.insert("file".into(), f.into());
        }
        line.insert("event".into(), event.into());
        for (k, v) in fields {
            line.insert((*k).to_string(), v.clone());
        }
        let text = Value::Object(line).to_string();
        match &self.sink {
            // One write per line, so lines of parallel files never interleave.
            Sink::Stderr => {
                let _ = writeln!(std::io::stderr().lock(), "{text}");
            }
            Sink::Memory(lines) => lines.lock().expect("log lines").push(text),
        }
    }

    pub fn info(&self, event: &str, file: Option<&str>, fields: &[(&str, Value)]) {
        self.event(LogLevel::Info, event, file, fields)
    }

    pub fn debug(&self, event: &str, file: Option<&str>, fields: &[(&str, Value)]) {
        self.event(LogLevel::Debug, event, file, fields)
    }

    pub fn warn(&self, event: &str, file: Option<&str>, fields: &[(&str, Value)]) {
        self.event(LogLevel::Warn, event, file, fields)
    }

    pub fn error(&self, event: &str, file: Option<&str>, fields: &[(&str, Value)]) {
        self.event(LogLevel::Error, event, file, fields)
    }

    /// A stage runner event, as the step's log line.
    pub fn runner_event(&self, e: &RunnerEvent) {
        match e {
            RunnerEvent::Started { file, attempt } => {
                self.debug("file_started", Some(file), &[("attempt", (*attempt).into())])
            }
            RunnerEvent::Retrying {
                file,
                attempt,
                error,
                detail,
            } => self.warn(
                "file_retrying",
                Some(file),
                &[
                    ("attempt", (*attempt).into()),
                    ("error", error.clone().into()),
                    ("stderr_tail", detail.clone().into()),
                ],
            ),
            RunnerEvent::Finished {
                file,
                attempts,
                elapsed,
            } => self.info(
                "file_finished",
                Some(file),
                &[
                    ("attempts", (*attempts).into()),
                    ("elapsed_ms", (elapsed.as_millis() as u64).into()),
                ],
            ),
            RunnerEvent::Failed {
                file,
                attempts,
                error,
                detail,
            } => self.error(
                "file_failed",
                Some(file),
                &[
                    ("attempts", (*attempts).into()),
                    ("error", error.clone().into()),
                    ("stderr_tail", detail.clone().into()),
                ],
            ),
        }
    }

    /// The lines of a memory log.
    pub fn lines(&self) -> Vec<String> {
        match &self.sink {
            Sink::Memory(lines) => lines.lock().expect("log lines").clone(),
            Sink::Stderr => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_json_object_per_line_filtered_by_level() {
        let log = Log::memory(LogLevel::Info, "qa", "run-1", "model");
        log.debug("file_started", Some("model/a.hql"), &[]);
        log.info("file_finished", Some("model/a.hql"), &[("attempts", 2.into())]);
        log.error("step_failed", None, &[("error", "boom\nsecond line".into())]);
        let lines = log.lines();
        assert_eq!(lines.len(), 2, "DEBUG is below INFO");
        let v: Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(v["level"], "INFO");
        assert_eq!(v["env"], "qa");
        assert_eq!(v["correlation_id"], "run-1");
        assert_eq!(v["step"], "model");
        assert_eq!(v["file"], "model/a.hql");
        assert_eq!(v["event"], "file_finished");
        assert_eq!(v["attempts"], 2);
        assert!(v["timestamp"].as_str().unwrap().ends_with('Z'));
        assert!(!lines[1].contains('\n'), "a newline in a value stays escaped");
        assert_eq!(
            serde_json::from_str::<Value>(&lines[1]).unwrap()["error"],
            "boom\nsecond line"
        );
    }
}
