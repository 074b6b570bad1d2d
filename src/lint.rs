//! `pdmctl lint`: every problem of the pipeline (or of plain Hive SQL files) in one pass, each
//! with a stable code, at the file, line and column the user edits.
//!
//! The pipeline is rendered for every environment asked for; each distinct rendered file is
//! parsed once (in parallel) with recovery at `;`, so one bad statement never hides the next.
//! Diagnostics found in several environments are reported once, naming the environments
//! when not all of them have it.

use crate::analyse::{self, FileAnalysis};
use crate::bundle::{Bundle, BundleFile};
use crate::error::{Error, Location, Result};
use crate::hive_dialect::{self, Parsed};
use crate::pipeline::{Pipeline, StageKind};
use crate::render::{self, Templates};
use crate::run_values::{resolve_variables, RunValues};
use crate::source_map::SourceMap;
use crate::{plan, Project};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One check: its stable code, severity and the text `--explain` prints.
pub struct Check {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub explain: &'static str,
}

pub const SYNTAX: &str = "PDM001";
pub const UNTERMINATED: &str = "PDM002";
pub const UNDEFINED_VARIABLE: &str = "PDM003";
pub const HIVEVAR_NOT_SET: &str = "PDM004";
pub const UNPRODUCED_READ: &str = "PDM005";
pub const FOREIGN_DATABASE: &str = "PDM006";
pub const DUPLICATE_WRITER: &str = "PDM007";
pub const ORDER_VIOLATION: &str = "PDM008";
pub const DROP_STILL_READ: &str = "PDM009";
pub const MISSING_VIEW: &str = "PDM010";
pub const CYCLE: &str = "PDM011";
pub const TEMPLATE: &str = "PDM012";

pub const CHECKS: &[Check] = &[
    Check {
        code: SYNTAX,
        severity: Severity::Error,
        title: "syntax error",
        explain: "The statement does not parse as HiveQL. The position is that of the first token the \
parser could not take (for a template, the template's line and column; a position inside a \
substituted `{{ variable }}` points at its `{{`). Parsing resumes after the next `;`, so later \
statements of the file are still checked.",
    },
    Check {
        code: UNTERMINATED,
        severity: Severity::Warning,
        title: "statement not terminated",
        explain: "The last statement of the file has no `;`. Hive's CLI and Beeline treat a missing final \
`;` differently (some versions ignore the statement); end every statement with `;`.",
    },
    Check {
        code: UNDEFINED_VARIABLE,
        severity: Severity::Error,
        title: "undefined template variable",
        explain: "A `{{ name }}` (or a name in a `{% %}` block) that the file's stage does not receive \
(pipelines.yaml, the stage's `variables`) and that the template does not bind itself with \
`{% set %}` or `{% for %}`. Rendering would fail. Add the variable to the stage or fix the name.",
    },
    Check {
        code: HIVEVAR_NOT_SET,
        severity: Severity::Warning,
        title: "Hive variable never set",
        explain: "A `${hivevar:x}` or `${x}` reference with no `SET hivevar:x=...` (or `SET x=...`) in \
the file. Hive leaves an unset reference as literal text, so the statement would run with \
`${x}` in it. Fine when the caller passes `--hivevar x=...`; a warning, so it fails only with \
`--deny-warnings`. `${env:X}`, `${system:x}` and `${hiveconf:x}` are not checked.",
    },
    Check {
        code: UNPRODUCED_READ,
        severity: Severity::Error,
        title: "read of a table nothing produces",
        explain: "The file reads (or inserts into) a table that no earlier file of its stage and no \
earlier stage creates. If the table exists outside the pipeline, list it in `external_tables` \
in pipelines.yaml.",
    },
    Check {
        code: FOREIGN_DATABASE,
        severity: Severity::Error,
        title: "write outside the pipeline's databases",
        explain: "The file creates, inserts into or drops a table in a database that is not one of the \
pipeline's (the values of its `*_database` variables and the databases it creates). An \
unqualified name lands in `default` unless a `USE` says otherwise.",
    },
    Check {
        code: DUPLICATE_WRITER,
        severity: Severity::Error,
        title: "two files of a stage write one table",
        explain: "Files of one stage run in parallel, ordered only by the tables they read. Two of them \
writing the same table leaves the result to chance. Move one write to another stage or merge \
the files.",
    },
    Check {
        code: ORDER_VIOLATION,
        severity: Severity::Error,
        title: "read before the stage that produces it",
        explain: "The file reads a table that a later stage creates: when this stage runs, the table \
does not exist yet. Move the reading file to a later stage or the producer to an earlier one.",
    },
    Check {
        code: DROP_STILL_READ,
        severity: Severity::Error,
        title: "DROP of a table a later stage reads",
        explain: "The file drops a table (and does not re-create it) that a later stage still reads.",
    },
    Check {
        code: MISSING_VIEW,
        severity: Severity::Error,
        title: "listed view not defined",
        explain: "`create-views-tables` in pipelines.yaml lists a view that no file of the pipeline \
creates in the views database, so materialising it would fail.",
    },
    Check {
        code: CYCLE,
        severity: Severity::Error,
        title: "dependency cycle",
        explain: "Files of one stage read each other's tables in a loop, so no order can run them.",
    },
    Check {
        code: TEMPLATE,
        severity: Severity::Error,
        title: "template error",
        explain: "The Tera template itself does not parse or render (an unclosed `{{`, an unknown filter, ...).",
    },
];

