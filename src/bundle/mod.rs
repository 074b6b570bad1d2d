//! The rendered pipeline for one environment and run: the HQL files in stage folders plus
//! `manifest.json`. Identical inputs give byte-identical bundles.
//!
//! The manifest is everything a cluster needs to run the bundle without pipelines.yaml or the
//! templates: the environment's settings and variables, each step's policies and, for HQL
//! steps, which file waits for which (the plan made at submit). `pdmctl stage` reads it back
//! with [`Bundle::load`], checking every file against its sha256.
//!
//! May use: `error`, `pipeline`.

pub mod bucket;
pub mod manifest;
pub mod swap;

use crate::error::{Error, Result};
use crate::pipeline::run_values::RunValues;
use crate::pipeline::{FailureAction, LogLevel, Retry, StageKind};
use manifest::Manifest;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Bundle {
    pub environment: String,
    pub run: RunValues,
    pub settings: BundleSettings,
    /// The environment's variables, resolved for the run.
    pub variables: BTreeMap<String, String>,
    /// The steps that run in this environment, in order.
    pub steps: Vec<BundleStep>,
    /// Every rendered file, in step order then file-name order.
    pub files: Vec<BundleFile>,
}

/// The environment settings a step needs on the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleSettings {
    pub region: String,
    pub run_record_table: String,
    pub log_level: LogLevel,
    pub relaunch_max_retries: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleStep {
    pub name: String,
    pub kind: StageKind,
    pub failure_action: FailureAction,
    pub parallelism: u32,
    pub retry: Retry,
    /// Bundle paths of the step's files (HQL steps).
    pub files: Vec<String>,
    /// For each file, the files of the step that must finish first (filled in by the plan).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub depends_on: BTreeMap<String, Vec<String>>,
    /// Views to materialise (create-views-tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct BundleFile {
    /// `<stage folder>/<file>.hql`, the path inside the bundle.
    pub path: String,
    pub stage: String,
    /// The template it came from, as shown in messages.
    pub template: String,
    pub content: String,
    pub sha256: String,
    /// The variables the template uses, with their values.
    pub variables: BTreeMap<String, String>,
}

impl Bundle {
    pub fn file(&self, path: &str) -> Option<&BundleFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn step(&self, name: &str) -> Option<&BundleStep> {
        self.steps.iter().find(|s| s.name == name)
    }

    /// The manifest as JSON.
    pub fn manifest(&self) -> serde_json::Value {
        serde_json::to_value(Manifest::of(self)).expect("manifest is plain JSON")
    }

    pub fn manifest_text(&self) -> String {
        Manifest::of(self).to_text()
    }

    /// Reads a bundle written by [`Bundle::write`] (or installed by `pdmctl bootstrap`),
    /// refusing any file whose content does not match the manifest's sha256.
    pub fn load(dir: &Path) -> Result<Bundle> {
        let path = dir.join("manifest.json");
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let manifest = Manifest::parse(&bytes, &path.display().to_string())?;
        let mut contents = Vec::with_capacity(manifest.files.len());
        for f in &manifest.files {
            let file = dir.join(&f.path);
            let content = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            let actual = sha256_hex(content.as_bytes());
            if actual != f.sha256 {
                return Err(Error::Manifest {
                    origin: file.display().to_string(),
                    message: format!(
                        "sha256 {actual} does not match the manifest's {}; reinstall the bundle",
                        f.sha256
                    ),
                });
            }
            contents.push(content);
        }
        Ok(manifest.into_bundle(contents))
    }

    /// Writes the bundle to `out` through the one atomic folder swap ([`swap::replace_dir`]),
    /// so a failure leaves either the old bundle or none, never half of one. An existing `out`
    /// is replaced only if it is a bundle (has manifest.json) or empty.
    pub fn write(&self, out: &Path) -> Result<()> {
        if out.exists() {
            let is_bundle = out.join("manifest.json").is_file();
            let is_empty = out.read_dir().map(|mut d| d.next().is_none()).unwrap_or(false);
            if !is_bundle && !is_empty {
                return Err(Error::input(
                    "--out",
                    format!(
                        "{} exists and is not a pdmctl bundle; refusing to replace it",
                        out.display()
                    ),
                ));
            }
        }
        swap::replace_dir(out, |dir| self.write_into(dir))
    }

    fn write_into(&self, dir: &Path) -> Result<()> {
        for f in &self.files {
            let path = dir.join(&f.path);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
            }
            std::fs::write(&path, &f.content).map_err(|e| Error::io(&path, e))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let manifest = dir.join("manifest.json");
        std::fs::write(&manifest, self.manifest_text()).map_err(|e| Error::io(&manifest, e))
    }
}

/// The sha256 of `bytes` as 64 lowercase hex digits, as every pdmctl hash is written.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// 64 lowercase hex digits, as [`sha256_hex`] writes them.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}
