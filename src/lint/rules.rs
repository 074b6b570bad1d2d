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
use std::collections::BTreeSet;

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
