//! The run record (DESIGN §2): one item per correlation id saying which step runs or failed,
//! and the rules for claiming a run: a new id starts at Run_Id 1, a FAILED one resumes at its
//! failed step with Run_Id + 1, an IN_PROGRESS or COMPLETED one is refused unless restarted.
//! Every write is conditional, so two submits cannot both claim an id and a writer of an older
//! run cannot overwrite a newer one.
//!
//! Owns the record's rules and its stores: [`FileStore`] here (the local warehouse) and
//! [`dynamo_store`] (DynamoDB). May use: `error`, `aws`.

pub mod dynamo_store;

use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::pipeline::run_values::RunValues;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const DATA_PRODUCT: &str = "PDM";
/// DynamoDB TTL: the record expires 7 days after its last write (epoch seconds).
pub const TTL_SECONDS: i64 = 7 * 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    InProgress,
    Completed,
    Failed,
    Cancelled,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::InProgress => "IN_PROGRESS",
            Status::Completed => "COMPLETED",
            Status::Failed => "FAILED",
            Status::Cancelled => "CANCELLED",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::InProgress, Status::Completed, Status::Failed, Status::Cancelled]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The item, with DESIGN §2's attribute names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    #[serde(rename = "Correlation_Id")]
    pub correlation_id: String,
    #[serde(rename = "DataProduct")]
    pub data_product: String,
    #[serde(rename = "Date")]
    pub date: String,
    #[serde(rename = "Run_Id")]
    pub run_id: u32,
    #[serde(rename = "Status")]
    pub status: Status,
    #[serde(rename = "CurrentStep")]
    pub current_step: String,
    #[serde(rename = "TimeToExist")]
    pub time_to_exist: i64,
    #[serde(rename = "Cluster_Id", skip_serializing_if = "Option::is_none", default)]
    pub cluster_id: Option<String>,
    #[serde(rename = "S3_Prefix_Snapshots", skip_serializing_if = "Option::is_none", default)]
    pub s3_prefix_snapshots: Option<String>,
    #[serde(rename = "S3_Prefix_Analytical_DataSet")]
    pub s3_prefix_analytical_dataset: String,
    #[serde(rename = "Snapshot_Type")]
    pub snapshot_type: String,
}

impl RunRecord {
    /// The run's inputs as the record holds them (what a resume must finish), each checked
    /// like a command-line value before it can reach a template.
    pub fn run_values(&self) -> Result<RunValues> {
        RunValues::new(
            Some(&self.date),
            Some(&self.s3_prefix_analytical_dataset),
            Some(&self.snapshot_type),
            Some(&self.correlation_id),
            None,
        )
    }
}

/// What a conditional write expects to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// No record for the id yet.
    Absent,
    /// The stored record belongs to this run.
    RunIdIs(u32),
    /// The stored record belongs to this run and has this status.
    RunIdAndStatusIs(u32, Status),
}

impl Condition {
    pub fn holds(&self, stored: Option<&RunRecord>) -> bool {
        match (self, stored) {
            (Condition::Absent, None) => true,
            (Condition::RunIdIs(id), Some(r)) => r.run_id == *id,
            (Condition::RunIdAndStatusIs(id, st), Some(r)) => r.run_id == *id && r.status == *st,
            _ => false,
        }
    }
}

/// Where run records live: DynamoDB on AWS, a file in the warehouse locally.
pub trait RunRecordStore {
    fn get(&self, correlation_id: &str) -> Result<Option<RunRecord>>;
    /// Writes the record if `condition` holds for the stored one; `Ok(false)` when it does not.
    fn put(&self, record: &RunRecord, condition: Condition) -> Result<bool>;
}

pub fn now_epoch_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What a submit asks for.
#[derive(Debug, Clone)]
pub struct RunRequest<'a> {
    pub correlation_id: &'a str,
    pub date: &'a str,
    pub s3_prefix_analytical_dataset: &'a str,
    pub s3_prefix_snapshots: Option<&'a str>,
    pub snapshot_type: &'a str,
    /// The run's steps in order (for a fresh run, the first is where it starts).
    pub steps: &'a [String],
    /// Start here instead of the first step (fresh runs and restarts only).
    pub from: Option<&'a str>,
    pub restart: bool,
}

impl<'a> RunRequest<'a> {
    /// The claim of a run of this bundle: its export date, ADG prefix and snapshot type.
    pub fn new(
        correlation_id: &'a str,
        bundle: &'a Bundle,
        steps: &'a [String],
        from: Option<&'a str>,
        restart: bool,
    ) -> RunRequest<'a> {
        RunRequest {
            correlation_id,
            date: &bundle.run.export_date,
            s3_prefix_analytical_dataset: bundle.variables.get("s3_prefix").map_or("", String::as_str),
            s3_prefix_snapshots: None,
            snapshot_type: &bundle.run.snapshot_type,
            steps,
            from,
            restart,
        }
    }
}

