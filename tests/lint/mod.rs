//! `pdmctl lint`: every check on a small project (code, file, line, column), plain-file mode,
//! the three output formats and the exit codes.

use crate::support::*;
use serde_json::Value;

/// Two environments; `extra` is a stage that runs only in `dev` (its flag is off in `prod`).
const YAML: &str = "\
defaults:
  region: eu-west-2
  run_record_table: data_pipeline_metadata
  parallelism: 2
  retry:
    enabled: true
    attempts: 3
    delay_seconds: 5
  step_failure_action: TERMINATE_CLUSTER
  initial_transactional_load: true
  create_hive_dynamo_table: false
  log_level: INFO
  relaunch_max_retries: 0
  external_tables: [s.outside]
  variables:
    model_database: m
    source_database: s
    views_database: v
environments:
  dev: {}
  prod:
    initial_transactional_load: false
stages:
  - name: source
    kind: hql
    folder: source
    variables: [source_database]
  - name: extra
    kind: hql
    folder: extra
    when: initial_transactional_load
    variables: [source_database]
  - name: model
    kind: hql
    folder: model
    variables: [model_database, source_database]
  - name: views
    kind: hql
    folder: views
    variables: [views_database, model_database]
  - name: create-views-tables
    kind: builtin
    variables: [views_database]
    views: [v_a]
";

const SOURCE: (&str, &str) = ("source/a.hql", "CREATE TABLE {{ source_database }}.a (x INT);\n");
const EXTRA: (&str, &str) = ("extra/e.hql", "CREATE TABLE {{ source_database }}.e (x INT);\n");
const MODEL: (&str, &str) = (
    "model/f.hql",
    "CREATE TABLE {{ model_database }}.f AS SELECT x FROM {{ source_database }}.a;\n",
);
const VIEW: (&str, &str) = (
    "views/v_a.hql",
    "CREATE VIEW {{ views_database }}.v_a AS SELECT * FROM {{ model_database }}.f;\n",
);

fn project(extra: &[(&str, &str)]) -> MiniProject {
    let mut files = vec![SOURCE, EXTRA, MODEL, VIEW];
    for (path, text) in extra {
        files.retain(|(p, _)| p != path);
        files.push((path, text));
    }
    MiniProject::new(YAML, &files)
}

/// Runs `pdmctl lint --format json` in the project; returns the diagnostics and exit code.
fn lint_json(p: &MiniProject, args: &[&str]) -> (Vec<Value>, i32) {
    let mut all = vec!["lint", "--format", "json"];
    all.extend_from_slice(args);
    let o = pdmctl(p.path(), &all);
    let diags: Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (diags.as_array().unwrap().clone(), o.status.code().unwrap())
}

