//! The Hive semantics differential table (`tests/engine/hive_semantics.tsv`): every query runs
//! through the engine as `pdmctl query local` runs it, and its rows, printed as Hive's CLI
//! prints them, must equal the table's text exactly. `scripts/hive-semantics` checks the
//! table's values against Spark SQL and Hive's own UDF classes. A failure lists every case
//! that differs.
#![cfg(feature = "engine")]

use pdmctl::engine::output::hive_cli;
use pdmctl::engine::Engine;
use std::path::PathBuf;

struct Case {
    line: usize,
    category: String,
    query: String,
    expected: String,
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn cases() -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/engine/hive_semantics.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            fields.len(),
            4,
            "{}:{}: expected 4 tab-separated fields",
            path.display(),
            i + 1
        );
        out.push(Case {
            line: i + 1,
            category: fields[0].to_string(),
            query: fields[1].to_string(),
            expected: unescape(fields[2]),
        });
    }
    out
}

fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = Engine::open(dir.path()).expect("engine");
    (dir, engine)
}

fn run(engine: &Engine, sql: &str) -> Result<String, String> {
    engine
        .query(sql)
        .map(|(_, batches)| hive_cli(&batches).join("\n"))
        .map_err(|e| e.to_string())
}

#[test]
fn every_case_gives_hives_answer() {
    let (_dir, engine) = engine();
    let cases = cases();
    assert!(cases.len() >= 300, "the table has {} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let got = run(&engine, &c.query).unwrap_or_else(|e| format!("ERROR: {e}"));
        if got != c.expected {
            failures.push(format!(
                "cases.tsv:{} {}: {}\n    hive:   {:?}\n    engine: {:?}",
                c.line, c.category, c.query, c.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Hive:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn what_the_engine_cannot_run_is_an_error_naming_it() {
    let (_dir, engine) = engine();
    for (sql, construct) in [
        ("SELECT posexplode(array(1, 2))", "posexplode"),
        (
            "SELECT x FROM (SELECT array(1) AS a) t LATERAL VIEW inline(a) i AS x",
            "LATERAL VIEW inline",
        ),
        (
            "SELECT percentile(x, 0.5) FROM (SELECT 1.5D AS x) t",
            "percentile takes integer columns",
        ),
        ("SELECT concat_ws('-', 1, 2)", "concat_ws"),
        (
            "SELECT date_format('2024-01-01', 'yyyy-qq')",
            "Illegal pattern character 'q'",
        ),
        ("SELECT regexp_replace('a', '(', 'b')", "regular expression `(`"),
        ("SELECT trunc(1.5, 0)", "trunc of a number"),
        ("SELECT pmod(1.5, 2)", "pmod of a DECIMAL"),
    ] {
        match run(&engine, sql) {
            Ok(rows) => panic!("{sql}: expected an error naming {construct}, got {rows:?}"),
            Err(e) => assert!(e.contains(construct), "{sql}: the error does not name {construct}: {e}"),
        }
    }
}