/// The outcome of a claim: the run's id and the step it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub record: RunRecord,
    /// True when this claim resumes a failed run.
    pub resumed: bool,
}

impl Claim {
    pub fn start_step(&self) -> &str {
        &self.record.current_step
    }
}

/// Claims the run record for a submit, by the rules of DESIGN §2.
pub fn claim(store: &dyn RunRecordStore, req: &RunRequest) -> Result<Claim> {
    let first = req
        .steps
        .first()
        .ok_or_else(|| Error::input("<ENV>", "the environment has no steps"))?;
    let start = match req.from {
        Some(f) if req.steps.iter().any(|s| s == f) => f.to_string(),
        Some(f) => {
            return Err(Error::input(
                "--from",
                format!("`{f}` is not a step of this run (steps: {})", req.steps.join(", ")),
            ))
        }
        None => first.clone(),
    };
    let existing = store.get(req.correlation_id)?;
    let fresh = |run_id: u32, step: String| RunRecord {
        correlation_id: req.correlation_id.to_string(),
        data_product: DATA_PRODUCT.to_string(),
        date: req.date.to_string(),
        run_id,
        status: Status::InProgress,
        current_step: step,
        time_to_exist: now_epoch_seconds() + TTL_SECONDS,
        cluster_id: None,
        s3_prefix_snapshots: req.s3_prefix_snapshots.map(str::to_string),
        s3_prefix_analytical_dataset: req.s3_prefix_analytical_dataset.to_string(),
        snapshot_type: req.snapshot_type.to_string(),
    };
    let lost = || {
        Error::refused(
            "--correlation-id",
            format!(
                "run `{}` was claimed by another submit at the same time; nothing was started",
                req.correlation_id
            ),
        )
    };
    let (record, condition, resumed) = match existing {
        None => (fresh(1, start), Condition::Absent, false),
        Some(old) if old.status == Status::Failed && !req.restart => {
            if req.from.is_some_and(|f| f != old.current_step) {
                return Err(Error::input(
                    "--from",
                    format!(
                        "run `{}` failed at `{}` and resumes there; use --restart to start it again from another step",
                        req.correlation_id, old.current_step
                    ),
                ));
            }
            if !req.steps.contains(&old.current_step) {
                return Err(Error::input(
                    "--correlation-id",
                    format!(
                        "run `{}` failed at `{}`, which is not a step of this pipeline; use --restart",
                        req.correlation_id, old.current_step
                    ),
                ));
            }
            // The resume keeps the run's inputs: it must finish the same export.
            let mut r = old.clone();
            r.run_id = old.run_id + 1;
            r.status = Status::InProgress;
            r.time_to_exist = now_epoch_seconds() + TTL_SECONDS;
            (r, Condition::RunIdAndStatusIs(old.run_id, Status::Failed), true)
        }
        Some(old) if req.restart => (fresh(old.run_id + 1, start), Condition::RunIdIs(old.run_id), false),
        Some(old) => {
            return Err(Error::refused(
                "--correlation-id",
                format!(
                    "run `{}` is {} (Run_Id {}, step `{}`); use --restart to run it again",
                    req.correlation_id, old.status, old.run_id, old.current_step
                ),
            ))
        }
    };
    if !store.put(&record, condition)? {
        return Err(lost());
    }
    Ok(Claim { record, resumed })
}

/// Writes the steps' progress into the record of one run. Every write is conditioned on the
/// run's Run_Id, so a writer of an older run is refused instead of overwriting a newer one.
pub struct Tracker<'a> {
    store: &'a dyn RunRecordStore,
    record: RunRecord,
}

impl<'a> Tracker<'a> {
    pub fn new(store: &'a dyn RunRecordStore, record: RunRecord) -> Self {
        Tracker { store, record }
    }

    pub fn record(&self) -> &RunRecord {
        &self.record
    }

    pub fn step_started(&mut self, step: &str) -> Result<()> {
        self.write(step, Status::InProgress)
    }

    pub fn step_failed(&mut self, step: &str) -> Result<()> {
        self.write(step, Status::Failed)
    }

    pub fn completed(&mut self, last_step: &str) -> Result<()> {
        self.write(last_step, Status::Completed)
    }

    pub fn set_cluster(&mut self, cluster_id: &str) -> Result<()> {
        let mut next = self.record.clone();
        next.cluster_id = Some(cluster_id.to_string());
        self.commit(next)
    }

    fn write(&mut self, step: &str, status: Status) -> Result<()> {
        let mut next = self.record.clone();
        next.current_step = step.to_string();
        next.status = status;
        self.commit(next)
    }