/// (code, file, line, column) of each diagnostic.
fn places(d: &[Value]) -> Vec<(String, String, u64, u64)> {
    d.iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn one(code: &str, file: &str, line: u64, column: u64) -> Vec<(String, String, u64, u64)> {
    vec![(code.to_string(), file.to_string(), line, column)]
}

#[test]
fn a_clean_project_passes() {
    let p = project(&[]);
    let (d, code) = lint_json(&p, &[]);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(code, 0);
}

#[test]
fn the_project_pipeline_lints_clean_in_every_environment() {
    let o = pdmctl(repo(), &["lint"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("0 error(s), 0 warning(s) in "), "{}", stdout(&o));
}

#[test]
fn syntax_error_in_a_template_points_at_the_template_line_and_column() {
    // The variable shifts columns: the error must be at the template's column, not the rendered one.
    let p = project(&[(
        "model/f.hql",
        "-- model\nCREATE TABLE {{ model_database }}.f AS\nSELECT x FROM {{ source_database }}.a WHERE (;\nSELECT 1 FROM;\n",
    )]);
    let (d, code) = lint_json(&p, &[]);
    let col = "SELECT x FROM {{ source_database }}.a WHERE (".len() as u64 + 1;
    assert_eq!(
        places(&d),
        vec![
            ("PDM001".into(), "sql/model/f.hql".into(), 3, col),
            ("PDM001".into(), "sql/model/f.hql".into(), 4, 14),
        ]
    );
    assert_eq!(code, 1);
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("syntax error: Expected: an expression"));
}

#[test]
fn unterminated_last_statement_is_a_warning() {
    let p = project(&[(
        "model/f.hql",
        "CREATE TABLE {{ model_database }}.f AS\nSELECT x FROM {{ source_database }}.a",
    )]);
    let (d, code) = lint_json(&p, &[]);
    let col = "SELECT x FROM {{ source_database }}.a".len() as u64 + 1;
    assert_eq!(places(&d), one("PDM002", "sql/model/f.hql", 2, col));
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(code, 0);
    let (_, code) = lint_json(&p, &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn undefined_template_variable() {
    let p = project(&[(
        "model/f.hql",
        "CREATE TABLE {{ model_database }}.f AS\nSELECT x FROM {{ source_databse }}.a;\n",
    )]);
    let (d, code) = lint_json(&p, &[]);
    assert_eq!(places(&d), one("PDM003", "sql/model/f.hql", 2, 18));
    assert!(d[0]["message"].as_str().unwrap().contains("`source_databse`"));
    assert_eq!(code, 1);
}

#[test]
fn hive_variable_never_set() {
    let p = project(&[(
        "model/f.hql",
        "SET hivevar:lim=10;\nCREATE TABLE {{ model_database }}.f AS\nSELECT x FROM {{ source_database }}.a WHERE x > ${hivevar:min} LIMIT ${hivevar:lim};\n",
    )]);
    let (d, _) = lint_json(&p, &[]);
    let col = "SELECT x FROM {{ source_database }}.a WHERE x > ".len() as u64 + 1;
    assert_eq!(places(&d), one("PDM004", "sql/model/f.hql", 3, col));
}

#[test]
fn read_of_a_table_nothing_produces() {
    let p = project(&[(
        "model/f.hql",
        "CREATE TABLE {{ model_database }}.f AS\nSELECT x FROM {{ source_database }}.missing JOIN s.outside o ON 1=1;\n",
    )]);
    let (d, _) = lint_json(&p, &[]);
    assert_eq!(places(&d), one("PDM005", "sql/model/f.hql", 2, 15));
    assert!(d[0]["message"].as_str().unwrap().contains("`s.missing`"));
}

#[test]
fn only_some_environments_fail_and_are_named() {
    // `extra` runs only in dev, so s.e exists only there.
    let p = project(&[(
        "model/g.hql",
        "CREATE TABLE {{ model_database }}.g AS SELECT x FROM {{ source_database }}.e;\n",
    )]);
    let (d, code) = lint_json(&p, &[]);
    assert_eq!(places(&d), one("PDM005", "sql/model/g.hql", 1, 54));
    assert!(
        d[0]["message"].as_str().unwrap().ends_with("(in prod)"),
        "{}",
        d[0]["message"]
    );
    assert_eq!(code, 1);
    let (d, code) = lint_json(&p, &["--env", "dev"]);
    assert!(d.is_empty() && code == 0, "{d:?}");
}

#[test]
fn identical_diagnostics_of_several_environments_are_reported_once() {
    let p = project(&[("model/f.hql", "SELECT FROM;\n")]);
    let (d, _) = lint_json(&p, &[]);
    // One syntax error (not one per environment), at the token named; the broken file stops
    // the pipeline checks.
    assert_eq!(places(&d), one("PDM001", "sql/model/f.hql", 1, 8));
    assert!(!d[0]["message"].as_str().unwrap().contains("(in "));
}

#[test]
fn write_outside_the_pipeline_databases() {
    let p = project(&[(
        "model/h.hql",
        "CREATE TABLE {{ model_database }}.h (x INT);\nINSERT OVERWRITE TABLE scratch.h SELECT * FROM {{ model_database }}.h;\nCREATE TABLE scratch.h (x INT);\n",
    )]);
    let (d, _) = lint_json(&p, &[]);
    assert_eq!(places(&d), one("PDM006", "sql/model/h.hql", 2, 24));
}

#[test]
fn duplicate_writers_in_one_stage() {
    let p = project(&[(
        "model/z.hql",
        "-- also f\nINSERT INTO TABLE {{ model_database }}.f SELECT 1;\n",
    )]);
    let (d, _) = lint_json(&p, &[]);
    assert_eq!(places(&d), one("PDM007", "sql/model/z.hql", 2, 19));
    assert!(d[0]["message"].as_str().unwrap().contains("model/f.hql"));
}

#[test]
fn read_before_the_stage_that_produces_it() {
    let p = project(&[(
        "source/b.hql",
        "CREATE TABLE {{ source_database }}.b AS\n  SELECT * FROM m.f;\n",
    )]);
    let (d, _) = lint_json(&p, &[]);
    assert_eq!(places(&d), one("PDM008", "sql/source/b.hql", 2, 17));
    assert!(d[0]["message"].as_str().unwrap().contains("stage `model`"));
}

#[test]
fn drop_of_a_table_a_later_stage_reads() {
    let p = project(&[(
        "extra/e.hql",
        "CREATE TABLE {{ source_database }}.e (x INT);\nDROP TABLE {{ source_database }}.a;\n",
    )]);
    let (d, _) = lint_json(&p, &["--env", "dev"]);
    assert_eq!(places(&d), one("PDM009", "sql/extra/e.hql", 2, 12));
    assert!(d[0]["message"].as_str().unwrap().contains("stage `model`"));
}

#[test]
fn listed_view_that_no_file_defines() {
    let p = project(&[(
        "views/v_a.hql",
        "CREATE VIEW {{ views_database }}.v_b AS SELECT * FROM {{ model_database }}.f;\n",
    )]);
    let (d, _) = lint_json(&p, &[]);
    assert_eq!(places(&d)[0].0, "PDM010");
    assert_eq!(places(&d)[0].1, "pipelines.yaml");
    assert!(d[0]["message"].as_str().unwrap().contains("`v.v_a`"));
}

#[test]
fn dependency_cycle_within_a_stage() {
    let p = project(&[
        (
            "model/p.hql",
            "CREATE TABLE {{ model_database }}.p AS SELECT * FROM {{ model_database }}.q;\n",
        ),
        (
            "model/q.hql",
            "CREATE TABLE {{ model_database }}.q AS SELECT * FROM {{ model_database }}.p;\n",
        ),
    ]);
    let (d, _) = lint_json(&p, &[]);
    let codes: Vec<String> = places(&d).into_iter().map(|p| p.0).collect();
    assert_eq!(codes, vec!["PDM011"]);
    assert_eq!(d[0]["file"], "sql/model/p.hql");
}

#[test]
fn template_that_does_not_parse() {
    let p = project(&[("model/f.hql", "CREATE TABLE {{ model_database .f;\n")]);
    let (d, code) = lint_json(&p, &[]);
    assert_eq!(places(&d)[0].0, "PDM012");
    assert_eq!(places(&d)[0].1, "sql/model/f.hql");
    assert_eq!(code, 1);
}

#[test]
fn human_format_shows_the_line_and_a_caret() {
    let p = project(&[(
        "model/f.hql",
        "CREATE TABLE {{ model_database }}.f AS\nSELECT x FROM {{ source_database }}.a WHERE (;\n",
    )]);
    let o = pdmctl(p.path(), &["lint"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("sql/model/f.hql:2:46: error[PDM001]: syntax error: Expected: an expression, found: ;")
    );
    assert_eq!(lines.next(), Some("2 | SELECT x FROM {{ source_database }}.a WHERE (;"));
    assert_eq!(lines.next(), Some(&*format!("  | {}^", " ".repeat(45))));
    assert_eq!(lines.next(), Some("1 error(s), 0 warning(s) in 4 files"));
    assert!(!text.contains('\x1b'), "no colour when stdout is not a tty");
}

#[test]
fn github_format_annotates() {
    let p = project(&[("model/f.hql", "SELECT * FROM t WHERE;\n")]);
    let o = pdmctl(p.path(), &["lint", "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "::error file=sql/model/f.hql,line=1,col=22,endLine=1,endColumn=23,title=PDM001::syntax error: Expected: an expression, found: ;\n"
    );
}

#[test]
fn json_has_every_field() {
    let p = project(&[("model/f.hql", "SELECT FROM;\n")]);
    let (d, _) = lint_json(&p, &[]);
    let keys: Vec<&str> = d[0].as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "code",
        "message",
    ] {
        assert!(keys.contains(&k), "{k} missing: {keys:?}");
    }
    assert_eq!(
        (d[0]["end_line"].as_u64(), d[0]["end_column"].as_u64()),
        (Some(1), Some(12))
    );
}

#[test]
fn usage_and_config_errors_exit_2() {
    let p = project(&[]);
    for args in [
        vec!["lint", "--env", "nope"],
        vec!["lint", "--explain", "PDM999"],
        vec!["lint", "no/such/path.hql"],
        vec!["lint", "--format", "xml"],
    ] {
        let o = pdmctl(p.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let broken = MiniProject::new("defaults: {}\n", &[]);
    assert_eq!(pdmctl(broken.path(), &["lint"]).status.code(), Some(2));
}

#[test]
fn explain_prints_the_check() {
    let o = pdmctl(repo(), &["lint", "--explain", "PDM005"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("PDM005 (error): read of a table nothing produces"));
}

#[test]
fn plain_files_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    w(
        "ok.hql",
        "SET hivevar:d=2024;\nADD JAR s3://b/serde.jar;\nSELECT * FROM t WHERE d = '${hivevar:d}';\n",
    );
    w(
        "sub/bad.sql",
        "SELECT 1;\nSELECT a FROM t WHERE;\nSELECT 2;\nSELECT (1;\n",
    );
    w("sub/vars.q", "SELECT * FROM ${hivevar:db}.t LIMIT ${n};\n");
    w("notes.txt", "not SQL");
    let o = pdmctl(dir.path(), &["lint", "--format", "json", "ok.hql", "sub"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let d: Vec<Value> = serde_json::from_str::<Value>(&stdout(&o))
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        places(&d),
        vec![
            ("PDM001".into(), "sub/bad.sql".into(), 2, 22),
            ("PDM001".into(), "sub/bad.sql".into(), 4, 10),
            ("PDM004".into(), "sub/vars.q".into(), 1, 15),
            ("PDM004".into(), "sub/vars.q".into(), 1, 37),
        ]
    );
}

#[test]
fn the_dynamodb_storage_handler_table_parses() {
    let template =
        std::fs::read_to_string(repo().join("sql/create-hive-dynamo-table/create_hive_dynamo_table.hql")).unwrap();
    let sql = template
        .replace("{{ transactional_database }}", "uc_pdm_transactional")
        .replace("{{ run_record_table }}", "data_pipeline_metadata");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.hql"), sql).unwrap();
    let o = pdmctl(dir.path(), &["lint", "t.hql"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// The section of a markdown file that starts with `title` (up to the next `## `).
fn section(text: &str, title: &str) -> String {
    let rest = text.split(title).nth(1).unwrap_or_else(|| panic!("no section {title}"));
    rest.split("\n## ").next().unwrap().to_string()
}

/// The cells of a markdown table's rows (header and rule lines left out).
fn table_rows(section: &str) -> Vec<Vec<String>> {
    section
        .lines()
        .filter(|l| l.starts_with("| ") && l.ends_with(" |") && !l.starts_with("| file |") && !l.starts_with("| ---"))
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect())
        .collect()
}

/// The files of a corpus folder, as `tests/corpus/<folder>/<name>`.
fn corpus_files(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(repo().join("tests/corpus").join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| [".q", ".hql", ".sql"].iter().any(|x| n.ends_with(x)))
        .map(|n| format!("tests/corpus/{folder}/{n}"))
        .collect();
    files.sort();
    files
}

/// Every diagnostic of `pdmctl lint --format json` on a folder.
fn lint_folder(folder: &str) -> Vec<Value> {
    let o = pdmctl(repo(), &["lint", "--format", "json", &format!("tests/corpus/{folder}")]);
    serde_json::from_str::<Value>(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_corpus_file_has_its_origin_recorded() {
    let hive_tests = std::fs::read_to_string(repo().join("tests/corpus/hive/SOURCES.md")).unwrap();
    let own = std::fs::read_to_string(repo().join("tests/corpus/SOURCES.md")).unwrap();
    for (folder, tables) in [
        (
            "hive",
            vec![section(&hive_tests, "| file | repository"), section(&own, "## hive\n")],
        ),
        (
            "hive-broken",
            vec![
                section(&hive_tests, "## ../hive-broken"),
                section(&own, "## hive-broken"),
            ],
        ),
    ] {
        let mut listed: Vec<String> = tables
            .iter()
            .flat_map(|t| table_rows(t))
            .map(|row| format!("tests/corpus/{folder}/{}", row[0]))
            .collect();
        listed.sort();
        assert_eq!(
            listed,
            corpus_files(folder),
            "files of tests/corpus/{folder} and their origins"
        );
    }
}

#[test]
fn the_public_corpus_parses_and_every_broken_file_is_flagged_at_its_line() {
    // Valid files that do not parse yet are listed in hive/SOURCES.md, under "Not parsed yet".
    let hive_tests = std::fs::read_to_string(repo().join("tests/corpus/hive/SOURCES.md")).unwrap();
    let own = std::fs::read_to_string(repo().join("tests/corpus/SOURCES.md")).unwrap();
    let mut known: Vec<String> = table_rows(&section(&hive_tests, "## Not parsed yet"))
        .into_iter()
        .map(|row| format!("tests/corpus/hive/{}", row[0]))
        .collect();
    known.sort();
    let d = lint_folder("hive");
    let mut failing: Vec<String> = d
        .iter()
        .filter(|x| x["code"] == "PDM001")
        .map(|x| format!("{}: {}", x["file"].as_str().unwrap(), x["message"].as_str().unwrap()))
        .collect();
    failing.dedup();
    let failing_files: Vec<String> = failing
        .iter()
        .map(|f| f.split(": ").next().unwrap().to_string())
        .collect();
    assert_eq!(failing_files, known, "{failing:#?}");
    // The broken files' expected lines are the last column of both hive-broken tables.
    let mut expected: Vec<(String, u64)> = [
        section(&hive_tests, "## ../hive-broken"),
        section(&own, "## hive-broken"),
    ]
    .iter()
    .flat_map(|t| table_rows(t))
    .map(|row| {
        (
            format!("tests/corpus/hive-broken/{}", row[0]),
            row.last().unwrap().parse().unwrap(),
        )
    })
    .collect();
    expected.sort();
    assert_eq!(
        expected.len(),
        corpus_files("hive-broken").len(),
        "one row per broken file"
    );
    let d = lint_folder("hive-broken");
    let first: Vec<(String, u64)> = expected
        .iter()
        .map(|(file, _)| {
            let e = d.iter().find(|x| x["file"] == file.as_str() && x["code"] == "PDM001");
            (file.clone(), e.map_or(0, |e| e["line"].as_u64().unwrap()))
        })
        .collect();
    assert_eq!(first, expected);
}

#[test]
fn stages_no_environment_runs_are_still_parsed() {
    let yaml = YAML.replace(
        "  - name: model\n",
        "  - name: dynamo\n    kind: hql\n    folder: dynamo\n    when: create_hive_dynamo_table\n    variables: [source_database]\n  - name: model\n",
    );
    let p = MiniProject::new(
        &yaml,
        &[
            SOURCE,
            EXTRA,
            MODEL,
            VIEW,
            (
                "dynamo/d.hql",
                "CREATE EXTERNAL TABLE {{ source_database }}.d (a STRING)\nSTORED BY;\n",
            ),
        ],
    );
    let (d, code) = lint_json(&p, &[]);
    assert_eq!(places(&d), one("PDM001", "sql/dynamo/d.hql", 2, 10));
    assert!(!d[0]["message"].as_str().unwrap().contains("(in "));
    assert_eq!(code, 1);
}
