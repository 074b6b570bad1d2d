//! Maps a position in a rendered file back to its template, so messages point at what the
//! user edits. Substituted values never contain a newline, so where the template uses only
//! `{{ }}` expressions (no multi-line blocks), line N of the output is line N of the template
//! and only columns move; elsewhere the rendered position is kept.

use crate::error::Location;

pub struct SourceMap<'a> {
    template_path: &'a str,
    template_lines: Vec<&'a str>,
    rendered_lines: Vec<&'a str>,
    aligned: bool,
}

impl<'a> SourceMap<'a> {
    pub fn new(template_path: &'a str, template: &'a str, rendered: &'a str) -> Self {
        let template_lines: Vec<&str> = template.split('\n').collect();
        let rendered_lines: Vec<&str> = rendered.split('\n').collect();
        let aligned = template_lines.len() == rendered_lines.len();
        SourceMap {
            template_path,
            template_lines,
            rendered_lines,
            aligned,
        }
    }

    /// The template location of rendered `line`:`column` (1-based, columns in characters).
    pub fn locate(&self, line: usize, column: usize) -> Location {
        if !self.aligned || line == 0 || line > self.rendered_lines.len() {
            return Location::new(self.template_path, line.max(1), column.max(1));
        }
        let column = map_column(self.template_lines[line - 1], self.rendered_lines[line - 1], column);
        Location::new(self.template_path, line, column)
    }
}

/// Walks the template line's literal pieces and `{{ }}` expressions along the rendered line.
/// A column inside a substituted value maps to the start of its `{{`.
fn map_column(template: &str, rendered: &str, column: usize) -> usize {
    let t: Vec<char> = template.chars().collect();
    let r: Vec<char> = rendered.chars().collect();
    let target = column.saturating_sub(1);
    let (mut ti, mut ri) = (0usize, 0usize);
    while ti < t.len() {
        if t[ti] == '{' && t.get(ti + 1) == Some(&'{') {
            let Some(close) = (ti + 2..t.len().saturating_sub(1)).find(|&k| t[k] == '}' && t[k + 1] == '}') else {
                break;
            };
            // The literal after the expression tells where the value ends.
            let lit_end = (close + 2..t.len())
                .find(|&k| t[k] == '{' && t.get(k + 1) == Some(&'{'))
                .unwrap_or(t.len());
            let literal: Vec<char> = t[close + 2..lit_end].to_vec();
            let value_end = if literal.is_empty() {
                if lit_end == t.len() {
                    r.len()
                } else {
                    ri
                }
            } else {
                (ri..=r.len().saturating_sub(literal.len()))
                    .find(|&k| r[k..k + literal.len()] == literal[..])
                    .unwrap_or(r.len())
            };
            if target < value_end {
                return ti + 1;
            }
            ri = value_end;
            ti = close + 2;
        } else {
            if ri == target {
                return ti + 1;
            }
            ti += 1;
            ri += 1;
        }
    }
    ti + 1 + target.saturating_sub(ri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_move_past_substituted_values() {
        let t = "SELECT x FROM {{ db }}.tbl WHERE y = 1";
        let r = "SELECT x FROM uc_pdm_model.tbl WHERE y = 1";
        let m = SourceMap::new("t.hql", t, r);
        assert_eq!(m.locate(1, 8).column, 8); // x
        assert_eq!(m.locate(1, 15).column, 15); // inside the value -> the {{
        assert_eq!(m.locate(1, 28).column, t.find("tbl").unwrap() + 1);
        assert_eq!(
            m.locate(1, r.find("WHERE").unwrap() + 1).column,
            t.find("WHERE").unwrap() + 1
        );
    }

    #[test]
    fn unaligned_files_keep_rendered_positions() {
        let m = SourceMap::new("t.hql", "{% if a %}\nX\n{% endif %}", "X\n");
        assert_eq!(m.locate(1, 1), Location::new("t.hql", 1, 1));
    }
}
