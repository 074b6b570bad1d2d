//! `manifest.json`, the one model of it: what `render` writes, `submit` uploads, `bootstrap`
//! fetches and `stage` loads. Parsing checks what could hurt before anything uses it: a path
//! that would leave the bundle folder or clash with another, a hash that is not a sha256 (it
//! becomes an S3 key).

use super::{is_sha256, Bundle, BundleFile, BundleSettings, BundleStep};
use crate::error::{Error, Result};
use crate::pipeline::run_values::RunValues;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub pdmctl_version: String,
    pub environment: String,
    pub run: ManifestRun,
    pub settings: BundleSettings,
    pub variables: BTreeMap<String, String>,
    pub steps: Vec<BundleStep>,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestRun {
    pub export_date: String,
    pub snapshot_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub stage: String,
    pub template: String,
    pub sha256: String,
    pub bytes: usize,
    pub variables: BTreeMap<String, String>,
}

impl Manifest {
    pub fn of(bundle: &Bundle) -> Manifest {
        Manifest {
            pdmctl_version: env!("CARGO_PKG_VERSION").to_string(),
            environment: bundle.environment.clone(),
            run: ManifestRun {
                export_date: bundle.run.export_date.clone(),
                snapshot_type: bundle.run.snapshot_type.clone(),
                s3_prefix: bundle.run.s3_prefix.clone(),
                correlation_id: bundle.run.correlation_id.clone(),
            },
            settings: bundle.settings.clone(),
            variables: bundle.variables.clone(),
            steps: bundle.steps.clone(),
            files: bundle
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

    /// The bytes written and hashed: pretty JSON and a final newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("manifest is plain JSON");
        text.push('\n');
        text
    }

    /// Parses and checks a manifest; `origin` (a file or an S3 object) names it in errors.
    pub fn parse(bytes: &[u8], origin: &str) -> Result<Manifest> {
        let bad = |message: String| Error::Manifest {
            origin: origin.to_string(),
            message: format!("not a valid pdmctl manifest: {message}"),
        };
        let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        let mut paths = BTreeSet::new();
        for f in &manifest.files {
            if !safe_relative_path(&f.path) {
                return Err(bad(format!(
                    "file path `{}` is not a plain relative path inside the bundle",
                    f.path.escape_debug()
                )));
            }
            if f.path == "manifest.json" || !paths.insert(f.path.as_str()) {
                return Err(bad(format!("file path `{}` appears twice", f.path.escape_debug())));
            }
            if !is_sha256(&f.sha256) {
                return Err(bad(format!("file `{}` has no valid sha256", f.path.escape_debug())));
            }
        }
        Ok(manifest)
    }

    /// The bundle paths of each distinct content, by sha256.
    pub fn objects(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &self.files {
            out.entry(f.sha256.as_str()).or_default().push(f.path.as_str());
        }
        out
    }

    /// The bundle, given each file's content (verified by the caller), in manifest order.
    pub fn into_bundle(self, contents: Vec<String>) -> Bundle {
        let files = self
            .files
            .into_iter()
            .zip(contents)
            .map(|(f, content)| BundleFile {
                path: f.path,
                stage: f.stage,
                template: f.template,
                content,
                sha256: f.sha256,
                variables: f.variables,
            })
            .collect();
        let run = RunValues {
            export_date: self.run.export_date,
            s3_prefix: self.run.s3_prefix,
            snapshot_type: self.run.snapshot_type,
            correlation_id: self.run.correlation_id,
            data_dir: self.variables.get("data_dir").cloned().unwrap_or_default(),
        };
        Bundle {
            environment: self.environment,
            run,
            settings: self.settings,
            variables: self.variables,
            steps: self.steps,
            files,
        }
    }
}

/// `a/b.hql`: non-empty segments, none `.` or `..`, no leading `/`, no control characters.
pub fn safe_relative_path(p: &str) -> bool {
    !p.is_empty()
        && !p.chars().any(char::is_control)
        && p.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn manifest(files: &str) -> String {
        format!(
            r#"{{"pdmctl_version": "0", "environment": "qa", "run": {{"export_date": "2024-03-01", "snapshot_type": "full"}},
            "settings": {{"region": "eu-west-2", "run_record_table": "t", "log_level": "INFO", "relaunch_max_retries": 0}},
            "variables": {{}}, "steps": [], "files": [{files}]}}"#
        )
    }

    fn file(path: &str) -> String {
        format!(
            r#"{{"path": "{path}", "stage": "s", "template": "t", "sha256": "{SHA}", "bytes": 1, "variables": {{}}}}"#
        )
    }

    #[test]
    fn paths_and_hashes_are_checked() {
        for ok in ["a.hql", "source/a.hql", "a/b/c.hql", "a..b.hql"] {
            assert!(safe_relative_path(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a/",
            "a/.",
            "a\nb",
        ] {
            assert!(!safe_relative_path(bad), "{bad:?}");
        }
        assert!(Manifest::parse(manifest(&file("a/b.hql")).as_bytes(), "x").is_ok());
        for (bad, why) in [
            (manifest(&file("../b.hql")), "is not a plain relative path"),
            (manifest(&file("/b.hql")), "is not a plain relative path"),
            (
                manifest(&format!("{},{}", file("a.hql"), file("a.hql"))),
                "appears twice",
            ),
            (manifest(&file("manifest.json")), "appears twice"),
            (manifest(&file("a.hql").replace(SHA, "../../x")), "has no valid sha256"),
            (
                manifest(&file("a.hql")).replace("\"steps\": [],", ""),
                "missing field `steps`",
            ),
        ] {
            let e = Manifest::parse(bad.as_bytes(), "m.json").unwrap_err().to_string();
            assert!(
                e.starts_with("m.json: not a valid pdmctl manifest: ") && e.contains(why),
                "{e}"
            );
        }
    }
}
