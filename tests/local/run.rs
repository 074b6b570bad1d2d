//! `submit local` on the shipped sample, checked by content: unique dimension keys, fact keys
//! found in their dimensions, dedup keeping the latest record, row counts computed here from
//! the JSON input; a resume after a failure in `model`; and bad input.
#![cfg(feature = "engine")]

use crate::support::*;
use pdmctl::backend::local::{submit, LocalOptions, LocalSummary, Progress};
use pdmctl::bundle::BundleFile;
use pdmctl::engine::Engine;
use pdmctl::pipeline::run_values::RunValues;
use pdmctl::plan::PlanStep;
use pdmctl::stage::executor::HqlExecutor;
use pdmctl::stage::runner::RunnerEvent;
use pdmctl::tracker::{FileStore, RunRecordStore, Status};
use pdmctl::Project;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

struct Quiet;
impl Progress for Quiet {
    fn step_started(&self, _: usize, _: usize, _: &PlanStep) {}
    fn file_event(&self, _: &RunnerEvent) {}
    fn step_finished(&self, _: &PlanStep, _: Duration) {}
}

fn project() -> Project {
    Project::load(&repo().join("pipelines.yaml")).unwrap()
}

fn run_values(data: &str, id: &str) -> RunValues {
    RunValues::new(Some("2024-03-01"), None, None, Some(id), Some(data)).unwrap()
}

fn run_local(warehouse: &Path, data: &str, id: &str) -> pdmctl::error::Result<LocalSummary> {
    let options = LocalOptions {
        warehouse: warehouse.to_path_buf(),
        from: None,
        restart: false,
    };
    submit(&project(), &run_values(data, id), &options, &Quiet)
}

/// One column of a query as text, NULL as None.
fn column(engine: &Engine, sql: &str) -> Vec<Option<String>> {
    let (_, batches) = engine.query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let mut out = Vec::new();
    for b in &batches {
        let options = datafusion::arrow::util::display::FormatOptions::default();
        let f = datafusion::arrow::util::display::ArrayFormatter::try_new(b.column(0).as_ref(), &options).unwrap();
        for r in 0..b.num_rows() {
            out.push(
                (!datafusion::arrow::array::Array::is_null(b.column(0).as_ref(), r)).then(|| f.value(r).to_string()),
            );
        }
    }
    out
}

fn count(engine: &Engine, sql: &str) -> i64 {
    column(engine, sql)[0].as_deref().unwrap().parse().unwrap()
}

/// Every document of one ADG collection of the shipped sample.
fn documents(collection: &str) -> Vec<serde_json::Map<String, Value>> {
    let dir = repo().join("sample/adg").join(collection);
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if let Ok(Value::Object(m)) = serde_json::from_str(line) {
                docs.push(m);
            }
        }
    }
    docs
}

/// The latest version of each document by id (`_id.<key>`), as the transform stage must keep.
fn latest(collection: &str, key: &str) -> BTreeMap<String, serde_json::Map<String, Value>> {
    let mut by_id: BTreeMap<String, serde_json::Map<String, Value>> = BTreeMap::new();
    for d in documents(collection) {
        let Some(id) = d
            .get("_id")
            .and_then(|i| i.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            continue;
        };
        let ts = d
            .get("_lastModifiedDateTime")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let newer = by_id
            .get(&id)
            .is_none_or(|old| ts.as_str() > old.get("_lastModifiedDateTime").and_then(Value::as_str).unwrap_or(""));
        if newer {
            by_id.insert(id, d);
        }
    }
    by_id
}

fn text_of(d: &serde_json::Map<String, Value>, path: &[&str]) -> Option<String> {
    let mut v = d.get(path[0])?;
    for p in &path[1..] {
        v = v.get(p)?;
    }
    v.as_str().map(str::to_string)
}

