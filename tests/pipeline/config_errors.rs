//! Every way pipelines.yaml, a template or a run value can be wrong gives one exact line
//! with its location, and nothing is written.

use crate::support::*;
use pdmctl::pipeline::run_values::RunValues;
use pdmctl::Project;

fn run() -> RunValues {
    RunValues::new(Some("2024-03-01"), None, None, None, None).unwrap()
}

/// Loads (and plans `dev`) and returns the error line; `pdmctl render` of the same project
/// fails with that line and writes nothing.
fn error_of(yaml: &str, files: &[(&str, &str)]) -> String {
    let p = MiniProject::new(yaml, files);
    let result = Project::load(&p.config()).and_then(|project| project.plan("dev", &run(), None).map(|_| ()));
    let err = result.expect_err("should fail").to_string();
    // Locations are printed relative to the project; strip the temp folder.
    let err = err.replace(&format!("{}/", p.path().display()), "");
    let before = tree(p.path());
    let o = pdmctl(p.path(), &["render", "dev", "--date", "2024-03-01", "--out", "out"]);
    assert!(!o.status.success(), "{}", out(&o));
    assert_eq!(
        stderr(&o),
        format!("error: {err}\n"),
        "the command line gives the same line"
    );
    assert_eq!(tree(p.path()), before, "nothing is written");
    err
}

fn ok_files() -> Vec<(&'static str, &'static str)> {
    vec![
        MINI_SOURCE,
        (
            "model/b.hql",
            "CREATE TABLE {{ model_database }}.b AS SELECT x FROM {{ source_database }}.a;\n",
        ),
    ]
}

#[test]
fn the_mini_project_is_valid() {
    let p = MiniProject::new(MINI_YAML, &ok_files());
    let project = Project::load(&p.config()).unwrap();
    let (bundle, plan) = project.plan("dev", &run(), None).unwrap();
    assert_eq!(bundle.files.len(), 2);
    assert_eq!(plan.steps.len(), 2);
}

#[test]
fn unknown_key() {
    let yaml = MINI_YAML.replace("  parallelism: 2\n", "  parallelism: 2\n  paralelism: 3\n");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:5:3: unknown field `paralelism`, expected one of region, run_record_table, parallelism, retry, step_failure_action, initial_transactional_load, create_hive_dynamo_table, log_level, relaunch_max_retries, external_tables, variables"
    );
}

#[test]
fn wrong_type() {
    let yaml = MINI_YAML.replace("  parallelism: 2\n", "  parallelism: many\n");
    assert_eq!(error_of(&yaml, &ok_files()), "pipelines.yaml:4:16: invalid u32");
}

#[test]
fn wrong_enum_value() {
    let yaml = MINI_YAML.replace("    step_failure_action: CONTINUE", "    step_failure_action: EXPLODE");
    let err = error_of(&yaml, &ok_files());
    assert!(
        err.starts_with("pipelines.yaml:20:26: unknown variant `EXPLODE`"),
        "{err}"
    );
}

#[test]
fn duplicate_stage() {
    let yaml = format!("{MINI_YAML}  - name: model\n    kind: hql\n    folder: model\n");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:30:11: duplicate stage `model` (first declared at pipelines.yaml:26:5)"
    );
}

#[test]
fn missing_stage_folder() {
    let yaml = MINI_YAML.replace("    folder: model\n", "    folder: modle\n");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:28:13: stage `model`: folder `sql/modle` does not exist"
    );
}

#[test]
fn stage_folder_cannot_climb_out_of_sql() {
    let yaml = MINI_YAML.replace("    folder: model\n", "    folder: ../model\n");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:28:13: stage `model`: folder `sql/../model` does not exist"
    );
}

#[test]
fn environment_overrides_an_undefined_setting() {
    let yaml = MINI_YAML.replace(
        "    step_failure_action: CONTINUE",
        "    step_failure_action: CONTINUE\n    max_workers: 3",
    );
    let err = error_of(&yaml, &ok_files());
    assert!(
        err.starts_with("pipelines.yaml:21:5: unknown field `max_workers`"),
        "{err}"
    );
}

#[test]
fn environment_overrides_an_undefined_variable() {
    let yaml = MINI_YAML.replace(
        "    step_failure_action: CONTINUE",
        "    variables:\n      modl_database: x",
    );
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:21:22: variable `modl_database` is not defined in defaults.variables, so it cannot be overridden"
    );
}