    fn commit(&mut self, mut next: RunRecord) -> Result<()> {
        next.time_to_exist = now_epoch_seconds() + TTL_SECONDS;
        if !self.store.put(&next, Condition::RunIdIs(self.record.run_id))? {
            return Err(Error::refused(
                "--correlation-id",
                format!(
                    "run `{}` has moved on past Run_Id {} (a newer run owns the record); this writer stops",
                    next.correlation_id, self.record.run_id
                ),
            ));
        }
        self.record = next;
        Ok(())
    }
}

/// Run records in a JSON file (the `local` environment). Read-check-write happens under a lock
/// file and the new contents replace the old by rename, so a crash never leaves half a file.
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    pub fn new(path: &Path) -> FileStore {
        FileStore {
            path: path.to_path_buf(),
        }
    }

    fn read_all(&self) -> Result<BTreeMap<String, RunRecord>> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => {
                serde_json::from_str(&text).map_err(|e| Error::io(&self.path, format!("corrupt run records: {e}")))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(Error::io(&self.path, e)),
        }
    }

    fn lock(&self) -> Result<FileLock> {
        let lock = self.path.with_extension("lock");
        for _ in 0..200 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(_) => return Ok(FileLock(lock)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    std::thread::sleep(std::time::Duration::from_millis(25))
                }
                Err(e) => return Err(Error::io(&lock, e)),
            }
        }
        Err(Error::io(
            &lock,
            "locked by another pdmctl for over 5 s (remove the file if no pdmctl is running)",
        ))
    }
}

struct FileLock(PathBuf);

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl RunRecordStore for FileStore {
    fn get(&self, correlation_id: &str) -> Result<Option<RunRecord>> {
        Ok(self.read_all()?.remove(correlation_id))
    }

    fn put(&self, record: &RunRecord, condition: Condition) -> Result<bool> {
        let _lock = self.lock()?;
        let mut all = self.read_all()?;
        if !condition.holds(all.get(&record.correlation_id)) {
            return Ok(false);
        }
        all.insert(record.correlation_id.clone(), record.clone());
        let tmp = self.path.with_extension("tmp");
        let text = serde_json::to_string_pretty(&all).expect("records are plain JSON");
        std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| Error::io(&self.path, e))?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps() -> Vec<String> {
        ["a", "b", "model", "c"].iter().map(|s| s.to_string()).collect()
    }

    fn req<'a>(steps: &'a [String], restart: bool) -> RunRequest<'a> {
        RunRequest {
            correlation_id: "run1",
            date: "2024-03-01",
            s3_prefix_analytical_dataset: "adg/2024-03-01",
            s3_prefix_snapshots: None,
            snapshot_type: "full",
            steps,
            from: None,
            restart,
        }
    }

    #[test]
    fn claim_resume_refuse_restart() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(&dir.path().join("records.json"));
        let steps = steps();
        let c = claim(&store, &req(&steps, false)).unwrap();
        assert_eq!((c.record.run_id, c.start_step(), c.resumed), (1, "a", false));
        let ttl = c.record.time_to_exist - now_epoch_seconds();
        assert!((TTL_SECONDS - 5..=TTL_SECONDS).contains(&ttl), "TTL in seconds: {ttl}");

        let err = claim(&store, &req(&steps, false)).unwrap_err().to_string();
        assert_eq!(
            err,
            "--correlation-id: run `run1` is IN_PROGRESS (Run_Id 1, step `a`); use --restart to run it again"
        );

        let mut t = Tracker::new(&store, c.record.clone());
        t.step_started("b").unwrap();
        t.step_started("model").unwrap();
        t.step_failed("model").unwrap();
        let c2 = claim(&store, &req(&steps, false)).unwrap();
        assert_eq!((c2.record.run_id, c2.start_step(), c2.resumed), (2, "model", true));

        // The writer of run 1 can no longer write.
        let err = t.step_started("c").unwrap_err().to_string();
        assert!(err.contains("has moved on past Run_Id 1"), "{err}");
        assert_eq!(store.get("run1").unwrap().unwrap().run_id, 2);

        let mut t2 = Tracker::new(&store, c2.record);
        t2.completed("c").unwrap();
        assert!(claim(&store, &req(&steps, false))
            .unwrap_err()
            .to_string()
            .contains("is COMPLETED"));
        let c3 = claim(&store, &req(&steps, true)).unwrap();
        assert_eq!((c3.record.run_id, c3.start_step()), (3, "a"));
    }

    #[test]
    fn concurrent_claims_have_one_winner() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.json");
        let steps = steps();
        let results: Vec<bool> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let (path, steps) = (&path, &steps);
                    s.spawn(move || claim(&FileStore::new(path), &req(steps, false)).is_ok())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(results.iter().filter(|ok| **ok).count(), 1);
    }
}
