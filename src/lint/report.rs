//! A lint's result and its three renderings: for people (the source line and a caret, colour
//! on a terminal), JSON, and GitHub Actions annotations.

use super::checks::{check, Severity};
use crate::error::Location;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

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
    pub fn new(code: &'static str, at: &Location, message: impl Into<String>) -> Self {
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
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        u8::from(self.errors() > 0 || (deny_warnings && self.warnings() > 0))
    }

    /// Ends each diagnostic at the end of the token it points at, sorts and drops duplicates.
    pub fn finish(&mut self) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::HIVEVAR_NOT_SET;

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
}
