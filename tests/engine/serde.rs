//! External tables read as the openx JSON SerDe reads them on Hive: keys lower-cased (nested
//! too), nested text as the SerDe writes it, malformed and non-object lines as rows of NULLs,
//! typed columns parsed as Java does, and what is not emulated refused by name.
#![cfg(feature = "engine")]

use pdmctl::bundle::BundleFile;
use pdmctl::engine::output::hive_cli;
use pdmctl::engine::Engine;
use pdmctl::stage::executor::HqlExecutor;
use std::collections::BTreeMap;

const OPENX: &str = "org.openx.data.jsonserde.JsonSerDe";

/// A warehouse with one table `db.t` over a folder holding `lines`.
fn table(columns: &str, serde: &str, props: &str, lines: &str) -> (tempfile::TempDir, Result<Engine, String>) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("part-00000.json"), lines).unwrap();
    let engine = Engine::open(&dir.path().join("wh")).unwrap();
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("WITH SERDEPROPERTIES ({props})")
    };
    let sql = format!(
        "CREATE DATABASE db;\nCREATE EXTERNAL TABLE db.t ({columns})\nROW FORMAT SERDE '{serde}' {props}\nSTORED AS TEXTFILE LOCATION '{}';\n",
        data.display()
    );
    let file = BundleFile {
        path: "source/t.hql".into(),
        stage: "source".into(),
        template: "source/t.hql".into(),
        content: sql,
        sha256: String::new(),
        variables: BTreeMap::new(),
    };
    let result = engine.run_file(&file).map(|_| engine).map_err(|e| e.to_string());
    (dir, result)
}

fn rows(engine: &Engine, sql: &str) -> Vec<String> {
    let (_, batches) = engine.query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    hive_cli(&batches)
}

fn ok(columns: &str, props: &str, lines: &str) -> (tempfile::TempDir, Engine) {
    let (dir, engine) = table(columns, OPENX, props, lines);
    (dir, engine.unwrap())
}

#[test]
fn every_key_is_lower_cased_so_camel_case_paths_are_null_as_on_hive() {
    let (_d, e) = ok(
        "`_id` STRING, claimType STRING",
        "",
        "{\"_id\": {\"contractId\": \"C1\"}, \"ClaimType\": \"SINGLE\"}\n",
    );
    assert_eq!(
        rows(&e, "SELECT `_id`, claimtype FROM db.t"),
        vec!["{\"contractid\":\"C1\"}\tSINGLE"]
    );
    assert_eq!(
        rows(
            &e,
            "SELECT get_json_object(`_id`, '$.contractId'), get_json_object(`_id`, '$.contractid') FROM db.t"
        ),
        vec!["NULL\tC1"]
    );
}

#[test]
fn case_insensitive_false_keeps_the_case_and_columns_then_need_mappings() {
    let (_d, e) = ok(
        "`_id` STRING, claimtype STRING, kind STRING",
        "'case.insensitive'='false', 'mapping.kind'='claimType'",
        "{\"_id\": {\"contractId\": \"C1\"}, \"claimType\": \"SINGLE\"}\n",
    );
    assert_eq!(
        rows(&e, "SELECT `_id`, claimtype, kind FROM db.t"),
        vec!["{\"contractId\":\"C1\"}\tNULL\tSINGLE"]
    );
}

#[test]
fn nested_text_quotes_numbers_writes_null_as_text_and_orders_keys_as_java_hash_map() {
    let (_d, e) = ok(
        "c STRING, a ARRAY<STRING>",
        "",
        "{\"c\": {\"numberOfChildren\": 2, \"isCarer\": false, \"leftDate\": null}, \"a\": [{\"claimantId\": \"x\", \"role\": \"LEAD\"}, 3, null]}\n",
    );
    assert_eq!(
        rows(&e, "SELECT c, get_json_object(c, '$.leftdate') IS NULL, a[0], a[1], a[2] IS NULL FROM db.t"),
        vec!["{\"leftdate\":\"null\",\"iscarer\":false,\"numberofchildren\":\"2\"}\tfalse\t{\"role\":\"LEAD\",\"claimantid\":\"x\"}\t3\ttrue"]
    );
}

#[test]
fn malformed_and_non_object_lines_are_rows_of_nulls_with_ignore_malformed() {
    let (_d, e) = ok(
        "id STRING, n INT",
        "'ignore.malformed.json'='true'",
        "{\"id\": \"a\", \"n\": 1}\n{\"id\": \"b\"\n\nnot json\n{\"id\": \"c\", \"id\": \"d\"}\n",
    );
    assert_eq!(rows(&e, "SELECT count(*), count(id) FROM db.t"), vec!["5\t1"]);
    let warnings = e.take_warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("2 malformed JSON line(s) read as rows of NULLs"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("part-00000.json:2"), "{warnings:?}");
    assert!(
        warnings[1].contains("2 line(s) that are not JSON objects"),
        "{warnings:?}"
    );
}

#[test]
fn a_malformed_line_without_ignore_malformed_fails_naming_file_line_and_column() {
    let (_d, e) = table("id STRING", OPENX, "", "{\"id\": \"a\"}\n{\"id\" \"b\"}\n");
    let err = e.err().expect("a malformed line fails");
    assert!(err.contains("part-00000.json:2:"), "{err}");
    assert!(err.contains("Expected a ':' after a key"), "{err}");
}

#[test]
fn typed_columns_are_parsed_as_java_parses_them_and_unreadable_values_are_errors() {
    let (_d, e) = ok(
        "i INT, b BIGINT, t BOOLEAN, d DOUBLE",
        "",
        "{\"i\": \"0x1F\", \"b\": -42, \"t\": \"TRUE\", \"d\": \"1.5d\"}\n{\"i\": null, \"t\": \"yes\", \"d\": 2}\n",
    );
    assert_eq!(
        rows(&e, "SELECT i, b, t, d FROM db.t"),
        vec!["31\t-42\ttrue\t1.5", "NULL\tNULL\tfalse\t2.0"]
    );
    let (_d, bad) = table("i INT", OPENX, "", "{\"i\": 1.5}\n");
    let err = bad.err().expect("1.5 is not an INT");
    assert!(
        err.contains("part-00000.json:1:1: column i: '1.5' is not an INT"),
        "{err}"
    );
}

#[test]
fn serdes_properties_and_types_that_are_not_emulated_are_refused_by_name() {
    let (_d, hive) = table(
        "id STRING",
        "org.apache.hive.hcatalog.data.JsonSerDe",
        "",
        "{\"id\": \"a\"}\n",
    );
    let err = hive.err().unwrap();
    assert!(
        err.contains("org.apache.hive.hcatalog.data.JsonSerDe") && err.contains("not emulated"),
        "{err}"
    );
    let (_d, other) = table("id STRING", "com.example.Serde", "", "{}\n");
    assert!(other.err().unwrap().contains("com.example.Serde"));
    let (_d, dots) = table("id STRING", OPENX, "'dots.in.keys'='true'", "{}\n");
    assert!(dots.err().unwrap().contains("dots.in.keys"));
    let (_d, ts) = table("ts TIMESTAMP", OPENX, "", "{}\n");
    let err = ts.err().unwrap();
    assert!(err.contains("column ts") && err.contains("not emulated"), "{err}");
}
