//! The rules: what is wrong in one parsed file, and across the files of one environment
//! (the order's [`Violation`]s from `plan::order`, and writes outside the pipeline's databases).

use super::checks::*;
use super::report::Diagnostic;
use crate::bundle::Bundle;
use crate::error::{Location, Result};
use crate::pipeline::Pipeline;
use crate::plan::order::{self, Violation};
use crate::sql::analyse::FileAnalysis;
use crate::sql::dialect::Parsed;
use crate::sql::json_reads::{JsonReadKind, SerdeTable};
use crate::sql::row_format::DeclaredSerde;
use std::collections::{BTreeMap, BTreeSet};

/// Diagnostics of one parsed file: syntax errors, a last statement without `;`, unset Hive
/// variables. `locate` maps a parsed line:column to the file the user edits.
pub fn file_diagnostics(parsed: &Parsed, locate: &dyn Fn(usize, usize) -> Location) -> Vec<Diagnostic> {
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

/// The cross-file checks of one environment, all of them (plan stops at the first).
pub fn pipeline_checks(pipeline: &Pipeline, bundle: &Bundle, analyses: &[FileAnalysis]) -> Result<Vec<Diagnostic>> {
    let env = pipeline.environment(&bundle.environment)?;
    let mut out = Vec::new();
    let mut databases: BTreeSet<String> = bundle
        .variables
        .iter()
        .filter(|(k, _)| k.ends_with("_database"))
        .map(|(_, v)| v.to_lowercase())
        .collect();
    databases.extend(analyses.iter().flat_map(|a| a.databases.iter().cloned()));
    let inputs = crate::plan::order_inputs(pipeline, env, bundle);
    for a in analyses {
        for (table, at) in &a.writes {
            let db = table.split('.').next().unwrap_or("");
            if !databases.is_empty() && !databases.contains(db) && !inputs.externals.contains(table) {
                out.push(Diagnostic::new(
                    FOREIGN_DATABASE,
                    at,
                    format!(
                        "writes `{table}`, outside the pipeline's databases ({})",
                        databases.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    out.extend(json_read_checks(analyses));
    for v in order::order(&bundle.steps, analyses, &inputs).violations {
        let code = match v {
            Violation::DuplicateWriter { .. } => DUPLICATE_WRITER,
            Violation::UnproducedRead { .. } => UNPRODUCED_READ,
            Violation::ReadBeforeProducer { .. } => ORDER_VIOLATION,
            Violation::DropStillRead { .. } => DROP_STILL_READ,
            Violation::MissingView { .. } => MISSING_VIEW,
            Violation::Cycle { .. } => CYCLE,
        };
        out.push(Diagnostic::new(code, v.location(), v.message()));
    }
    Ok(out)
}

/// JSON paths that can never match on the cluster, and NULL tests of nested values that the
/// SerDe turns into the text `"null"`, for the tables the environment declares.
fn json_read_checks(analyses: &[FileAnalysis]) -> Vec<Diagnostic> {
    let tables: BTreeMap<&str, &SerdeTable> = analyses
        .iter()
        .flat_map(|a| a.serde_tables.iter().map(|(k, v)| (k.as_str(), v)))
        .collect();
    // The SerDe and table of the first root that names a column of a declared table: that is
    // the column Hive reads.
    let serde_of = |roots: &[crate::sql::json_reads::Root]| -> Option<(&DeclaredSerde, String)> {
        roots.iter().find_map(|r| {
            let t = tables.get(r.table.as_str())?;
            let serde = t.serde.as_ref().ok()?;
            t.columns
                .contains(&r.column)
                .then(|| (serde, format!("`{}` of `{}`", r.column, r.table)))
        })
    };
    let mut out = Vec::new();
    for read in analyses.iter().flat_map(|a| &a.json_reads) {
        let Some((serde, column)) = serde_of(&read.roots) else {
            continue;
        };
        match &read.kind {
            JsonReadKind::Path { function, path }
                if serde.lowers_nested_keys() && path.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                out.push(Diagnostic::new(
                    JSON_PATH_CASE,
                    &read.location,
                    format!(
                        "{function} '{path}' is NULL on every row: it reads {column}, whose SerDe ({}) lower-cases every key; write '{}' or set 'case.insensitive'='false'",
                        serde.class,
                        path.to_lowercase()
                    ),
                ));
            }
            JsonReadKind::NullTest { test } if serde.renders_nested_null_as_text() => {
                out.push(Diagnostic::new(
                    JSON_NULL_TEXT,
                    &read.location,
                    format!(
                        "{test} of get_json_object over {column}: the SerDe ({}) writes a nested JSON null as the text \"null\"; test nullif(get_json_object(...), 'null')",
                        serde.class
                    ),
                ));
            }
            _ => {}
        }
    }
    out
}
