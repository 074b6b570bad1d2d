//! What a step is asked to do, from its command line: the run, the bundle, and the values the
//! deployed EMR launcher appends on a relaunch (DESIGN §2), checked and reconciled here.

use crate::error::{Error, Result};
use crate::pipeline::check_step_name;
use crate::pipeline::run_values::{validate_correlation_id, validate_date, validate_s3_prefix, validate_snapshot_type};
use std::path::PathBuf;

/// The step's arguments as given.
#[derive(Debug, Clone)]
pub struct StageRequest {
    pub env: String,
    pub step: String,
    /// `--run`, the correlation id pdmctl's own steps carry.
    pub run: Option<String>,
    pub run_id: Option<u32>,
    pub manifest_uri: String,
    pub home: PathBuf,
    pub metrics_file: PathBuf,
    pub launcher: LauncherFlags,
}

/// The four flags the EMR launcher appends to every step's arguments, each as often as given.
#[derive(Debug, Clone, Default)]
pub struct LauncherFlags {
    pub correlation_id: Vec<String>,
    pub s3_prefix: Vec<String>,
    pub snapshot_type: Vec<String>,
    pub export_date: Vec<String>,
}

/// What the step runs with.
#[derive(Debug, Clone)]
pub struct StageOptions {
    pub env: String,
    pub step: String,
    pub correlation_id: String,
    /// The run the step was submitted for; None for steps the deployed EMR launcher made.
    pub run_id: Option<u32>,
    pub manifest_uri: String,
    /// Where bundles are installed (`pdmctl bootstrap --home`).
    pub home: PathBuf,
    pub metrics_file: PathBuf,
    /// This node's cluster, when on EMR.
    pub cluster_id: Option<String>,
    /// Values the deployed EMR launcher appends on a relaunch; they must match the record.
    pub export_date: Option<String>,
    pub s3_prefix: Option<String>,
    pub snapshot_type: Option<String>,
}

impl StageRequest {
    /// Checks every value. The launcher appends its flags to arguments that may already hold
    /// them: the last of each wins, and every one must be valid; its correlation id must be
    /// `--run`'s when both are given.
    pub fn into_options(self) -> Result<StageOptions> {
        let l = self.launcher;
        for c in &l.correlation_id {
            validate_correlation_id(c).map_err(|m| Error::input("--correlation_id", m))?;
        }
        for d in &l.export_date {
            validate_date(d).map_err(|m| Error::input("--export_date", m))?;
        }
        for p in &l.s3_prefix {
            validate_s3_prefix(p).map_err(|m| Error::input("--s3_prefix", m))?;
        }
        for t in &l.snapshot_type {
            validate_snapshot_type(t).map_err(|m| Error::input("--snapshot_type", m))?;
        }
        let correlation_id = match (self.run, l.correlation_id.last()) {
            (Some(r), Some(c)) if &r != c => {
                return Err(Error::input(
                    "--correlation_id",
                    format!("`{c}` differs from --run `{r}`"),
                ))
            }
            (Some(r), _) => r,
            (None, Some(c)) => c.clone(),
            (None, None) => return Err(Error::input("--run", "the run's correlation id is required")),
        };
        validate_correlation_id(&correlation_id).map_err(|m| Error::input("--run", m))?;
        check_step_name(&self.step).map_err(|m| Error::input("<STEP>", m))?;
        Ok(StageOptions {
            env: self.env,
            step: self.step,
            correlation_id,
            run_id: self.run_id,
            manifest_uri: self.manifest_uri,
            home: self.home,
            metrics_file: self.metrics_file,
            cluster_id: super::this_cluster(),
            export_date: l.export_date.last().cloned(),
            s3_prefix: l.s3_prefix.last().cloned(),
            snapshot_type: l.snapshot_type.last().cloned(),
        })
    }
}
