//! Rendering: the Tera templates of every active HQL stage, for one environment and run, into a
//! [`Bundle`]. Templates are parsed once ([`Templates::load`]) and rendered per environment.
//!
//! May use: `error`, `pipeline`, `bundle`. The cluster templates of `backend::emr::cluster`
//! reuse its [`Template`], reference check and Tera error line.

pub mod source_map;

use crate::bundle::{sha256_hex, Bundle, BundleFile, BundleSettings, BundleStep};
use crate::error::{Error, Location, Result};
use crate::pipeline::run_values::{resolve_variables, RunValues};
use crate::pipeline::{Environment, Pipeline, Stage, StageKind};
use std::collections::{BTreeMap, BTreeSet};

/// One template file of a stage.
#[derive(Debug, Clone)]
pub struct Template {
    /// Name inside the bundle and in Tera: `<stage folder>/<file>.hql`.
    pub name: String,
    /// Path as users see it in messages: `sql/<folder>/<file>.hql` beside pipelines.yaml.
    pub path: String,
    pub source: String,
    /// Every identifier the template's `{{ }}` and `{% %}` blocks refer to, with its position.
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    pub line: usize,
    pub column: usize,
}

/// All templates of a pipeline, parsed once.
pub struct Templates {
    tera: tera::Tera,
    /// By stage name, in file-name order.
    by_stage: BTreeMap<String, Vec<Template>>,
}

impl Templates {
    pub fn load(pipeline: &Pipeline) -> Result<Templates> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![]);
        let mut by_stage = BTreeMap::new();
        for stage in pipeline.stages.iter().filter(|s| s.kind == StageKind::Hql) {
            let (Some(folder), Some(dir)) = (&stage.folder, pipeline.stage_dir(stage)) else {
                continue;
            };
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .map_err(|e| Error::io(&dir, e))?
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".hql"))
                .collect();
            names.sort();
            if names.is_empty() {
                return Err(Error::Config {
                    location: stage.location.clone(),
                    message: format!("stage `{}`: sql/{folder} has no .hql files", stage.name),
                });
            }
            let mut templates = Vec::new();
            for file in names {
                let full = dir.join(&file);
                let source = std::fs::read_to_string(&full).map_err(|e| Error::io(&full, e))?;
                let template = Template {
                    name: format!("{folder}/{file}"),
                    path: display_path(pipeline, folder, &file),
                    references: references(&source),
                    source,
                };
                tera.add_raw_template(&template.name, &template.source)
                    .map_err(|e| template_error(&template, &e))?;
                templates.push(template);
            }
            by_stage.insert(stage.name.clone(), templates);
        }
        Ok(Templates { tera, by_stage })
    }

    pub fn for_stage(&self, stage: &str) -> &[Template] {
        self.by_stage.get(stage).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every template, for lookups by bundle path.
    pub fn all(&self) -> impl Iterator<Item = &Template> {
        self.by_stage.values().flatten()
    }

    pub fn by_name(&self, name: &str) -> Option<&Template> {
        self.all().find(|t| t.name == name)
    }
}

fn display_path(pipeline: &Pipeline, folder: &str, file: &str) -> String {
    let rel = format!("sql/{folder}/{file}");
    if pipeline.root == std::path::Path::new(".") {
        rel
    } else {
        pipeline.root.join(rel).display().to_string()
    }
}

