//! The builtin steps, native code rather than shell, dispatched once ([`Builtins::run`]) for
//! `pdmctl stage` on the cluster and `submit local`: the metrics flushes and set-up (through a
//! [`Outlet`], S3 and the pushgateway or nothing), normalising the dictionary
//! (in S3 or in a folder), and materialising the views.

use crate::aws::{s3, Aws};
use crate::bundle::{sha256_hex, Bundle, BundleFile};
use crate::error::{Error, Result};
use crate::metrics::outlet::Outlet;
use crate::metrics::pushgateway::RunStatus;
use crate::metrics::Metrics;
use crate::pipeline::Builtin;
use crate::stage::executor::HqlExecutor;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Told what a step did: the event's name and its details, for the log.
pub type Note<'a> = &'a dyn Fn(&str, Vec<(&str, Value)>);

/// What a builtin step works with.
pub struct Builtins<'a> {
    pub bundle: &'a Bundle,
    pub metrics: &'a Metrics,
    pub outlet: &'a dyn Outlet,
    /// The AWS clients, for a dictionary in S3 (none on one machine).
    pub aws: Option<&'a Aws>,
    /// What runs the SQL of create-views-tables.
    pub executor: Option<&'a dyn HqlExecutor>,
    pub note: Note<'a>,
}

impl Builtins<'_> {
    pub fn run(&self, builtin: Builtin) -> Result<()> {
        match builtin {
            Builtin::CourtesyFlush | Builtin::FlushS3 => {
                self.outlet.unpublish()?;
                self.metrics.remove()
            }
            Builtin::MetricsSetup => {
                self.metrics.write()?;
                self.outlet.publish(self.metrics)?;
                self.push(RunStatus::Running);
                Ok(())
            }
            Builtin::CleanDictionaryData => {
                let path = self.var("dictionary_path");
                let report = match self.aws {
                    Some(aws) if path.starts_with("s3://") => clean_dictionary_s3(aws, &path)?,
                    _ => clean_dictionary_dir(Path::new(&path))?,
                };
                (self.note)(
                    "dictionary_cleaned",
                    vec![("files", report.files.into()), ("rewritten", report.rewritten.into())],
                );
                Ok(())
            }
            Builtin::CreateViewsTables => {
                let step = crate::plan::step_from_bundle(self.bundle, builtin.name()).ok_or_else(|| {
                    Error::input("<STEP>", format!("`{}` is not a step of the bundle", builtin.name()))
                })?;
                let executor = self
                    .executor
                    .ok_or_else(|| Error::input("<STEP>", "create-views-tables needs an HQL executor"))?;
                let uc = self.bundle.variables.get("uc_database").map_or("uc", String::as_str);
                materialise_views(self.bundle, &step.views, uc, executor, &|v| {
                    (self.note)("view_materialised", vec![("view", v.into())])
                })
            }
            Builtin::FlushGateway => self.outlet.flush_gateway(),
        }
    }

    /// The run-status gauge; a pushgateway that is down is noted, never fails the run.
    pub fn push(&self, status: RunStatus) {
        if let Err(e) = self.outlet.push(status) {
            (self.note)("pushgateway_failed", vec![("error", e.to_string().into())]);
        }
    }

    fn var(&self, name: &str) -> String {
        self.bundle.variables.get(name).cloned().unwrap_or_default()
    }
}

/// create-views-tables: each view (qualified `db.name`) becomes an ORC table of the same name
/// in `uc`, then the view is dropped. The view's own file from the `views` step runs first
/// (it is `CREATE OR REPLACE VIEW`), so a resume at this step finds the views it dropped the
/// first time.
pub fn materialise_views(
    bundle: &Bundle,
    views: &[String],
    uc: &str,
    executor: &dyn HqlExecutor,
    done: &dyn Fn(&str),
) -> Result<()> {
    for view in views {
        let name = view.rsplit('.').next().unwrap_or(view);
        if let Some(file) = bundle.file(&format!("views/{name}.hql")) {
            executor.run_file(file)?;
        }
        let sql = format!(
            "DROP TABLE IF EXISTS {uc}.{name};\nCREATE TABLE {uc}.{name} STORED AS ORC AS SELECT * FROM {view};\nDROP VIEW IF EXISTS {view};\n"
        );
        executor.run_file(&BundleFile {
            path: format!("create-views-tables/{name}.hql"),
            stage: "create-views-tables".into(),
            template: format!("create-views-tables ({view})"),
            sha256: sha256_hex(sql.as_bytes()),
            content: sql,
            variables: Default::default(),
        })?;
        done(view);
    }
    Ok(())
}