#[test]
fn duplicate_key() {
    let yaml = MINI_YAML.replace("  region: eu-west-2\n", "  region: eu-west-2\n  region: eu-west-1\n");
    let err = error_of(&yaml, &ok_files());
    assert!(
        err.starts_with("pipelines.yaml:3:3: duplicate mapping key: region"),
        "{err}"
    );
}

#[test]
fn missing_default_setting() {
    let yaml = MINI_YAML.replace("  log_level: INFO\n", "");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:2:3: defaults: missing setting `log_level`"
    );
}

#[test]
fn stage_variable_not_defined() {
    let yaml = MINI_YAML.replace("[model_database, source_database]", "[model_database, sauce_database]");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:29:33: stage `model`: variable `sauce_database` is not defined in defaults.variables"
    );
}

#[test]
fn unknown_when_condition() {
    let yaml = MINI_YAML.replace("    folder: model\n", "    folder: model\n    when: nightly\n");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:29:11: stage `model`: `when: nightly` is not a boolean setting (one of: initial_transactional_load, create_hive_dynamo_table)"
    );
}

#[test]
fn zero_parallelism() {
    let yaml = MINI_YAML.replace("  parallelism: 2\n", "  parallelism: 0\n");
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:4:16: parallelism must be at least 1"
    );
}

#[test]
fn variable_reference_cycle_and_unknown_reference() {
    let yaml = MINI_YAML
        .replace(
            "    model_database: m\n",
            "    model_database: \"{source_database}_m\"\n",
        )
        .replace(
            "    source_database: s\n",
            "    source_database: \"{model_database}\"\n",
        );
    assert_eq!(
        error_of(&yaml, &ok_files()),
        "pipelines.yaml:16:21: variable references form a cycle: model_database -> source_database -> model_database"
    );
    let yaml = MINI_YAML.replace("    model_database: m\n", "    model_database: \"{nope}\"\n");
    let err = error_of(&yaml, &ok_files());
    assert!(
        err.starts_with("pipelines.yaml:16:21: variable `model_database` refers to `{nope}`"),
        "{err}"
    );
}

#[test]
fn undefined_template_variable_names_template_file_and_line() {
    let files = vec![
        MINI_SOURCE,
        (
            "model/b.hql",
            "-- b\nCREATE TABLE {{ model_database }}.b\nAS SELECT x FROM {{ transform_database }}.a;\n",
        ),
    ];
    assert_eq!(
        error_of(MINI_YAML, &files),
        "sql/model/b.hql:3:21: undefined variable `transform_database` (stage `model` receives: model_database, source_database)"
    );
}

#[test]
fn template_syntax_error_is_located() {
    let files = vec![
        MINI_SOURCE,
        ("model/b.hql", "CREATE TABLE x.b AS\nSELECT {{ model_database ;\n"),
    ];
    let err = error_of(MINI_YAML, &files);
    assert!(err.starts_with("sql/model/b.hql:2:"), "{err}");
    assert!(!err.contains('\n'), "one line: {err}");
}

#[test]
fn sql_syntax_error_points_at_the_template_line_and_column() {
    let files = vec![
        MINI_SOURCE,
        (
            "model/b.hql",
            "-- b\nCREATE TABLE {{ model_database }}.b AS\nSELECT x FROM {{ source_database }}.a WHERE (;\n",
        ),
    ];
    let err = error_of(MINI_YAML, &files);
    assert!(
        err.starts_with("sql/model/b.hql:3:46: syntax error: Expected: an expression, found: ;"),
        "{err}"
    );
}

#[test]
fn stage_without_templates() {
    let files = vec![MINI_SOURCE, ("model/readme.txt", "nothing")];
    assert_eq!(
        error_of(MINI_YAML, &files),
        "pipelines.yaml:26:5: stage `model`: sql/model has no .hql files"
    );
}

#[test]
fn two_files_writing_one_table_names_both() {
    let files = vec![
        MINI_SOURCE,
        ("model/b.hql", "CREATE TABLE {{ model_database }}.b (x INT);\n"),
        (
            "model/c.hql",
            "INSERT INTO TABLE {{ model_database }}.b SELECT x FROM {{ source_database }}.a;\n",
        ),
    ];
    assert_eq!(
        error_of(MINI_YAML, &files),
        "sql/model/c.hql:1:19: `m.b` is written by two files of one stage: this one and model/b.hql (sql/model/b.hql:1:14); their order would be undefined"
    );
}