pub fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// `--explain CODE`
pub fn explain(code: &str) -> Option<String> {
    check(code).map(|c| format!("{} ({}): {}\n\n{}\n", c.code, c.severity.as_str(), c.title, c.explain))
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

impl Diagnostic {
    fn new(code: &'static str, at: &Location, message: impl Into<String>) -> Self {
        let severity = check(code).map(|c| c.severity).unwrap_or(Severity::Error);
        Diagnostic {
            file: at.file.clone(),
            line: at.line,
            column: at.column,
            end_line: at.line,
            end_column: at.column,
            severity,
            code,
            message: message.into(),
        }
    }
}

/// The result of a lint: diagnostics in file, line, column order, and the text of each file
/// they name (for the source line under each message).
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: BTreeMap<String, String>,
    pub files: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// 0 when clean, 1 on any error (or warning with `deny_warnings`).
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        i32::from(self.errors() > 0 || (deny_warnings && self.warnings() > 0))
    }

    /// Ends each diagnostic at the end of the token it points at, sorts and drops duplicates.
    fn finish(&mut self) {
        for d in &mut self.diagnostics {
            if let Some(line) = self
                .sources
                .get(&d.file)
                .and_then(|s| s.split('\n').nth(d.line.saturating_sub(1)))
            {
                let rest: Vec<char> = line.chars().skip(d.column.saturating_sub(1)).collect();
                let len = match rest.first() {
                    Some('$') if rest.get(1) == Some(&'{') => rest.iter().position(|c| *c == '}').map_or(1, |p| p + 1),
                    Some('{') if rest.get(1) == Some(&'{') => {
                        rest.windows(2).position(|w| w == ['}', '}']).map_or(2, |p| p + 2)
                    }
                    Some(c) if c.is_alphanumeric() || *c == '_' || *c == '`' => rest
                        .iter()
                        .skip(1)
                        .position(|c| !(c.is_alphanumeric() || *c == '_' || *c == '`'))
                        .map_or(rest.len(), |p| p + 1),
                    _ => 1,
                };
                d.end_column = d.column + len;
            } else {
                d.end_column = d.column + 1;
            }
        }
        self.diagnostics.sort();
        self.diagnostics.dedup();
    }

    pub fn to_human(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let mut out = String::new();
        for d in &self.diagnostics {
            let sev = match d.severity {
                Severity::Error => paint("1;31", &format!("error[{}]", d.code)),
                Severity::Warning => paint("1;33", &format!("warning[{}]", d.code)),
            };
            let _ = writeln!(
                out,
                "{}: {sev}: {}",
                paint("1", &format!("{}:{}:{}", d.file, d.line, d.column)),
                d.message
            );
            if let Some(line) = self
                .sources
                .get(&d.file)
                .and_then(|s| s.split('\n').nth(d.line.saturating_sub(1)))
            {
                let number = d.line.to_string();
                let pad = " ".repeat(number.len());
                let width = d.end_column.saturating_sub(d.column).max(1);
                // Tabs stay tabs under the caret, so it lines up whatever the tab width.
                let lead: String = line
                    .chars()
                    .take(d.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{} | {}", paint("34", &number), line.trim_end_matches('\r'));
                let _ = writeln!(out, "{pad} | {lead}{}", paint("1;31", &"^".repeat(width)));
            }
        }
        let files = if self.files == 1 { "file" } else { "files" };
        let _ = writeln!(
            out,
            "{} error(s), {} warning(s) in {} {files}",
            self.errors(),
            self.warnings(),
            self.files
        );
        out
    }

    pub fn to_json(&self) -> Value {
        Value::Array(
            self.diagnostics
                .iter()
                .map(|d| {
                    json!({
                        "file": d.file,
                        "line": d.line,
                        "column": d.column,
                        "end_line": d.end_line,
                        "end_column": d.end_column,
                        "severity": d.severity.as_str(),
                        "code": d.code,
                        "message": d.message,
                    })
                })
                .collect(),
        )
    }

    /// GitHub Actions workflow commands: one annotation per diagnostic.
    pub fn to_github(&self) -> String {
        fn data(s: &str) -> String {
            s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
        }
        fn property(s: &str) -> String {
            data(s).replace(':', "%3A").replace(',', "%2C")
        }
        let mut out = String::new();
        for d in &self.diagnostics {
            let _ = writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                d.severity.as_str(),
                property(&d.file),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.code,
                data(&d.message)
            );
        }
        out
    }
}