/// One JSON document per line: documents spread over several lines, several on one line, or
/// a file holding one array of documents all come out one per line. The error is the line
/// and column of the first thing that is not JSON.
pub fn one_document_per_line(text: &str) -> std::result::Result<String, (usize, usize)> {
    let mut out = String::with_capacity(text.len());
    for doc in serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>() {
        match doc.map_err(|e| (e.line(), e.column()))? {
            serde_json::Value::Array(items) => {
                for item in items {
                    out.push_str(&item.to_string());
                    out.push('\n');
                }
            }
            other => {
                out.push_str(&other.to_string());
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// What clean-dictionary-data did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanReport {
    pub files: usize,
    /// The files that changed (the others were already one document per line).
    pub rewritten: Vec<String>,
}

/// clean-dictionary-data on a folder (local runs): each changed file is written new, then
/// renamed over the old one.
pub fn clean_dictionary_dir(dir: &Path) -> Result<CleanReport> {
    if !dir.is_dir() {
        return Err(Error::io(dir, "dictionary folder not found"));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('.'))
        })
        .collect();
    files.sort();
    let mut report = CleanReport::default();
    for file in files {
        report.files += 1;
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        let out = one_document_per_line(&text)
            .map_err(|(l, c)| Error::io(&file, format!("not JSON at line {l}, column {c}")))?;
        if out != text {
            let tmp = file.with_extension("cleaning");
            std::fs::write(&tmp, &out).map_err(|e| Error::io(&tmp, e))?;
            std::fs::rename(&tmp, &file).map_err(|e| Error::io(&file, e))?;
            report.rewritten.push(file.display().to_string());
        }
    }
    Ok(report)
}

/// clean-dictionary-data in S3. Every object is checked before any is replaced, so a file that
/// is not JSON stops the step with the dictionary untouched. A changed object is written new
/// under a staging key (S3 checks its sha256), copied over the original, then the staging
/// object is deleted: the original is never half-written, and a crash leaves it intact.
pub fn clean_dictionary_s3(aws: &Aws, uri: &str) -> Result<CleanReport> {
    let (bucket, prefix) = s3::parse_uri(uri)
        .ok_or_else(|| Error::variable("dictionary_path", format!("`{uri}` is not an s3://bucket/prefix URI")))?;
    let listed = s3::list_keys(aws, &bucket, &format!("{prefix}/"))?;
    let keys: Vec<String> = listed
        .into_iter()
        .filter(|k| {
            let name = k.rsplit('/').next().unwrap_or(k);
            !name.is_empty() && !name.starts_with('.') && !k.ends_with(STAGING_SUFFIX)
        })
        .collect();
    let mut changed = Vec::new();
    for key in &keys {
        let body = s3::get(aws, &bucket, key)?;
        let text = String::from_utf8(body).map_err(|_| {
            Error::aws(
                format!("s3://{bucket}/{key}"),
                "not UTF-8 text; the dictionary is left as it was",
            )
        })?;
        let out = one_document_per_line(&text).map_err(|(l, c)| {
            Error::aws(
                format!("s3://{bucket}/{key}"),
                format!("not JSON at line {l}, column {c}; the dictionary is left as it was"),
            )
        })?;
        if out != text {
            changed.push((key.clone(), out));
        }
    }
    let mut report = CleanReport {
        files: keys.len(),
        rewritten: Vec::new(),
    };
    for (key, text) in changed {
        let staging = format!("{key}{STAGING_SUFFIX}");
        s3::put(aws, &bucket, &staging, text.as_bytes(), "application/json")?;
        s3::copy(aws, &bucket, &staging, &key)?;
        s3::delete(aws, &bucket, &staging)?;
        report.rewritten.push(format!("s3://{bucket}/{key}"));
    }
    Ok(report)
}

/// Suffix of the staging copy of a dictionary object being rewritten.
const STAGING_SUFFIX: &str = ".pdmctl-cleaning";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_come_out_one_per_line() {
        let text = "{\"a\": 1,\n \"b\": [1, 2]}\n{\"c\":2} {\"d\":3}\n[{\"e\":4},{\"f\":5}]\n";
        assert_eq!(
            one_document_per_line(text).unwrap(),
            "{\"a\":1,\"b\":[1,2]}\n{\"c\":2}\n{\"d\":3}\n{\"e\":4}\n{\"f\":5}\n"
        );
        assert_eq!(one_document_per_line("{\"a\":1}\n{oops}\n"), Err((2, 2)));
        let clean = "{\"a\":1}\n";
        assert_eq!(one_document_per_line(clean).unwrap(), clean);
    }
}
