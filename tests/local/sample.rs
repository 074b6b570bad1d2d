//! `pdmctl sample`: determinism, the shipped sample, the documents against the source tables'
//! declared columns, the dirt the transform must handle, scaling and the command line's errors.

use crate::support::*;
use pdmctl::pipeline::run_values::RunValues;
use pdmctl::sample::{generate, MARKER};
use pdmctl::Project;
use serde_json::Value;
use sqlparser::ast::Statement;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every file under `dir` (hidden ones included) by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn generated(scale: u32, seed: u64) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    generate(scale, seed, &out).unwrap();
    let files = tree(&out);
    (dir, files)
}

/// The documents of one collection folder (all its parts, in file order).
fn documents(files: &BTreeMap<String, Vec<u8>>, folder: &str) -> Vec<Value> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with(&format!("{folder}/")) && path.ends_with(".json"))
        .flat_map(|(path, bytes)| {
            std::str::from_utf8(bytes)
                .unwrap()
                .lines()
                .enumerate()
                .map(|(i, line)| serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}:{}: {e}", i + 1)))
                .collect::<Vec<Value>>()
        })
        .collect()
}

/// Folder under the data dir -> declared columns (lower case), from every CREATE TABLE with a
/// LOCATION in the rendered `local` source and initial-load templates.
fn declared_tables() -> BTreeMap<String, BTreeSet<String>> {
    let project = Project::load(&repo().join("pipelines.yaml")).unwrap();
    let run = RunValues::new(Some("2024-03-01"), None, None, None, None).unwrap();
    let bundle = project.render("local", &run).unwrap();
    let mut tables = BTreeMap::new();
    for file in bundle
        .files
        .iter()
        .filter(|f| f.stage == "source" || f.stage == "initial_transactional_load")
    {
        let source = project
            .templates
            .by_name(&file.path)
            .map(|t| t.source.clone())
            .unwrap_or(file.content.clone());
        for statement in pdmctl::sql::analyse::parse_file(file, &source).unwrap() {
            if let Statement::CreateTable(ct) = statement {
                let location = ct
                    .location
                    .clone()
                    .or_else(|| ct.hive_formats.as_ref().and_then(|h| h.location.clone()));
                if let Some(location) = location {
                    let folder = location
                        .strip_prefix("sample/")
                        .expect("local data_dir is sample")
                        .trim_end_matches('/');
                    let columns = ct.columns.iter().map(|c| c.name.value.to_lowercase()).collect();
                    tables.insert(folder.to_string(), columns);
                }
            }
        }
    }
    tables
}

#[test]
fn same_seed_gives_the_same_bytes_and_another_seed_other_data() {
    let (_a, first) = generated(1, 7);
    let (_b, second) = generated(1, 7);
    assert_eq!(first, second);
    let (_c, other) = generated(1, 8);
    assert_eq!(first.keys().collect::<Vec<_>>(), other.keys().collect::<Vec<_>>());
    let differing = first.iter().filter(|(path, bytes)| other[*path] != **bytes).count();
    assert!(differing >= 10, "only {differing} files differ between seeds 7 and 8");
}

#[test]
fn shipped_sample_is_exactly_scale_1() {
    let (_dir, files) = generated(1, pdmctl::sample::DEFAULT_SEED);
    let shipped = tree(&repo().join("sample"));
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&shipped),
        names(&files),
        "sample/ has other files than the generator writes"
    );
    for (path, bytes) in &files {
        assert!(
            shipped[path] == *bytes,
            "sample/{path} differs from `pdmctl sample --scale 1`; regenerate it"
        );
    }
    let size: usize = shipped.values().map(Vec::len).sum();
    assert!(size < 2_500_000, "the shipped sample is {size} bytes");
}