#[test]
fn dependency_cycle_names_the_files() {
    let files = vec![
        MINI_SOURCE,
        (
            "model/b.hql",
            "CREATE TABLE {{ model_database }}.b AS SELECT * FROM {{ model_database }}.c;\n",
        ),
        (
            "model/c.hql",
            "CREATE TABLE {{ model_database }}.c AS SELECT * FROM {{ model_database }}.b;\n",
        ),
    ];
    assert_eq!(
        error_of(MINI_YAML, &files),
        "sql/model/b.hql:1:54: dependency cycle between files: model/b.hql <- model/c.hql <- model/b.hql (each reads a table the next one writes)"
    );
}

#[test]
fn read_of_a_table_nothing_produces() {
    let files = vec![
        MINI_SOURCE,
        (
            "model/b.hql",
            "CREATE TABLE {{ model_database }}.b AS\nSELECT * FROM {{ source_database }}.zz;\n",
        ),
    ];
    assert_eq!(
        error_of(MINI_YAML, &files),
        "sql/model/b.hql:2:15: reads `s.zz`, which no earlier file or stage produces (declare it in external_tables if it exists outside the pipeline)"
    );
}

#[test]
fn a_later_stage_cannot_feed_an_earlier_one() {
    let files = vec![
        (
            "source/a.hql",
            "CREATE TABLE {{ source_database }}.a AS SELECT * FROM s.b;\n",
        ),
        ("model/b.hql", "CREATE TABLE s.b (x INT);\n"),
    ];
    assert_eq!(
        error_of(MINI_YAML, &files),
        "sql/source/a.hql:1:55: reads `s.b`, which stage `model` creates only after this stage `source`"
    );
}

#[test]
fn declared_external_tables_may_be_read() {
    let yaml = MINI_YAML.replace("  external_tables: []", "  external_tables: [s.zz]");
    let files = vec![
        MINI_SOURCE,
        (
            "model/b.hql",
            "CREATE TABLE {{ model_database }}.b AS SELECT * FROM {{ source_database }}.zz;\n",
        ),
    ];
    let p = MiniProject::new(&yaml, &files);
    Project::load(&p.config()).unwrap().plan("dev", &run(), None).unwrap();
}

#[test]
fn run_values_are_validated_per_flag() {
    let cases: &[(&[Option<&str>; 5], &str)] = &[
        (&[Some("2024-02-30"), None, None, None, None], "--date: `2024-02-30` is not a date (YYYY-MM-DD, years 2000-2099)"),
        (&[Some("9999-01-01"), None, None, None, None], "--date: `9999-01-01` is not a date (YYYY-MM-DD, years 2000-2099)"),
        (&[None, Some("a/../b"), None, None, None], "--s3-prefix: `a/../b` is not an S3 prefix (segments of letters, digits, _ - . = separated by /, no `..`)"),
        (&[None, Some("x'; DROP TABLE t; --"), None, None, None], "--s3-prefix: `x\\'; DROP TABLE t; --` is not an S3 prefix (segments of letters, digits, _ - . = separated by /, no `..`)"),
        (&[None, None, Some("partial"), None, None], "--snapshot-type: `partial` is not a snapshot type (full or incremental)"),
        (&[None, None, None, Some("${hivevar:x}"), None], "--correlation-id: `${hivevar:x}` is not a correlation id (1-128 letters, digits, _ - ., starting with a letter or digit)"),
        (&[None, None, None, Some("a\nb"), None], "--correlation-id: `a\\nb` is not a correlation id (1-128 letters, digits, _ - ., starting with a letter or digit)"),
        (&[None, None, None, Some("{{ x }}"), None], "--correlation-id: `{{ x }}` is not a correlation id (1-128 letters, digits, _ - ., starting with a letter or digit)"),
        (&[None, None, None, None, Some("data'dir")], "--data: `data\\'dir` is not a usable data folder (letters, digits, _ - . / only)"),
    ];
    for (v, expected) in cases {
        let err = RunValues::new(v[0], v[1], v[2], v[3], v[4]).unwrap_err().to_string();
        assert_eq!(&err, expected);
    }
}

#[test]
fn unknown_environment_and_step() {
    let p = MiniProject::new(MINI_YAML, &ok_files());
    let project = Project::load(&p.config()).unwrap();
    assert_eq!(
        project.plan("prod", &run(), None).unwrap_err().to_string(),
        "<ENV>: unknown environment `prod` (pipelines.yaml defines: dev)"
    );
    assert_eq!(
        project.plan("dev", &run(), Some("modle")).unwrap_err().to_string(),
        "--from: `modle` is not a step of `dev` (steps: source, model)"
    );
}
