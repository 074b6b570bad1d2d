//! The rendered pipeline for one environment and run: the HQL files in stage folders plus
//! `manifest.json`. Identical inputs give byte-identical bundles.
//!
//! The manifest is everything a cluster needs to run the bundle without pipelines.yaml or the
//! templates: the environment's settings and variables, each step's policies and, for HQL
//! steps, which file waits for which (the plan made at submit). `pdmctl stage` reads it back
//! with [`Bundle::load`], checking every file against its sha256.

use crate::error::{Error, Result};
use crate::pipeline::{FailureAction, LogLevel, Retry, StageKind};
use crate::run_values::RunValues;
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

/// `manifest.json` as written and read.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    pdmctl_version: String,
    environment: String,
    run: ManifestRun,
    settings: BundleSettings,
    variables: BTreeMap<String, String>,
    steps: Vec<BundleStep>,
    files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestRun {
    export_date: String,
    snapshot_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    s3_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    correlation_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestFile {
    path: String,
    stage: String,
    template: String,
    sha256: String,
    bytes: usize,
    variables: BTreeMap<String, String>,
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
        serde_json::to_value(self.to_manifest()).expect("manifest is plain JSON")
    }

    fn to_manifest(&self) -> Manifest {
        Manifest {
            pdmctl_version: env!("CARGO_PKG_VERSION").to_string(),
            environment: self.environment.clone(),
            run: ManifestRun {
                export_date: self.run.export_date.clone(),
                snapshot_type: self.run.snapshot_type.clone(),
                s3_prefix: self.run.s3_prefix.clone(),
                correlation_id: self.run.correlation_id.clone(),
            },
            settings: self.settings.clone(),
            variables: self.variables.clone(),
            steps: self.steps.clone(),
            files: self
                .files
                .iter()
                .map(|f| ManifestFile {
                    path: f.path.clone(),
                    stage: f.stage.clone(),
                    template: f.template.clone(),
                    sha256: f.sha256.clone(),
                    bytes: f.content.len(),
                    variables: f.variables.clone(),
                })
                .collect(),
        }
    }

    pub fn manifest_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_manifest()).expect("manifest is plain JSON");
        text.push('\n');
        text
    }

    /// Reads a bundle written by [`Bundle::write`] (or installed by `pdmctl bootstrap`),
    /// refusing any file whose content does not match the manifest's sha256.
    pub fn load(dir: &Path) -> Result<Bundle> {
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let m: Manifest = serde_json::from_str(&text).map_err(|e| {
            Error::io(
                &path,
                format!("not a pdmctl manifest: {e} (line {}, column {})", e.line(), e.column()),
            )
        })?;
        let mut files = Vec::with_capacity(m.files.len());
        for f in m.files {
            if f.path.starts_with('/') || f.path.split('/').any(|part| part == ".." || part.is_empty()) {
                return Err(Error::io(&path, format!("file path `{}` leaves the bundle", f.path)));
            }
            let file = dir.join(&f.path);
            let content = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            let actual = crate::render::hex(&Sha256::digest(content.as_bytes()));
            if actual != f.sha256 {
                return Err(Error::io(
                    &file,
                    format!(
                        "sha256 {actual} does not match the manifest's {}; reinstall the bundle",
                        f.sha256
                    ),
                ));
            }
            files.push(BundleFile {
                path: f.path,
                stage: f.stage,
                template: f.template,
                content,
                sha256: f.sha256,
                variables: f.variables,
            });
        }
        let run = RunValues {
            export_date: m.run.export_date,
            s3_prefix: m.run.s3_prefix,
            snapshot_type: m.run.snapshot_type,
            correlation_id: m.run.correlation_id,
            data_dir: m.variables.get("data_dir").cloned().unwrap_or_default(),
        };
        Ok(Bundle {
            environment: m.environment,
            run,
            settings: m.settings,
            variables: m.variables,
            steps: m.steps,
            files,
        })
    }

    /// Writes the bundle to `out`: first into a sibling temporary folder, then swapped in, so a
    /// failure leaves either the old bundle or none, never half of one. An existing `out` is
    /// replaced only if it is a bundle (has manifest.json) or empty.
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
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bundle".into());
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let result = self.write_into(&tmp).and_then(|()| {
            if out.exists() {
                std::fs::remove_dir_all(out).map_err(|e| Error::io(out, e))?;
            }
            std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e))
        });
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        result
    }

    fn write_into(&self, dir: &Path) -> Result<()> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
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