#[test]
fn the_sample_builds_a_consistent_model() {
    let wh = tempfile::tempdir().unwrap();
    let summary = run_local(wh.path(), "sample", "t-full").unwrap();
    assert_eq!(summary.run_id, 1);
    assert_eq!(summary.steps.len(), 13);
    assert!(
        summary.row_counts.iter().all(|(_, n)| *n > 0),
        "{:?}",
        summary.row_counts
    );
    // Opening the warehouse again restores everything from disk.
    let engine = Engine::open(wh.path()).unwrap();

    // Dimensions: the key is unique and the unknown member (-1) exists.
    let dims = [
        "claimant",
        "site",
        "team",
        "agent",
        "appointment_type",
        "to_do_type",
        "date",
    ];
    for d in dims {
        let t = format!("uc_pdm_model.dim_{d}");
        let total = count(&engine, &format!("SELECT count(*) FROM {t}"));
        let distinct = count(&engine, &format!("SELECT count(DISTINCT {d}_sk) FROM {t}"));
        assert_eq!(total, distinct, "{t}: {d}_sk is not unique");
        assert_eq!(
            count(&engine, &format!("SELECT count(*) FROM {t} WHERE {d}_sk = -1")),
            1,
            "{t}: unknown member"
        );
    }

    // Facts: every *_sk is found in its dimension (the unknown member included), never NULL.
    let dimension_of = |column: &str| -> &str {
        let c = column.trim_end_matches("_sk");
        if c.ends_with("date") {
            "date"
        } else if c.ends_with("agent") {
            "agent"
        } else if c.ends_with("claimant") {
            "claimant"
        } else {
            dims.iter()
                .find(|d| c == **d)
                .copied()
                .unwrap_or_else(|| panic!("no dimension for {column}"))
        }
    };
    for fact in ["fact_claim", "fact_statement", "fact_to_do", "fact_appointment"] {
        let (schema, _) = engine
            .query(&format!("SELECT * FROM uc_pdm_model.{fact} LIMIT 1"))
            .unwrap();
        let keys: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .filter(|n| n.ends_with("_sk"))
            .collect();
        assert!(keys.len() >= 2, "{fact}: {keys:?}");
        for k in keys {
            let d = dimension_of(&k);
            let nulls = count(
                &engine,
                &format!("SELECT count(*) FROM uc_pdm_model.{fact} WHERE {k} IS NULL"),
            );
            assert_eq!(nulls, 0, "{fact}.{k} has NULL keys");
            let orphans = count(
                &engine,
                &format!(
                    "SELECT count(*) FROM uc_pdm_model.{fact} f LEFT JOIN uc_pdm_model.dim_{d} d ON f.{k} = d.{d}_sk WHERE d.{d}_sk IS NULL"
                ),
            );
            assert_eq!(orphans, 0, "{fact}.{k}: keys missing from dim_{d}");
        }
    }

    // Row counts the sample implies, computed from the JSON here.
    let claimants = latest("core/claimant", "claimantId");
    let contracts = latest("core/contract", "contractId");
    let to_dos = latest("core/toDo", "toDoId");
    let appointments = latest("core/appointment", "appointmentId");
    let statements = latest("core/statement", "statementId");
    let live_statements = statements
        .values()
        .filter(|s| {
            let status = text_of(s, &["status"]).map(|x| x.trim().to_uppercase());
            status.as_deref() != Some("CANCELLED") && text_of(s, &["assessmentPeriod", "endDate"]).is_some()
        })
        .count();
    let expect = [
        ("uc_pdm_transform.claimant", claimants.len()),
        ("uc_pdm_model.dim_claimant", claimants.len() + 1),
        ("uc_pdm_transform.contract", contracts.len()),
        ("uc_pdm_model.fact_claim", contracts.len()),
        ("uc_pdm_model.fact_to_do", to_dos.len()),
        ("uc_pdm_model.fact_appointment", appointments.len()),
        ("uc_pdm_transform.statement", live_statements),
    ];
    for (table, n) in expect {
        assert_eq!(
            count(&engine, &format!("SELECT count(*) FROM {table}")) as usize,
            n,
            "{table}"
        );
    }

    // Dedup keeps the latest version: each claimant's NINO and timestamp are its latest document's.
    let rows = column(
        &engine,
        "SELECT concat_ws('|', claimant_id, coalesce(nino, ''), date_format(last_modified_timestamp, 'yyyy-MM-dd HH:mm:ss.SSS')) FROM uc_pdm_transform.claimant",
    );
    assert_eq!(rows.len(), claimants.len());
    for row in rows.into_iter().flatten() {
        let parts: Vec<&str> = row.split('|').collect();
        let doc = &claimants[parts[0]];
        let nino = text_of(doc, &["nino"])
            .map(|n| n.trim().replace(' ', "").to_uppercase())
            .unwrap_or_default();
        assert_eq!(parts[1], nino, "claimant {}", parts[0]);
        let ts = text_of(doc, &["_lastModifiedDateTime"]).unwrap();
        assert_eq!(
            parts[2],
            ts[..23].replace('T', " "),
            "claimant {} is not its latest version",
            parts[0]
        );
    }

    // The run record says COMPLETED, in DESIGN §2's shape.
    let record = FileStore::new(&wh.path().join("run-records.json"))
        .get("t-full")
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.status, record.current_step.as_str(), record.run_id),
        (Status::Completed, "flush-s3", 1)
    );
    // The metrics object is flushed at the end.
    assert!(!wh.path().join("metrics/pdm-metrics.json").exists());
}