/// Diagnostics of one parsed file: syntax errors, a last statement without `;`, unset Hive
/// variables. `locate` maps a parsed line:column to the file the user edits.
fn file_diagnostics(parsed: &Parsed, locate: &dyn Fn(usize, usize) -> Location) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &parsed.errors {
        out.push(Diagnostic::new(
            SYNTAX,
            &locate(e.line, e.column),
            format!("syntax error: {}", e.message),
        ));
    }
    if let (Some((line, column)), true) = (parsed.unterminated, parsed.errors.is_empty()) {
        out.push(Diagnostic::new(
            UNTERMINATED,
            &locate(line, column),
            "the last statement is not terminated by `;`",
        ));
    }
    for u in &parsed.text.uses {
        let checked = matches!(u.namespace.as_deref(), None | Some("hivevar"));
        if checked && !parsed.text.is_set(u) {
            let written = match &u.namespace {
                Some(ns) => format!("{ns}:{}", u.name),
                None => u.name.clone(),
            };
            out.push(Diagnostic::new(
                HIVEVAR_NOT_SET,
                &locate(u.line, u.column),
                format!(
                    "`${{{written}}}` is never set in this file (SET hivevar:{}=...)",
                    u.name
                ),
            ));
        }
    }
    out
}

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
                let parsed = hive_dialect::parse(&text);
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
    let sources: HashMap<&str, &str> = project
        .templates
        .all()
        .map(|t| (t.name.as_str(), t.source.as_str()))
        .collect();
    let parsed: Vec<(Vec<Diagnostic>, Option<FileAnalysis>)> = parallel_map(&unique, |f| {
        let template = sources.get(f.path.as_str()).copied().unwrap_or(&f.content);
        let parsed = hive_dialect::parse(&f.content);
        let map = SourceMap::new(&f.template, template, &f.content);
        let diags = file_diagnostics(&parsed, &|l, c| map.locate(l, c));
        let analysis = parsed
            .errors
            .is_empty()
            .then(|| analyse::analyse_statements(f, template, &parsed.statements));
        (diags, analysis)
    });

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
            diags.extend(pipeline_checks(&project.pipeline, b, &analyses, &run)?);
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
            let diags = parallel_map(&files, |f| {
                let template = sources.get(f.path.as_str()).copied().unwrap_or(&f.content);
                let map = SourceMap::new(&f.template, template, &f.content);
                file_diagnostics(&hive_dialect::parse(&f.content), &|l, c| map.locate(l, c))
            });
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
            let bound = render::bound_names(&t.source);
            for r in &t.references {
                if !stage.variables.contains(&r.name) && !bound.contains(&r.name) {
                    let receives = if stage.variables.is_empty() {
                        "no variables".to_string()
                    } else {
                        stage.variables.join(", ")
                    };
                    out.push(Diagnostic::new(
                        UNDEFINED_VARIABLE,
                        &Location::new(&t.path, r.line, r.column),
                        format!(
                            "undefined variable `{}` (stage `{}` receives: {receives})",
                            r.name, stage.name
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// The cross-file checks of one environment, all of them (plan stops at the first).
fn pipeline_checks(
    pipeline: &Pipeline,
    bundle: &Bundle,
    analyses: &[FileAnalysis],
    run: &RunValues,
) -> Result<Vec<Diagnostic>> {
    let env = pipeline.environment(&bundle.environment)?;
    let variables = resolve_variables(env, run)?;
    let mut out = Vec::new();
    let mut databases: BTreeSet<String> = variables
        .iter()
        .filter(|(k, _)| k.ends_with("_database"))
        .map(|(_, v)| v.to_lowercase())
        .collect();
    databases.extend(analyses.iter().flat_map(|a| a.databases.iter().cloned()));
    let externals: BTreeSet<String> = env.settings.external_tables.iter().map(|t| t.to_lowercase()).collect();

    // Which stage first creates each table, to tell "later stage" from "nothing".
    let stage_index: BTreeMap<&str, usize> = bundle
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let mut creator: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for a in analyses {
        let i = stage_index.get(a.stage.as_str()).copied().unwrap_or(0);
        for t in a.creates.keys() {
            creator.entry(t.as_str()).or_insert((i, a.stage.as_str()));
        }
    }

    let mut produced: BTreeSet<String> = externals.clone();
    let mut dropped: BTreeMap<String, (Location, String)> = BTreeMap::new();
    let mut reported_drops = BTreeSet::new();
    let mut clean = true;
    for (i, step) in bundle.steps.iter().enumerate() {
        let files: Vec<&FileAnalysis> = analyses.iter().filter(|a| a.stage == step.name).collect();
        let mut writer: BTreeMap<&str, (&str, &Location)> = BTreeMap::new();
        for f in &files {
            for (table, at) in &f.writes {
                let db = table.split('.').next().unwrap_or("");
                if !databases.is_empty() && !databases.contains(db) && !externals.contains(table) {
                    out.push(Diagnostic::new(
                        FOREIGN_DATABASE,
                        at,
                        format!(
                            "writes `{table}`, outside the pipeline's databases ({})",
                            databases.iter().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                match writer.get(table.as_str()) {
                    Some((other, other_at)) if *other != f.path => {
                        clean = false;
                        out.push(Diagnostic::new(
                            DUPLICATE_WRITER,
                            at,
                            format!(
                                "`{table}` is also written by {other} ({other_at}), in the same stage `{}`",
                                step.name
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        writer.insert(table, (&f.path, at));
                    }
                }
            }
        }
        for f in &files {
            for (table, at) in &f.reads {
                if writer.contains_key(table.as_str()) || produced.contains(table) {
                    continue;
                }
                clean = false;
                if let Some((drop_at, drop_stage)) = dropped.get(table) {
                    if reported_drops.insert(table.clone()) {
                        let mut d = Diagnostic::new(
                            DROP_STILL_READ,
                            drop_at,
                            format!("drops `{table}`, which stage `{}` still reads ({at})", step.name),
                        );
                        d.message.push_str(&format!(" after stage `{drop_stage}`"));
                        out.push(d);
                    }
                    continue;
                }
                match creator.get(table.as_str()) {
                    Some((j, stage)) if *j > i => out.push(Diagnostic::new(
                        ORDER_VIOLATION,
                        at,
                        format!("reads `{table}`, which stage `{stage}` creates only after this stage `{}`", step.name),
                    )),
                    _ => out.push(Diagnostic::new(
                        UNPRODUCED_READ,
                        at,
                        format!(
                            "reads `{table}`, which no earlier file or stage produces (declare it in external_tables if it exists outside the pipeline)"
                        ),
                    )),
                }
            }
        }
        for f in &files {
            produced.extend(f.creates.keys().cloned());
            for (table, at) in &f.writes {
                if !f.creates.contains_key(table) && !f.reads.contains_key(table) {
                    produced.remove(table);
                    dropped.insert(table.clone(), (at.clone(), step.name.clone()));
                } else {
                    dropped.remove(table);
                }
            }
        }
        if !step.views.is_empty() {
            let stage = pipeline.stages.iter().find(|s| s.name == step.name);
            let db = variables.get("views_database").map(String::as_str).unwrap_or("default");
            for v in &step.views {
                let table = format!("{db}.{v}");
                if !produced.contains(&table) {
                    let at = stage
                        .map(|s| s.location.clone())
                        .unwrap_or_else(|| Location::new(&pipeline.file, 1, 1));
                    out.push(Diagnostic::new(
                        MISSING_VIEW,
                        &at,
                        format!(
                            "{}: view `{table}` is listed but no file of the pipeline creates it",
                            step.name
                        ),
                    ));
                }
            }
        }
    }
    // Cycles are the one thing left that only ordering finds.
    if clean {
        if let Err(Error::Plan { location, message }) = plan::build(pipeline, env, bundle, analyses, None) {
            if message.contains("cycle") {
                out.push(Diagnostic::new(CYCLE, &location, message));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained_once() {
        let codes: BTreeSet<&str> = CHECKS.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), CHECKS.len());
        assert!(explain("pdm001").unwrap().starts_with("PDM001 (error): syntax error"));
        assert!(explain("PDM999").is_none());
    }

    #[test]
    fn github_annotations_escape_data_and_properties() {
        let mut r = Report::default();
        r.diagnostics.push(Diagnostic {
            file: "a,b:c.hql".into(),
            line: 2,
            column: 3,
            end_line: 2,
            end_column: 4,
            severity: Severity::Warning,
            code: HIVEVAR_NOT_SET,
            message: "50% done\nnext".into(),
        });
        assert_eq!(
            r.to_github(),
            "::warning file=a%2Cb%3Ac.hql,line=2,col=3,endLine=2,endColumn=4,title=PDM004::50%25 done%0Anext\n"
        );
    }

    #[test]
    fn parallel_map_keeps_order() {
        let v: Vec<usize> = (0..103).collect();
        assert_eq!(parallel_map(&v, |x| x * 2), v.iter().map(|x| x * 2).collect::<Vec<_>>());
    }
}