#[test]
fn every_document_parses_and_uses_only_declared_columns() {
    let tables = declared_tables();
    assert_eq!(tables.len(), 15, "{:?}", tables.keys());
    let (_dir, files) = generated(1, 3);
    let data_folders: BTreeSet<String> = files
        .keys()
        .filter(|p| p.ends_with(".json"))
        .map(|p| p.rsplit_once('/').unwrap().0.to_string())
        .collect();
    assert_eq!(
        data_folders,
        tables.keys().cloned().collect(),
        "folders written vs LOCATIONs declared"
    );
    for (folder, columns) in &tables {
        let docs = documents(&files, folder);
        assert!(docs.len() >= 5, "{folder}: {} documents", docs.len());
        for doc in &docs {
            let keys = doc
                .as_object()
                .unwrap_or_else(|| panic!("{folder}: not an object: {doc}"))
                .keys();
            for key in keys {
                assert!(
                    columns.contains(&key.to_lowercase()),
                    "{folder}: `{key}` is not a declared column"
                );
            }
        }
    }
}

/// Documents by `_id`, in file order.
fn versions(docs: &[Value]) -> BTreeMap<String, Vec<&Value>> {
    let mut by_id: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for d in docs {
        by_id.entry(d["_id"].to_string()).or_default().push(d);
    }
    by_id
}

#[test]
fn the_dirt_is_there() {
    let (_dir, files) = generated(1, pdmctl::sample::DEFAULT_SEED);
    let folders: BTreeSet<&str> = files
        .keys()
        .filter(|p| p.starts_with("adg/"))
        .map(|p| p.rsplit_once('/').unwrap().0)
        .collect();
    assert_eq!(folders.len(), 9);
    for folder in folders {
        let docs = documents(&files, folder);
        let dups: Vec<_> = versions(&docs).into_values().filter(|v| v.len() > 1).collect();
        // Ten teams are too few to be sure of one; agents that moved team always have two.
        let wanted = match folder {
            "adg/agent_core/team" => 0,
            "adg/agent_core/agent" => 1,
            _ => 3,
        };
        assert!(dups.len() >= wanted, "{folder}: {} duplicated ids", dups.len());
        for v in &dups {
            let stamps: BTreeSet<&str> = v.iter().map(|d| d["_lastModifiedDateTime"].as_str().unwrap()).collect();
            assert_eq!(
                stamps.len(),
                v.len(),
                "{folder}: versions share a timestamp: {stamps:?}"
            );
            // The latest comes first in the file, so file order cannot stand in for the dedup,
            // and it differs from the older versions in more than its timestamp.
            let latest = v
                .iter()
                .max_by_key(|d| d["_lastModifiedDateTime"].as_str().unwrap())
                .unwrap();
            assert!(std::ptr::eq(*latest, v[0]), "{folder}: latest version is not first");
            let strip = |d: &Value| {
                let mut d = d.clone();
                d.as_object_mut().unwrap().remove("_lastModifiedDateTime");
                d
            };
            assert!(
                v[1..].iter().all(|old| strip(old) != strip(latest)),
                "{folder}: an older version equals the latest"
            );
        }
    }
    let claimants = documents(&files, "adg/core/claimant");
    assert!(
        claimants.iter().any(|d| d["nino"].is_null() && d.get("nino").is_some()),
        "explicit null nino"
    );
    assert!(
        claimants.iter().any(|d| d.get("paymentDetails").is_none()),
        "missing paymentDetails"
    );
    assert!(
        claimants.iter().any(|d| d["paymentDetails"] == serde_json::json!([])),
        "empty paymentDetails"
    );
    let appointments = documents(&files, "adg/core/appointment");
    let codes: BTreeSet<&str> = appointments
        .iter()
        .map(|d| d["appointmentTypeCode"].as_str().unwrap())
        .collect();
    assert!(
        codes.iter().any(|c| c.trim() != *c || c.to_uppercase() != *c),
        "odd casing of codes: {codes:?}"
    );
}