/// Every model table and materialised view, rows sorted, as text.
fn snapshot(warehouse: &Path) -> BTreeMap<String, Vec<String>> {
    let engine = Engine::open(warehouse).unwrap();
    let mut out = BTreeMap::new();
    for t in engine.tables() {
        if !(t.starts_with("uc_pdm_model.") || t.starts_with("uc.")) {
            continue;
        }
        let (schema, batches) = engine.query(&format!("SELECT * FROM {t}")).unwrap();
        let mut lines: Vec<String> = pdmctl::engine::output::csv(&schema, &batches)
            .lines()
            .map(str::to_string)
            .collect();
        lines.sort();
        out.insert(t, lines);
    }
    out
}

#[test]
fn a_failed_model_step_resumes_there_and_ends_like_a_clean_run() {
    let wh = tempfile::tempdir().unwrap();
    // The model stage cannot write its tables: a file stands where its folder goes.
    let tables = wh.path().join("tables");
    std::fs::create_dir_all(&tables).unwrap();
    std::fs::write(tables.join("uc_pdm_model"), "in the way").unwrap();
    let err = run_local(wh.path(), "sample", "t-resume").unwrap_err().to_string();
    assert!(
        err.starts_with("step `model` failed: ") && err.contains("sql/model/"),
        "{err}"
    );
    let store = FileStore::new(&wh.path().join("run-records.json"));
    let record = store.get("t-resume").unwrap().unwrap();
    assert_eq!(
        (record.status, record.current_step.as_str(), record.run_id),
        (Status::Failed, "model", 1)
    );
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(wh.path().join("metrics/pdm-metrics.json")).unwrap()).unwrap();
    assert_eq!(
        metrics["gauges"]["state_step_9model"]["value"], 1.0,
        "FAILED state gauge"
    );

    // The fix, then a second submit: it skips every step before model.
    std::fs::remove_file(tables.join("uc_pdm_model")).unwrap();
    let summary = run_local(wh.path(), "sample", "t-resume").unwrap();
    assert_eq!(summary.run_id, 2);
    assert_eq!(summary.resumed_at.as_deref(), Some("model"));
    let ran: Vec<&str> = summary.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        ran,
        ["model", "views", "create-views-tables", "flush-gateway", "flush-s3"]
    );
    assert_eq!(store.get("t-resume").unwrap().unwrap().status, Status::Completed);

    // A third submit of a COMPLETED run is refused.
    let err = run_local(wh.path(), "sample", "t-resume").unwrap_err().to_string();
    assert!(
        err.contains("is COMPLETED (Run_Id 2, step `flush-s3`); use --restart"),
        "{err}"
    );

    let clean = tempfile::tempdir().unwrap();
    run_local(clean.path(), "sample", "t-clean").unwrap();
    let (resumed, fresh) = (snapshot(wh.path()), snapshot(clean.path()));
    assert_eq!(resumed.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    for (table, rows) in &fresh {
        assert_eq!(&resumed[table], rows, "{table} differs after the resume");
    }
}

