//! `pdmctl lint`: every problem of the pipeline (or of plain Hive SQL files) in one pass, each
//! with a stable code, at the file, line and column the user edits.
//!
//! The pipeline is rendered for every environment asked for; each distinct rendered file is
//! parsed once (in parallel) with recovery at `;`, so one bad statement never hides the next.
//! Diagnostics found in several environments are reported once, naming the environments
//! when not all of them have it.
//!
//! [`checks`] is the catalogue, [`rules`] what each check looks for, [`report`] the result and
//! its renderings.
//!
//! May use: `error`, `pipeline`, `bundle`, `render`, `sql`, `plan`.

pub mod checks;
pub mod report;
pub mod rules;

use crate::bundle::{Bundle, BundleFile};
use crate::error::{Error, Location, Result};
use crate::pipeline::run_values::RunValues;
use crate::pipeline::{Pipeline, StageKind};
use crate::plan::project::Project;
use crate::render::{self, source_map::SourceMap, Templates};
use crate::sql::analyse::{self, FileAnalysis};
use crate::sql::dialect;
use checks::*;
pub use report::{Diagnostic, Report};
use rules::{file_diagnostics, pipeline_checks};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Runs `f` over `items` on every core, keeping the input order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("lint worker panicked"))
            .collect()
    })
}

const HIVE_EXTENSIONS: &[&str] = &["sql", "hql", "q"];

/// Lints `.sql`, `.hql` and `.q` files (folders are searched recursively) as plain Hive SQL.
pub fn lint_paths(paths: &[PathBuf]) -> Result<Report> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect(p, &mut files)?;
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            return Err(Error::input(
                "<PATH>",
                format!("{}: no such file or folder", p.display()),
            ));
        }
    }
    files.sort();
    files.dedup();
    let results = parallel_map(&files, |path| {
        let shown = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let parsed = dialect::parse(&text);
                let diags = file_diagnostics(&parsed, &|l, c| Location::new(&shown, l, c));
                (shown, Some(text), diags)
            }
            Err(e) => {
                let d = Diagnostic::new(SYNTAX, &Location::new(&shown, 1, 1), format!("cannot read: {e}"));
                (shown, None, vec![d])
            }
        }
    });
    let mut report = Report {
        files: files.len(),
        ..Report::default()
    };
    for (file, text, diags) in results {
        if !diags.is_empty() {
            if let Some(text) = text {
                report.sources.insert(file, text);
            }
            report.diagnostics.extend(diags);
        }
    }
    report.finish();
    Ok(report)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| HIVE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Lints the pipeline for the environments given (all when empty). Errors are usage or