/// Renders every active stage of `env` for the run into a bundle.
pub fn render(pipeline: &Pipeline, templates: &Templates, env: &Environment, run: &RunValues) -> Result<Bundle> {
    let variables = resolve_variables(env, run)?;
    let mut steps = Vec::new();
    let mut files = Vec::new();
    for stage in pipeline.active_stages(env) {
        let mut step = BundleStep {
            name: stage.name.clone(),
            kind: stage.kind,
            failure_action: pipeline.failure_action(stage, env),
            parallelism: env.settings.parallelism,
            retry: env.settings.retry,
            files: Vec::new(),
            depends_on: BTreeMap::new(),
            views: stage.views.clone(),
        };
        for template in templates.for_stage(&stage.name) {
            first_undefined(undefined_in_stage(template, stage))?;
            let used: BTreeSet<&str> = template.references.iter().map(|r| r.name.as_str()).collect();
            let mut context = tera::Context::new();
            let mut file_vars = BTreeMap::new();
            for name in &stage.variables {
                // Every listed variable is resolved: listed names were checked at load.
                let value = variables.get(name).ok_or_else(|| {
                    Error::input("--correlation-id", format!("stage `{}` needs `{name}`", stage.name))
                })?;
                context.insert(name.as_str(), value);
                if used.contains(name.as_str()) {
                    file_vars.insert(name.clone(), value.clone());
                }
            }
            let content = templates
                .tera
                .render(&template.name, &context)
                .map_err(|e| template_error(template, &e))?;
            let sha256 = sha256_hex(content.as_bytes());
            step.files.push(template.name.clone());
            files.push(BundleFile {
                path: template.name.clone(),
                stage: stage.name.clone(),
                template: template.path.clone(),
                content,
                sha256,
                variables: file_vars,
            });
        }
        steps.push(step);
    }
    let settings = BundleSettings {
        region: env.settings.region.clone(),
        run_record_table: env.settings.run_record_table.clone(),
        log_level: env.settings.log_level,
        relaunch_max_retries: env.settings.relaunch_max_retries,
    };
    Ok(Bundle {
        environment: env.name.clone(),
        run: run.clone(),
        settings,
        variables,
        steps,
        files,
    })
}

/// The one undefined-variable check: every reference of the template that is neither a name
/// `known` accepts nor one the template binds itself (`{% for x in %}`, `{% set x = %}`), at
/// its position, with a message that ends with `(` + `provides` + `)`.
pub fn undefined_references(
    template: &Template,
    known: &dyn Fn(&str) -> bool,
    provides: &str,
) -> Vec<(Location, String)> {
    let bound = bound_names(&template.source);
    template
        .references
        .iter()
        .filter(|r| !known(&r.name) && !bound.contains(&r.name))
        .map(|r| {
            (
                Location::new(&template.path, r.line, r.column),
                format!("undefined variable `{}` ({provides})", r.name),
            )
        })
        .collect()
}

/// [`undefined_references`] for a stage's template: it may use the variables the stage receives.
pub fn undefined_in_stage(template: &Template, stage: &Stage) -> Vec<(Location, String)> {
    let receives = if stage.variables.is_empty() {
        "no variables".to_string()
    } else {
        stage.variables.join(", ")
    };
    undefined_references(
        template,
        &|name| stage.variables.iter().any(|v| v == name),
        &format!("stage `{}` receives: {receives}", stage.name),
    )
}

/// The first undefined reference as the error rendering stops at.
pub fn first_undefined(found: Vec<(Location, String)>) -> Result<()> {
    match found.into_iter().next() {
        None => Ok(()),
        Some((location, message)) => Err(Error::Template { location, message }),
    }
}

const TERA_WORDS: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "in",
    "endfor",
    "set",
    "set_global",
    "and",
    "or",
    "not",
    "true",
    "false",
    "True",
    "False",
    "is",
    "defined",
    "undefined",
    "raw",
    "endraw",
    "filter",
    "endfilter",
    "block",
    "endblock",
    "macro",
    "endmacro",
    "include",
    "import",
    "extends",
    "as",
    "break",
    "continue",
    "loop",
    "none",
];

