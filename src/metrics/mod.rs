//! Step metrics in the Hive metrics JSON format (DESIGN §3): per step a runtime gauge in
//! minutes and a state gauge (COMPLETED 0, FAILED 1, RUNNING 2, CANCELLED 3, other 4).
//! The file is rewritten whole on each change (write new, then rename), so a scraper never
//! reads half of it.
//!
//! Owns the metrics file, its S3 key and the [`pushgateway`] gauge. May use: `error`, `aws`.

pub mod outlet;
pub mod pushgateway;

/// The object in the published bucket that the Prometheus JSON exporter scrapes.
pub const METRICS_KEY: &str = "metrics/pdm-metrics.json";

use crate::error::{Error, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Completed = 0,
    Failed = 1,
    Running = 2,
    Cancelled = 3,
}

pub struct Metrics {
    path: PathBuf,
    gauges: BTreeMap<String, f64>,
}

impl Metrics {
    pub fn new(path: &Path) -> Metrics {
        Metrics {
            path: path.to_path_buf(),
            gauges: BTreeMap::new(),
        }
    }

    /// The file as an earlier step left it: each EMR step is its own process, and the gauges
    /// of the steps before must stay in the file.
    pub fn open(path: &Path) -> Result<Metrics> {
        let mut m = Metrics::new(path);
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(m),
            Err(e) => return Err(Error::io(path, e)),
        };
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| Error::io(path, format!("not a metrics file: {e}")))?;
        if let Some(gauges) = v["gauges"].as_object() {
            for (k, g) in gauges {
                if let Some(x) = g["value"].as_f64() {
                    m.gauges.insert(k.clone(), x);
                }
            }
        }
        Ok(m)
    }

    /// The file's contents, as written.
    pub fn text(&self) -> String {
        let gauges: serde_json::Map<String, serde_json::Value> = self
            .gauges
            .iter()
            .map(|(k, v)| (k.clone(), json!({ "value": v })))
            .collect();
        serde_json::to_string_pretty(&json!({ "gauges": gauges })).expect("plain JSON")
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records a step's state and runtime; `step_id` is its position in the run (1-based).
    pub fn step(&mut self, step_id: usize, name: &str, state: StepState, minutes: f64) -> Result<()> {
        self.gauges.insert(
            format!("runtime_step_{step_id}{name}"),
            (minutes * 1000.0).round() / 1000.0,
        );
        self.gauges
            .insert(format!("state_step_{step_id}{name}"), f64::from(state as u8));
        self.write()
    }

    pub fn write(&self) -> Result<()> {
        let text = self.text();
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| Error::io(&self.path, e))
    }

    /// Removes the file (courtesy flush at the start, flush at the end): no stale metrics.
    pub fn remove(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(&self.path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauges_in_hive_metrics_format() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Metrics::new(&dir.path().join("m/pdm-metrics.json"));
        m.step(9, "model", StepState::Running, 0.0).unwrap();
        m.step(9, "model", StepState::Completed, 1.5).unwrap();
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(m.path()).unwrap()).unwrap();
        assert_eq!(v["gauges"]["state_step_9model"]["value"], 0.0);
        assert_eq!(v["gauges"]["runtime_step_9model"]["value"], 1.5);
        // The next step's process sees the gauges of the ones before.
        let mut next = Metrics::open(m.path()).unwrap();
        next.step(10, "views", StepState::Running, 0.0).unwrap();
        let v: serde_json::Value = serde_json::from_str(&next.text()).unwrap();
        assert_eq!(v["gauges"]["runtime_step_9model"]["value"], 1.5);
        assert_eq!(v["gauges"]["state_step_10views"]["value"], 2.0);
        m.remove().unwrap();
        assert!(!m.path().exists());
        m.remove().unwrap();
    }
}