/// Share of ADG references to Crown ids that Crown knows (after upper/trim, as the load does).
fn crown_hits(
    files: &BTreeMap<String, Vec<u8>>,
    folder: &str,
    field: &str,
    crown: &str,
    column: &str,
) -> (usize, usize) {
    let known: BTreeSet<String> = documents(files, crown)
        .iter()
        .filter_map(|d| d[column].as_str().map(|s| s.trim().to_uppercase()))
        .collect();
    let refs: Vec<String> = documents(files, folder)
        .iter()
        .filter_map(|d| d[field].as_str().map(|s| s.trim().to_uppercase()))
        .collect();
    (refs.iter().filter(|r| known.contains(*r)).count(), refs.len())
}

#[test]
fn references_mostly_find_crown_with_a_few_deliberate_misses() {
    let (_dir, files) = generated(1, pdmctl::sample::DEFAULT_SEED);
    for (folder, field, crown, column) in [
        ("adg/core/appointment", "agentId", "crown/agent_dim", "agent_id"),
        ("adg/core/appointment", "siteId", "crown/site_dim", "site_id"),
        (
            "adg/core/appointment",
            "appointmentTypeCode",
            "crown/appointment_type_dim",
            "appointment_type_code",
        ),
        ("adg/core/toDo", "teamId", "crown/team_dim", "team_id"),
        (
            "adg/core/toDo",
            "toDoTypeCode",
            "crown/to_do_type_type_dim",
            "to_do_type_code",
        ),
    ] {
        let (hits, total) = crown_hits(&files, folder, field, crown, column);
        assert!(
            hits * 100 >= total * 90,
            "{folder}.{field}: {hits} of {total} found in {crown}"
        );
        assert!(hits < total, "{folder}.{field}: no reference misses {crown}");
    }
}

#[test]
fn scale_2_has_about_twice_the_adg_documents() {
    let count = |files: &BTreeMap<String, Vec<u8>>| -> usize {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("adg/"))
            .map(|(_, b)| b.iter().filter(|&&c| c == b'\n').count())
            .sum()
    };
    let (_a, one) = generated(1, 1);
    let (_b, two) = generated(2, 1);
    let ratio = count(&two) as f64 / count(&one) as f64;
    assert!((1.8..=2.2).contains(&ratio), "scale 2 / scale 1 = {ratio}");
}

#[test]
fn a_previous_sample_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    generate(2, 5, &out).unwrap();
    generate(1, 5, &out).unwrap();
    let (_x, fresh) = generated(1, 5);
    assert_eq!(tree(&out), fresh);
    assert!(out.join(MARKER).is_file());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("s")]);
}

#[test]
fn cli_writes_a_sample_and_rejects_bad_input_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let ok = pdmctl(dir.path(), &["sample", "--scale", "1", "--out", "s1", "--seed", "4"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("adg/core/claimant"), "{}", stdout(&ok));
    let (_x, expected) = generated(1, 4);
    assert_eq!(tree(&dir.path().join("s1")), expected);

    let zero = pdmctl(dir.path(), &["sample", "--scale", "0", "--out", "s0"]);
    assert_eq!(zero.status.code(), Some(2));
    assert_eq!(stderr(&zero).trim().lines().count(), 1, "{}", stderr(&zero));
    assert!(stderr(&zero).contains("--scale"), "{}", stderr(&zero));
    assert!(!dir.path().join("s0").exists());

    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let refused = pdmctl(dir.path(), &["sample", "--out", "mine"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(stderr(&refused).trim().lines().count(), 1, "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--out"), "{}", stderr(&refused));
    assert_eq!(tree(&mine).keys().collect::<Vec<_>>(), vec!["notes.txt"]);
    let mut entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        vec![std::ffi::OsString::from("mine"), std::ffi::OsString::from("s1")]
    );

    let help = pdmctl(dir.path(), &["sample", "--help"]);
    assert!(stdout(&help).contains("Examples:"), "{}", stdout(&help));
}