/// Identifiers used inside `{{ }}` and `{% %}` blocks, skipping strings, filters (`| f`),
/// attributes (`.a`), function calls and Tera's own keywords.
pub fn references(source: &str) -> Vec<Reference> {
    let mut refs = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    let (mut line, mut line_start) = (1usize, 0usize);
    while i + 1 < bytes.len() {
        if bytes[i] == b'\n' {
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        let close = match &bytes[i..i + 2] {
            b"{{" => "}}",
            b"{%" => "%}",
            b"{#" => {
                // Comment: skip to its end, counting lines.
                let end = source[i..].find("#}").map(|e| i + e + 2).unwrap_or(bytes.len());
                for (k, b) in bytes[i..end].iter().enumerate() {
                    if *b == b'\n' {
                        line += 1;
                        line_start = i + k + 1;
                    }
                }
                i = end;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let end = source[i + 2..].find(close).map(|e| i + 2 + e).unwrap_or(bytes.len());
        let mut j = i + 2;
        let mut prev_significant = b' ';
        while j < end {
            let c = bytes[j];
            if c == b'\n' {
                line += 1;
                line_start = j + 1;
                j += 1;
            } else if c == b'"' || c == b'\'' || c == b'`' {
                j += 1;
                while j < end && bytes[j] != c {
                    if bytes[j] == b'\n' {
                        line += 1;
                        line_start = j + 1;
                    }
                    j += 1;
                }
                j += 1;
                prev_significant = c;
            } else if c.is_ascii_alphabetic() || c == b'_' {
                let start = j;
                while j < end && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                let word = &source[start..j];
                let is_call = bytes.get(j) == Some(&b'(');
                let after_kwarg =
                    source[j..end].trim_start().starts_with('=') && !source[j..end].trim_start().starts_with("==");
                if prev_significant != b'|'
                    && prev_significant != b'.'
                    && !is_call
                    && !after_kwarg
                    && !TERA_WORDS.contains(&word)
                {
                    refs.push(Reference {
                        name: word.to_string(),
                        line,
                        column: source[line_start..start].chars().count() + 1,
                    });
                }
                prev_significant = b'a';
            } else {
                if !c.is_ascii_whitespace() && c != b'-' {
                    prev_significant = c;
                }
                j += 1;
            }
        }
        i = end + 2;
    }
    refs
}

/// Names a template binds itself: loop variables and `set` targets.
pub fn bound_names(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for block in source.split("{%").skip(1) {
        let body = block
            .split("%}")
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('-')
            .trim();
        let mut words = body
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        match words.next() {
            Some("for") => {
                for w in words.by_ref() {
                    if w == "in" {
                        break;
                    }
                    names.insert(w.to_string());
                }
            }
            Some("set") | Some("set_global") => {
                if let Some(w) = words.next() {
                    names.insert(w.trim_end_matches('=').to_string());
                }
            }
            _ => {}
        }
    }
    names
}

/// A Tera error as one line at the template's location (Tera reports `--> L:C` for syntax errors).
pub(crate) fn template_error(template: &Template, err: &tera::Error) -> Error {
    use std::error::Error as _;
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let text = parts.join("\n");
    let (mut line, mut column) = (1, 1);
    if let Some(pos) = text.find("--> ") {
        let rest = &text[pos + 4..];
        let coords: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
        if let Some((l, c)) = coords.split_once(':') {
            line = l.parse().unwrap_or(1);
            column = c.parse().unwrap_or(1);
        }
    }
    // Keep the most specific line of Tera's message that says what is wrong.
    let message = text
        .lines()
        .map(str::trim)
        // Tera's parse errors say what it expected on a `= expected ...` line.
        .map(|l| l.strip_prefix("= ").unwrap_or(l))
        .rfind(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.starts_with('=')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
                && !l.starts_with("Failed to parse")
                && !l.starts_with("Failed to render")
        })
        .unwrap_or("template error")
        .to_string();
    Error::Template {
        location: Location::new(&template.path, line, column),
        message: format!("template error: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_with_positions() {
        let src = "SELECT 1;\n  FROM {{ model_database }}.x -- {{ a | upper }}\n{% if flag %}{{ b.c }}{% endif %}";
        let refs: Vec<(String, usize, usize)> = references(src)
            .into_iter()
            .map(|r| (r.name, r.line, r.column))
            .collect();
        assert_eq!(
            refs,
            vec![
                ("model_database".into(), 2, 11),
                ("a".into(), 2, 37),
                ("flag".into(), 3, 7),
                ("b".into(), 3, 17),
            ]
        );
    }

    #[test]
    fn loop_and_set_names_are_bound() {
        let names = bound_names("{% for t, c in tables %}{% set x = 1 %}{%- for y in z -%}");
        assert!(names.contains("t") && names.contains("c") && names.contains("x") && names.contains("y"));
    }
}
