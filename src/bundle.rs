//! The rendered pipeline for one environment and run: the HQL files in stage folders plus
//! `manifest.json`. Identical inputs give byte-identical bundles.

use crate::error::{Error, Result};
use crate::pipeline::{FailureAction, StageKind};
use crate::run_values::RunValues;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Bundle {
    pub environment: String,
    pub run: RunValues,
    /// The steps that run in this environment, in order.
    pub steps: Vec<BundleStep>,
    /// Every rendered file, in step order then file-name order.
    pub files: Vec<BundleFile>,
}

#[derive(Debug, Clone)]
pub struct BundleStep {
    pub name: String,
    pub kind: StageKind,
    pub failure_action: FailureAction,
    /// Bundle paths of the step's files (HQL steps).
    pub files: Vec<String>,
    /// Views to materialise (create-views-tables).
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

    pub fn manifest(&self) -> Value {
        let mut run = json!({
            "export_date": self.run.export_date,
            "snapshot_type": self.run.snapshot_type,
        });
        if let Some(p) = &self.run.s3_prefix {
            run["s3_prefix"] = json!(p);
        }
        if let Some(c) = &self.run.correlation_id {
            run["correlation_id"] = json!(c);
        }
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| {
                let mut step = json!({
                    "name": s.name,
                    "kind": s.kind,
                    "failure_action": s.failure_action,
                    "files": s.files,
                });
                if !s.views.is_empty() {
                    step["views"] = json!(s.views);
                }
                step
            })
            .collect();
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|f| {
                json!({
                    "path": f.path,
                    "stage": f.stage,
                    "template": f.template,
                    "sha256": f.sha256,
                    "bytes": f.content.len(),
                    "variables": f.variables,
                })
            })
            .collect();
        json!({
            "pdmctl_version": env!("CARGO_PKG_VERSION"),
            "environment": self.environment,
            "run": run,
            "steps": steps,
            "files": files,
        })
    }

    pub fn manifest_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.manifest()).expect("manifest is plain JSON");
        text.push('\n');
        text
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