#[test]
fn malformed_json_lines_are_rows_of_nulls_and_reported() {
    let data = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("sample"), data.path());
    let part = data.path().join("adg/core/claimant/part-00000.json");
    let mut text = std::fs::read_to_string(&part).unwrap();
    let lines = text.lines().count();
    text.push_str("{\"_id\": {\"claimantId\": \"broken\"\n");
    std::fs::write(&part, text).unwrap();
    let wh = tempfile::tempdir().unwrap();
    let summary = run_local(wh.path(), data.path().to_str().unwrap(), "t-malformed").unwrap();
    let expected = format!(
        "uc_pdm_source.claimant: 1 malformed JSON line(s) read as rows of NULLs (ignore.malformed.json), as Hive reads them; first at {}:{}: ",
        part.display(),
        lines + 1
    );
    assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    assert!(summary.warnings[0].starts_with(&expected), "{:?}", summary.warnings);
    let engine = Engine::open(wh.path()).unwrap();
    assert_eq!(
        count(&engine, "SELECT count(*) FROM uc_pdm_transform.claimant") as usize,
        latest("core/claimant", "claimantId").len()
    );
}

#[test]
fn bad_inputs_are_one_line_errors_that_leave_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let wh = tmp.path().join("wh");
    let o = pdmctl(
        repo(),
        &[
            "submit",
            "local",
            "--data",
            "no/such/folder",
            "--warehouse",
            wh.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --data: no/such/folder is not a folder (the sample data is in sample/)\n"
    );
    assert!(!wh.exists(), "no warehouse is created");

    // A warehouse that cannot be written: its parent is a file.
    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let bad = tmp.path().join("file/wh");
    let o = pdmctl(repo(), &["submit", "local", "--warehouse", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("error: {}: ", bad.display())) && err.lines().count() == 1,
        "{err}"
    );

    let o = pdmctl(repo(), &["submit", "local", "--correlation-id", "x'; DROP TABLE t; --"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: --correlation-id: "), "{}", stderr(&o));

    let o = pdmctl(
        repo(),
        &["query", "local", "SELECT 1", "--warehouse", wh.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("holds no warehouse yet"), "{}", stderr(&o));
}

/// Runs HQL in a fresh warehouse and returns the first column of the last query.
fn hive(engine: &Engine, setup: &str, query: &str) -> Vec<Option<String>> {
    if !setup.is_empty() {
        let file = BundleFile {
            path: "t.hql".into(),
            stage: "t".into(),
            template: "t.hql".into(),
            content: setup.into(),
            sha256: String::new(),
            variables: BTreeMap::new(),
        };
        engine.run_file(&file).unwrap();
    }
    column(engine, query)
}

fn one(engine: &Engine, query: &str) -> Option<String> {
    hive(engine, "", query).remove(0)
}

#[test]
fn hive_semantics_where_datafusion_differs() {
    let wh = tempfile::tempdir().unwrap();
    let e = Engine::open(wh.path()).unwrap();
    assert_eq!(one(&e, "SELECT 7 / 2").as_deref(), Some("3.5"));
    assert_eq!(
        one(&e, "SELECT CAST(7 AS INT) / CAST(2 AS INT)").as_deref(),
        Some("3.5")
    );
    assert_eq!(
        one(&e, "SELECT regexp_replace('a-b-c', '-', '+')").as_deref(),
        Some("a+b+c")
    );
    assert_eq!(
        one(&e, "SELECT regexp_replace('AB12CD', '([A-Z]+)([0-9]+)', '$2$1x')").as_deref(),
        Some("12ABxCD")
    );
    assert_eq!(one(&e, "SELECT substr('abcdef', -2)").as_deref(), Some("ef"));
    assert_eq!(one(&e, "SELECT substring('abcdef', 2, 3)").as_deref(), Some("bcd"));
    assert_eq!(
        one(&e, "SELECT date_format('2024-03-01 10:11:12', 'dd/MM/yyyy HH:mm')").as_deref(),
        Some("01/03/2024 10:11")
    );
    assert_eq!(
        one(&e, "SELECT from_unixtime(0)").as_deref(),
        Some("1970-01-01 00:00:00")
    );
    assert_eq!(
        one(&e, "SELECT from_unixtime(86400, 'yyyyMMdd')").as_deref(),
        Some("19700102")
    );
    assert_eq!(
        one(&e, "SELECT unix_timestamp('1970-01-02 00:00:00')").as_deref(),
        Some("86400")
    );
    assert_eq!(
        one(&e, "SELECT unix_timestamp('02/01/1970', 'dd/MM/yyyy')").as_deref(),
        Some("86400")
    );
    assert_eq!(one(&e, "SELECT concat('a', NULL, 'b')"), None);
    assert_eq!(one(&e, "SELECT concat_ws('-', 'a', NULL, 'b')").as_deref(), Some("a-b"));
    assert_eq!(one(&e, "SELECT CAST('12x' AS INT)"), None);
    assert_eq!(
        one(&e, "SELECT CAST(' 12' AS DOUBLE) IS NULL").as_deref(),
        Some("false")
    );
    assert_eq!(
        one(&e, "SELECT CAST(2147483647 AS INT) + CAST(1 AS INT)").as_deref(),
        Some("-2147483648")
    );
    assert_eq!(
        one(&e, "SELECT datediff('2024-03-01', '2024-02-01')").as_deref(),
        Some("29")
    );
    assert_eq!(
        one(&e, "SELECT date_add('2024-02-28', 2)").as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(
        one(&e, "SELECT to_date('2024-02-28T10:00:00')").as_deref(),
        Some("2024-02-28")
    );
    assert_eq!(one(&e, "SELECT if(1 > 2, 'y', 'n')").as_deref(), Some("n"));
    assert_eq!(one(&e, "SELECT nvl(NULL, 'z')").as_deref(), Some("z"));
    assert_eq!(
        one(
            &e,
            "SELECT get_json_object('{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}', '$.a.b[1].c')"
        )
        .as_deref(),
        Some("x")
    );
    assert_eq!(
        one(&e, "SELECT regexp_extract('UC-1234-X', '([A-Z]+)-([0-9]+)', 2)").as_deref(),
        Some("1234")
    );
    assert_eq!(
        one(&e, "SELECT regexp_extract('none', '([0-9]+)', 1)").as_deref(),
        Some("")
    );

    // NULLs sort first ascending, last descending, in ORDER BY and in windows.
    let setup = "CREATE DATABASE d;\nCREATE TABLE d.n STORED AS ORC AS SELECT 1 AS x UNION ALL SELECT CAST(NULL AS INT) UNION ALL SELECT 0;";
    assert_eq!(
        hive(&e, setup, "SELECT x FROM d.n ORDER BY x"),
        vec![None, Some("0".into()), Some("1".into())]
    );
    assert_eq!(
        hive(&e, "", "SELECT x FROM d.n ORDER BY x DESC"),
        vec![Some("1".into()), Some("0".into()), None]
    );
    assert_eq!(
        hive(
            &e,
            "",
            "SELECT x FROM (SELECT x, row_number() OVER (ORDER BY x) AS rn FROM d.n) t WHERE rn = 1"
        ),
        vec![None]
    );
}

#[test]
fn lateral_views_partitions_and_unsupported_statements() {
    let wh = tempfile::tempdir().unwrap();
    let e = Engine::open(wh.path()).unwrap();
    let setup = "CREATE DATABASE d;\n\
        CREATE TABLE d.a STORED AS ORC AS SELECT 1 AS id, array('x', 'y') AS arr UNION ALL SELECT 2, CAST(NULL AS ARRAY<STRING>);";
    let inner = hive(
        &e,
        setup,
        "SELECT concat(CAST(t.id AS STRING), v) FROM d.a t LATERAL VIEW explode(t.arr) lv AS v ORDER BY 1",
    );
    assert_eq!(inner, vec![Some("1x".into()), Some("1y".into())]);
    let outer = hive(&e, "", "SELECT concat_ws(':', CAST(t.id AS STRING), v) FROM d.a t LATERAL VIEW OUTER explode(t.arr) lv AS v ORDER BY 1");
    assert_eq!(outer, vec![Some("1:x".into()), Some("1:y".into()), Some("2".into())]);

    // INSERT OVERWRITE of a partitioned table replaces only the partitions it writes.
    let setup = "CREATE TABLE d.p (v INT) PARTITIONED BY (m STRING) STORED AS ORC;\n\
        INSERT OVERWRITE TABLE d.p PARTITION (m) SELECT 1, '2024-01' UNION ALL SELECT 2, '2024-02';\n\
        INSERT OVERWRITE TABLE d.p PARTITION (m = '2024-02') SELECT 3;\n\
        INSERT INTO TABLE d.p PARTITION (m) SELECT 4, '2024-03';";
    let rows = hive(
        &e,
        setup,
        "SELECT concat(m, '=', CAST(v AS STRING)) FROM d.p ORDER BY 1",
    );
    assert_eq!(
        rows,
        vec![
            Some("2024-01=1".into()),
            Some("2024-02=3".into()),
            Some("2024-03=4".into())
        ]
    );

    // A statement the local engine cannot run fails with the file, line and construct.
    let file = BundleFile {
        path: "x.hql".into(),
        stage: "t".into(),
        template: "sql/t/x.hql".into(),
        content: "SELECT 1;\n\nALTER TABLE d.p ADD COLUMNS (w INT);\n".into(),
        sha256: String::new(),
        variables: BTreeMap::new(),
    };
    assert_eq!(
        e.run_file(&file).unwrap_err().to_string(),
        "sql/t/x.hql:3:1: ALTER TABLE: not supported by the local engine"
    );
    let file = BundleFile {
        content: "SELECT k FROM d.a LATERAL VIEW explode(arr) e AS k, v;".into(),
        ..file
    };
    let err = e.run_file(&file).unwrap_err().to_string();
    // Two columns are a map's key and value: an array's explode into two is a planning error.
    assert!(
        err.starts_with("sql/t/x.hql:1:1: SELECT: ") && err.contains("LATERAL VIEW explode with 2 column(s)"),
        "{err}"
    );
}

/// On Hive the openx SerDe lower-cases every key: a camelCase path would read NULL and leave the
/// ADG-fed tables empty. The local engine reads as Hive does, so every table must have rows.
#[test]
fn no_transform_model_or_view_table_is_empty_as_hive_reads_the_sample() {
    let wh = tempfile::tempdir().unwrap();
    run_local(wh.path(), "sample", "t-nonempty").unwrap();
    let engine = Engine::open(wh.path()).unwrap();
    let mut empty = Vec::new();
    for table in engine.tables() {
        let fed = ["uc_pdm_transform.", "uc_pdm_model.", "uc."]
            .iter()
            .any(|p| table.starts_with(p));
        if fed && engine.row_count(&table).unwrap() == 0 {
            empty.push(table);
        }
    }
    assert!(empty.is_empty(), "empty on the sample: {empty:?}");
}
