//! The text pass that runs before HiveQL is tokenized. Hive's CLI handles two things before its
//! SQL parser sees a statement: variable substitution (`${x}`, `${hivevar:x}`, `${hiveconf:x}`,
//! `${env:X}`, `${system:x}`) and CLI commands whose arguments are free text (`SET k=v`, `ADD JAR`,
//! `dfs`, `source`, `!cmd`). Both are rewritten here into text the tokenizer accepts, with every
//! replacement the same length as what it replaces, so lines and columns stay exact.

/// A `${...}` reference found outside comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarUse {
    /// `hivevar`, `hiveconf`, `env`, `system`, ... or `None` for a bare `${x}`.
    pub namespace: Option<String>,
    pub name: String,
    /// 1-based position of the `$`, in characters.
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub sql: String,
    pub uses: Vec<VarUse>,
    /// Variables a `SET` assigns, as written (`hivevar:x`, `x`).
    pub sets: Vec<String>,
}

impl Prepared {
    /// Whether `SET` in the file gives the use a value (bare `${x}` looks in hivevar and hiveconf).
    pub fn is_set(&self, u: &VarUse) -> bool {
        self.sets.iter().any(|s| {
            let (ns, name) = match s.split_once(':') {
                Some((ns, name)) => (Some(ns.to_ascii_lowercase()), name),
                None => (None, s.as_str()),
            };
            name == u.name
                && match (&u.namespace, ns.as_deref()) {
                    (None, _) => true,
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    (Some(a), None) => a.eq_ignore_ascii_case("hiveconf"),
                }
        })
    }
}

/// CLI commands whose rest is free text, with how many leading words to keep as they are.
fn cli_command(words: &[String]) -> Option<usize> {
    let first = words.first()?.as_str();
    let second = words.get(1).map(String::as_str).unwrap_or("");
    let resource = matches!(second, "jar" | "jars" | "file" | "files" | "archive" | "archives");
    match first {
        "add" | "list" | "delete" if resource => Some(2),
        "dfs" | "source" | "reset" | "compile" | "crypto" => Some(1),
        _ => None,
    }
}

/// Keywords after which Hive expects a string literal, so a variable there stands for one.
const STRING_CONTEXT: &[&str] = &[
    "location",
    "inpath",
    "serde",
    "comment",
    "directory",
    "inputformat",
    "outputformat",
    "managedlocation",
];