/// configuration problems (exit 2); everything found in the SQL is in the report.
pub fn lint_pipeline(config: &Path, envs: &[String]) -> Result<Report> {
    let pipeline = Pipeline::load(config)?;
    let mut report = Report::default();
    let templates = match Templates::load(&pipeline) {
        Ok(t) => t,
        Err(Error::Template { location, message }) => {
            // A template that does not even parse stops rendering: report it alone.
            report.diagnostics.push(Diagnostic::new(TEMPLATE, &location, message));
            report.files = 1;
            add_sources(&mut report);
            report.finish();
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    let project = Project { pipeline, templates };
    let names: Vec<String> = if envs.is_empty() {
        project
            .pipeline
            .environment_names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        for e in envs {
            project.pipeline.environment(e)?;
        }
        envs.to_vec()
    };
    let run = RunValues::new(Some("2024-03-01"), None, None, Some("lint"), None)?;

    let undefined = undefined_variables(&project);
    let mut found: BTreeMap<Diagnostic, BTreeSet<String>> = BTreeMap::new();
    let mut bundles = Vec::new();
    for env in &names {
        match project.render(env, &run) {
            Ok(b) => bundles.push(b),
            // Undefined variables are reported for every file below; anything else here is
            // a template that fails to render.
            Err(Error::Template { location, message }) if undefined.is_empty() => {
                found
                    .entry(Diagnostic::new(TEMPLATE, &location, message))
                    .or_default()
                    .insert(env.clone());
            }
            Err(Error::Template { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    for d in undefined {
        found.entry(d).or_default().extend(names.iter().cloned());
    }

    // Each distinct rendered text is parsed once, whatever the number of environments.
    let mut unique: Vec<&BundleFile> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for b in &bundles {
        for f in &b.files {
            index.entry((f.path.as_str(), f.content.as_str())).or_insert_with(|| {
                unique.push(f);
                unique.len() - 1
            });
        }
    }
    let parsed: Vec<(Vec<Diagnostic>, Option<FileAnalysis>)> = parallel_map(&unique, |f| lint_file(&project, f));

    for b in &bundles {
        let results: Vec<&(Vec<Diagnostic>, Option<FileAnalysis>)> = b
            .files
            .iter()
            .map(|f| &parsed[index[&(f.path.as_str(), f.content.as_str())]])
            .collect();
        let mut diags: Vec<Diagnostic> = results.iter().flat_map(|r| r.0.iter().cloned()).collect();
        let analyses: Option<Vec<FileAnalysis>> = results.iter().map(|r| r.1.clone()).collect();
        // Tables of a file that does not parse are unknown: pipeline checks would only echo it.
        if let Some(analyses) = analyses {
            diags.extend(pipeline_checks(&project.pipeline, b, &analyses)?);
        }
        for d in diags {
            found.entry(d).or_default().insert(b.environment.clone());
        }
    }

    // Stages no linted environment runs (their `when` flag is off) are still checked for
    // syntax: rendered with every flag on, in the first environment.
    let inactive: Vec<&str> = project
        .pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Hql && bundles.iter().all(|b| b.step(&s.name).is_none()))
        .map(|s| s.name.as_str())
        .collect();
    if !inactive.is_empty() {
        let mut env = project.pipeline.environment(&names[0])?.clone();
        env.settings.initial_transactional_load = true;
        env.settings.create_hive_dynamo_table = true;
        if let Ok(b) = render::render(&project.pipeline, &project.templates, &env, &run) {
            let files: Vec<&BundleFile> = b
                .files
                .iter()
                .filter(|f| inactive.contains(&f.stage.as_str()))
                .collect();
            let diags = parallel_map(&files, |f| lint_file(&project, f).0);
            for d in diags.into_iter().flatten() {
                found.entry(d).or_default().extend(names.iter().cloned());
            }
        }
    }

    let all: BTreeSet<String> = names.iter().cloned().collect();
    for (mut d, envs) in found {
        if envs != all && names.len() > 1 {
            let list: Vec<&str> = names.iter().filter(|n| envs.contains(*n)).map(String::as_str).collect();
            d.message = format!("{} (in {})", d.message, list.join(", "));
        }
        report.diagnostics.push(d);
    }
    report.files = project.templates.all().count();
    add_sources(&mut report);
    report.finish();
    Ok(report)
}

/// Lints one environment's rendered bundle, as `submit` does before it sends anything: every
/// file's diagnostics and the cross-file checks.
pub fn lint_bundle(project: &Project, bundle: &Bundle) -> Result<Report> {
    let mut report = Report::default();
    let files: Vec<&BundleFile> = bundle.files.iter().collect();
    let results = parallel_map(&files, |f| lint_file(project, f));
    let analyses: Option<Vec<FileAnalysis>> = results.iter().map(|r| r.1.clone()).collect();
    for (diags, _) in results {
        report.diagnostics.extend(diags);
    }
    if let Some(analyses) = analyses {
        report
            .diagnostics
            .extend(pipeline_checks(&project.pipeline, bundle, &analyses)?);
    }
    report.files = bundle.files.len();
    add_sources(&mut report);
    report.finish();
    Ok(report)
}

/// One rendered file's diagnostics, and its analysis when it parses.
fn lint_file(project: &Project, f: &BundleFile) -> (Vec<Diagnostic>, Option<FileAnalysis>) {
    let template = project
        .templates
        .by_name(&f.path)
        .map(|t| t.source.as_str())
        .unwrap_or(&f.content);
    let parsed = dialect::parse(&f.content);
    let map = SourceMap::new(&f.template, template, &f.content);
    let diags = file_diagnostics(&parsed, &|l, c| map.locate(l, c));
    let analysis = parsed
        .errors
        .is_empty()
        .then(|| analyse::analyse_statements(f, template, &parsed.statements));
    (diags, analysis)
}

fn add_sources(report: &mut Report) {
    for d in &report.diagnostics {
        if !report.sources.contains_key(&d.file) {
            if let Ok(text) = std::fs::read_to_string(&d.file) {
                report.sources.insert(d.file.clone(), text);
            }
        }
    }
}

/// Every reference of every template that its stage does not provide (environment-independent).
fn undefined_variables(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for stage in project.pipeline.stages.iter().filter(|s| s.kind == StageKind::Hql) {
        for t in project.templates.for_stage(&stage.name) {
            for (at, message) in render::undefined_in_stage(t, stage) {
                out.push(Diagnostic::new(UNDEFINED_VARIABLE, &at, message));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let v: Vec<usize> = (0..103).collect();
        assert_eq!(parallel_map(&v, |x| x * 2), v.iter().map(|x| x * 2).collect::<Vec<_>>());
    }
}
