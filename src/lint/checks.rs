//! The catalogue of checks: each has a stable code, a severity and the text `--explain` prints.

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_code_is_explained_once() {
        let codes: BTreeSet<&str> = CHECKS.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), CHECKS.len());
        assert!(explain("pdm001").unwrap().starts_with("PDM001 (error): syntax error"));
        assert!(explain("PDM999").is_none());
    }
}