pub fn prepare(sql: &str) -> Prepared {
    let c: Vec<char> = sql.chars().collect();
    let mut out: Vec<char> = c.clone();
    let mut uses = Vec::new();
    let mut sets = Vec::new();
    // Line and column of each char, computed once.
    let mut pos = Vec::with_capacity(c.len() + 1);
    let (mut line, mut col) = (1usize, 1usize);
    for &ch in &c {
        pos.push((line, col));
        if ch == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    pos.push((line, col));
    let mut i = 0;
    let mut at_start = true;
    let mut last_word = String::new();
    while i < c.len() {
        let ch = c[i];
        if ch == '-' && c.get(i + 1) == Some(&'-') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if ch == '/' && c.get(i + 1) == Some(&'*') {
            i += 2;
            while i < c.len() && !(c[i] == '*' && c.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i = (i + 2).min(c.len());
            continue;
        }
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        if at_start {
            at_start = false;
            if let Some(end) = cli_statement(&c, &mut out, i, &mut sets) {
                record_vars(&c, i, end, &pos, &mut uses);
                i = end;
                continue;
            }
        }
        match ch {
            ';' => {
                at_start = true;
                i += 1;
            }
            '\'' | '"' | '`' => {
                let start = i;
                i += 1;
                while i < c.len() && c[i] != ch {
                    if c[i] == '\\' && ch != '`' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(c.len());
                // Substitution happens inside strings too; the text stays, the use is recorded.
                record_vars(&c, start, i, &pos, &mut uses);
                last_word.clear();
            }
            '$' if c.get(i + 1) == Some(&'{') => {
                let Some(close) = var_end(&c, i, c.len()) else {
                    i += 1;
                    continue;
                };
                record_vars(&c, i, close + 1, &pos, &mut uses);
                let len = close + 1 - i;
                let placeholder: Vec<char> = if STRING_CONTEXT.contains(&last_word.as_str()) {
                    std::iter::once('\'')
                        .chain(std::iter::repeat_n('v', len - 2))
                        .chain(std::iter::once('\''))
                        .collect()
                } else {
                    // `$` starts an identifier in Hive; glued to neighbours it stays one name.
                    std::iter::once('$').chain(std::iter::repeat_n('v', len - 1)).collect()
                };
                out[i..=close].copy_from_slice(&placeholder);
                i = close + 1;
            }
            _ if ch.is_alphanumeric() || ch == '_' => {
                let start = i;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
                last_word = c[start..i].iter().collect::<String>().to_ascii_lowercase();
            }
            _ => {
                last_word.clear();
                i += 1;
            }
        }
    }
    Prepared {
        sql: out.into_iter().collect(),
        uses,
        sets,
    }
}

/// If the statement at `start` is a CLI command, masks its free text and returns where the
/// statement ends (at its `;` or the end of input).
fn cli_statement(c: &[char], out: &mut [char], start: usize, sets: &mut Vec<String>) -> Option<usize> {
    let end = (start..c.len()).find(|&k| c[k] == ';').unwrap_or(c.len());
    if c[start] == '!' {
        mask(c, out, start + 1, end);
        return Some(end);
    }
    // The first two words, lower case, and where each ends.
    let mut words = Vec::new();
    let mut ends = Vec::new();
    let mut k = start;
    while words.len() < 2 && k < end {
        while k < end && c[k].is_whitespace() {
            k += 1;
        }
        let s = k;
        while k < end && c[k].is_ascii_alphabetic() {
            k += 1;
        }
        if s == k {
            break;
        }
        words.push(c[s..k].iter().collect::<String>().to_ascii_lowercase());
        ends.push(k);
    }
    if words.first().map(String::as_str) == Some("set") {
        let rest = ends[0];
        if let Some(eq) = (rest..end).find(|&k| c[k] == '=') {
            let key: String = c[rest..eq].iter().collect::<String>().trim().to_string();
            if !key.is_empty() {
                sets.push(key);
            }
            let value: String = c[eq + 1..end].iter().collect();
            let simple = value
                .trim()
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.');
            if !simple {
                mask(c, out, eq + 1, end);
            }
        }
        return Some(end);
    }
    let keep = cli_command(&words)?;
    mask(c, out, ends[keep - 1], end);
    Some(end)
}

/// Rewrites the trimmed text in `from..to` as one single-quoted string of the same length
/// (or one letter when it is a single character), keeping line breaks.
fn mask(c: &[char], out: &mut [char], from: usize, to: usize) {
    let Some(s) = (from..to).find(|&k| !c[k].is_whitespace()) else {
        return;
    };
    let e = (s..to).rfind(|&k| !c[k].is_whitespace()).map(|k| k + 1).unwrap_or(s);
    if e - s == 1 {
        out[s] = 'x';
        return;
    }
    for k in s..e {
        out[k] = match c[k] {
            '\n' | '\r' => c[k],
            _ if k == s || k + 1 == e => '\'',
            '\'' | '\\' => ' ',
            other => other,
        };
    }
}

/// The `}` that closes the `${` at `start` (references nest: `${hivevar:${hivevar:b}}`),
/// if it comes before the end of the line and `to`.
fn var_end(c: &[char], start: usize, to: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = start;
    while k < to && c[k] != '\n' {
        if c[k] == '$' && c.get(k + 1) == Some(&'{') {
            depth += 1;
            k += 2;
            continue;
        }
        if c[k] == '}' {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
        k += 1;
    }
    None
}

/// Records every `${...}` in `c[from..to]`; a reference whose name is itself built from
/// references records those instead.
fn record_vars(c: &[char], from: usize, to: usize, pos: &[(usize, usize)], uses: &mut Vec<VarUse>) {
    let mut i = from;
    while i + 1 < to {
        if c[i] == '$' && c[i + 1] == '{' {
            if let Some(close) = var_end(c, i, to) {
                let inner: String = c[i + 2..close].iter().collect();
                if inner.contains("${") {
                    record_vars(c, i + 2, close, pos, uses);
                    i = close + 1;
                    continue;
                }
                let (namespace, name) = match inner.split_once(':') {
                    Some((ns, n)) => (Some(ns.to_string()), n.to_string()),
                    None => (None, inner),
                };
                uses.push(VarUse {
                    namespace,
                    name,
                    line: pos[i].0,
                    column: pos[i].1,
                    len: close + 1 - i,
                });
                i = close + 1;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_become_placeholders_of_equal_length() {
        let sql = "SELECT * FROM ${hivevar:db}.t WHERE d = '${hiveconf:d}' LOCATION ${loc};";
        let p = prepare(sql);
        assert_eq!(p.sql.len(), sql.len());
        assert_eq!(
            p.sql,
            "SELECT * FROM $vvvvvvvvvvvv.t WHERE d = '${hiveconf:d}' LOCATION 'vvvv';"
        );
        let names: Vec<(Option<&str>, &str, usize)> = p
            .uses
            .iter()
            .map(|u| (u.namespace.as_deref(), u.name.as_str(), u.column))
            .collect();
        assert_eq!(
            names,
            vec![
                (Some("hivevar"), "db", 15),
                (Some("hiveconf"), "d", 42),
                (None, "loc", 66)
            ]
        );
    }

    #[test]
    fn cli_commands_keep_their_keywords_and_mask_the_rest() {
        let sql = "add jar s3://b/x.jar;\nset mapred.job.name=My job's name;\ndfs -ls /x;\nset a=1;\nSET hivevar:db=x;";
        let p = prepare(sql);
        assert_eq!(
            p.sql,
            "add jar '3://b/x.ja';\nset mapred.job.name='y job s nam';\ndfs 'ls /';\nset a=1;\nSET hivevar:db=x;"
        );
        assert_eq!(p.sets, vec!["mapred.job.name", "a", "hivevar:db"]);
    }

    #[test]
    fn set_resolves_bare_and_namespaced_uses() {
        let p = prepare("SET hivevar:a=1; SET b=2; SELECT ${a}, ${hivevar:a}, ${hiveconf:b}, ${hivevar:b}, ${c};");
        let set: Vec<bool> = p.uses.iter().map(|u| p.is_set(u)).collect();
        assert_eq!(set, vec![true, true, true, false, false]);
    }

    #[test]
    fn nested_references_record_the_inner_ones() {
        let p = prepare("set hivevar:c=${hivevar:${hivevar:b}};\nSELECT ${hivevar:${hivevar:b}} FROM t;");
        let names: Vec<&str> = p.uses.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, vec!["b", "b"]);
        assert_eq!(p.sql.lines().nth(1), Some("SELECT $vvvvvvvvvvvvvvvvvvvvvv FROM t;"));
    }

    #[test]
    fn comments_are_left_alone() {
        let sql = "-- ${hivevar:x}; add jar\nSELECT 1 /* ${y} */;";
        let p = prepare(sql);
        assert_eq!(p.sql, sql);
        assert!(p.uses.is_empty());
    }
}
