//! `pdmctl submit/status/relaunch` against moto's server on 127.0.0.1 (see tests/moto):
//! S3 objects, EMR steps and the DynamoDB run record, as DESIGN §2 describes them.

use crate::support::moto::{calls, flag, item, ok, out, plan, s, service_total, Moto, DEV_BUCKET, PROD_BUCKET};
use aws_sdk_dynamodb::types::AttributeValue;
use pdmctl::tracker::dynamo_store::DynamoStore;
use pdmctl::tracker::{claim, RunRecordStore, RunRequest, Tracker};
use serde_json::Value;
use std::process::Output;

const DEV_PUBLISHED: &str = "dataworks-published-development";

fn submit(m: &Moto, env: &str, cluster: &str, id: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "submit",
        env,
        "--cluster-id",
        cluster,
        "--correlation-id",
        id,
        "--date",
        "2024-03-01",
    ];
    args.extend_from_slice(extra);
    m.pdmctl(&args)
}

#[test]
fn first_submit_then_unchanged_resubmit() {
    let m = Moto::start();
    let cluster = m.setup(DEV_BUCKET);
    let expected = plan(&m, "development");
    m.put(DEV_PUBLISHED, "metrics/pdm-metrics.json", "{\"gauges\": {}}");
    m.put(DEV_PUBLISHED, "metrics/other.json", "{}");
    let stdout = ok(submit(&m, "development", &cluster, "nightly-1", &[]));
    // The courtesy flush removed the earlier run's metrics, and only them.
    assert_eq!(m.keys(DEV_PUBLISHED), ["metrics/other.json"]);
    let first_calls = calls(&stdout);

    // S3: every file under its sha256, the manifest last and under its own hash.
    let keys = m.keys(DEV_BUCKET);
    let manifest_key = keys
        .iter()
        .find(|k| k.starts_with("pdm/manifests/"))
        .expect("manifest")
        .clone();
    let manifest_bytes = m.object(DEV_BUCKET, &manifest_key);
    let manifest_sha = pdmctl::bundle::sha256_hex(&manifest_bytes);
    assert_eq!(manifest_key, format!("pdm/manifests/{manifest_sha}.json"));
    let manifest: Value = serde_json::from_slice(&manifest_bytes).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert!(files.len() > 20, "{} files", files.len());
    for f in files {
        let sha = f["sha256"].as_str().unwrap();
        let body = m.object(DEV_BUCKET, &format!("pdm/bundles/{sha}.hql"));
        assert_eq!(pdmctl::bundle::sha256_hex(&body), sha, "{}", f["path"]);
    }
    let distinct: std::collections::BTreeSet<&str> = files.iter().map(|f| f["sha256"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), distinct.len() + 1, "{keys:?}");

    // EMR: one step per plan step, in order, with the plan's failure action and the run's args.
    let steps = m.steps(&cluster);
    let names: Vec<(String, String)> = steps
        .iter()
        .zip(m.actions_on_failure(&cluster))
        .map(|(s, a)| (s.name.clone(), a))
        .collect();
    assert_eq!(names, expected);
    assert!(expected.iter().any(|(n, a)| n == "model" && a == "CONTINUE"));
    let manifest_uri = format!("s3://{DEV_BUCKET}/{manifest_key}");
    for s in &steps {
        assert_eq!(&s.args[..4], ["pdmctl", "stage", "development", s.name.as_str()]);
        assert_eq!(flag(&s.args, "--run"), "nightly-1");
        assert_eq!(flag(&s.args, "--run-id"), "1");
        assert_eq!(flag(&s.args, "--manifest"), manifest_uri);
        assert_eq!(flag(&s.args, "--correlation_id"), "nightly-1");
        assert_eq!(flag(&s.args, "--s3_prefix"), "analytical-dataset/full/2024-03-01");
        assert_eq!(flag(&s.args, "--snapshot_type"), "full");
        assert_eq!(flag(&s.args, "--export_date"), "2024-03-01");
    }

    // DynamoDB: every DESIGN §2 attribute with its type.
    let it = item(&m, "nightly-1");
    assert_eq!(it["DataProduct"], s("PDM"));
    assert_eq!(it["Date"], s("2024-03-01"));
    assert_eq!(it["Run_Id"], AttributeValue::N("1".into()));
    assert_eq!(it["Status"], s("IN_PROGRESS"));
    assert_eq!(it["CurrentStep"], s(&expected[0].0));
    assert_eq!(it["Cluster_Id"], s(&cluster));
    assert_eq!(
        it["S3_Prefix_Analytical_DataSet"],
        s("analytical-dataset/full/2024-03-01")
    );
    assert_eq!(it["Snapshot_Type"], s("full"));
    let AttributeValue::N(ttl) = &it["TimeToExist"] else {
        panic!("TimeToExist is not a number: {:?}", it["TimeToExist"])
    };
    let ahead = ttl.parse::<i64>().unwrap() - pdmctl::tracker::now_epoch_seconds();
    assert!(
        (7 * 86_400 - 60..=7 * 86_400).contains(&ahead),
        "TTL in epoch seconds, 7 days ahead: {ahead}"
    );

    // An unchanged resubmit (--restart: the run is IN_PROGRESS) uploads nothing.
    let stdout = ok(submit(&m, "development", &cluster, "nightly-1", &["--restart"]));
    let again = calls(&stdout);
    assert_eq!(m.keys(DEV_BUCKET), keys);
    assert!(stdout.contains(", 0 uploaded;"), "{stdout}");
    assert_eq!(item(&m, "nightly-1")["Run_Id"], AttributeValue::N("2".into()));

    println!("AWS calls, first submit: {first_calls:?}");
    println!("AWS calls, unchanged resubmit: {again:?}");
    for c in [&first_calls, &again] {
        assert_eq!(c.get("EMR.AddJobFlowSteps"), Some(&1));
        assert_eq!(service_total(c, "EMR"), 1);
        assert!(service_total(c, "DynamoDB") <= 3, "{c:?}");
    }
    // First: DeleteObject (metrics) + HeadObject (manifest) + one listing + one PutObject per
    // distinct file + the manifest; then the flush and the HeadObject only.
    assert_eq!(service_total(&first_calls, "S3"), 3 + distinct.len() as u32 + 1);
    assert_eq!(service_total(&again, "S3"), 2, "{again:?}");
    assert_eq!(again.get("S3.HeadObject"), Some(&1));
}

#[test]
fn resume_after_failed_at_model_submits_from_model_with_run_id_2() {
    let m = Moto::start();
    let cluster = m.setup(DEV_BUCKET);
    let expected: Vec<String> = plan(&m, "development").into_iter().map(|(n, _)| n).collect();
    ok(submit(&m, "development", &cluster, "r1", &[]));
    m.update("r1", &[("Status", s("FAILED")), ("CurrentStep", s("model"))]);
    // Another date on the command line: the resume still finishes the record's export.
    let mut args = vec![
        "submit",
        "development",
        "--cluster-id",
        &cluster,
        "--correlation-id",
        "r1",
    ];
    args.extend(["--date", "2024-03-05"]);
    let stdout = ok(m.pdmctl(&args));
    assert!(stdout.contains("Run_Id 2, resuming at `model`"), "{stdout}");
    assert!(
        stdout.contains("Inputs from the run record: date 2024-03-01,"),
        "{stdout}"
    );
    let steps = m.steps(&cluster);
    let resumed: Vec<&str> = steps[expected.len()..].iter().map(|s| s.name.as_str()).collect();
    let from_model: Vec<&str> = expected[expected.iter().position(|n| n == "model").unwrap()..]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(resumed, from_model);
    for s in &steps[expected.len()..] {
        assert_eq!(flag(&s.args, "--run-id"), "2");
        assert_eq!(flag(&s.args, "--export_date"), "2024-03-01");
    }
    let it = item(&m, "r1");
    assert_eq!(it["Run_Id"], AttributeValue::N("2".into()));
    assert_eq!(it["Status"], s("IN_PROGRESS"));
    assert_eq!(it["CurrentStep"], s("model"));
    assert_eq!(it["Date"], s("2024-03-01"));
}

#[test]
fn in_progress_and_completed_are_refused_restart_runs_again() {
    let m = Moto::start();
    let cluster = m.setup(DEV_BUCKET);
    ok(submit(&m, "development", &cluster, "r2", &[]));
    let n = m.steps(&cluster).len();
    let o = submit(&m, "development", &cluster, "r2", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("run `r2` is IN_PROGRESS (Run_Id 1"),
        "{}",
        out(&o)
    );
    m.update("r2", &[("Status", s("COMPLETED")), ("CurrentStep", s("flush-s3"))]);
    let o = submit(&m, "development", &cluster, "r2", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("is COMPLETED"),
        "{}",
        out(&o)
    );
    assert_eq!(m.steps(&cluster).len(), n, "refusals add no step");

    let stdout = ok(submit(
        &m,
        "development",
        &cluster,
        "r2",
        &["--restart", "--from", "transform"],
    ));
    assert!(stdout.contains("Run_Id 2, starting at `transform`"), "{stdout}");
    assert_eq!(m.steps(&cluster)[n].name, "transform");
    assert_eq!(item(&m, "r2")["Status"], s("IN_PROGRESS"));
}

#[test]
fn two_concurrent_submits_of_one_id_have_one_winner() {
    let m = Moto::start();
    let cluster = m.setup(DEV_BUCKET);
    let expected = plan(&m, "development").len();
    let children: Vec<_> = (0..2)
        .map(|_| {
            m.pdmctl_command(&[
                "submit",
                "development",
                "--cluster-id",
                &cluster,
                "--correlation-id",
                "race",
                "--date",
                "2024-03-01",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let results: Vec<Output> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let winners = results.iter().filter(|o| o.status.success()).count();
    assert_eq!(winners, 1, "{}\n{}", out(&results[0]), out(&results[1]));
    let loser = results.iter().find(|o| !o.status.success()).unwrap();
    let err = String::from_utf8_lossy(&loser.stderr);
    assert_eq!(loser.status.code(), Some(1), "the run's state refuses it: {err}");
    assert!(
        err.contains("was claimed by another submit at the same time") || err.contains("is IN_PROGRESS"),
        "{err}"
    );
    assert_eq!(m.steps(&cluster).len(), expected, "one set of steps");
}

#[test]
fn stale_tracker_write_is_refused() {
    let m = Moto::start();
    m.create_table();
    let store = DynamoStore::new(&m.aws, crate::support::moto::TABLE);
    let steps: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let req = |restart| RunRequest {
        correlation_id: "stale",
        date: "2024-03-01",
        s3_prefix_analytical_dataset: "adg",
        s3_prefix_snapshots: Some("snapshots/2024-03-01"),
        snapshot_type: "full",
        steps: &steps,
        from: None,
        restart,
    };
    let first = claim(&store, &req(false)).unwrap();
    let mut old = Tracker::new(&store, first.record);
    old.step_started("b").unwrap();
    let second = claim(&store, &req(true)).unwrap();
    assert_eq!(second.record.run_id, 2);
    let err = old.step_failed("b").unwrap_err().to_string();
    assert!(err.contains("has moved on past Run_Id 1"), "{err}");
    let stored = store.get("stale").unwrap().unwrap();
    assert_eq!((stored.run_id, stored.current_step.as_str()), (2, "a"));
    assert_eq!(stored.s3_prefix_snapshots.as_deref(), Some("snapshots/2024-03-01"));
}

#[test]
fn upload_skips_what_is_there() {
    let m = Moto::start();
    m.create_bucket(DEV_BUCKET);
    let project = pdmctl::Project::load(&crate::support::repo().join("pipelines.yaml")).unwrap();
    let run = pdmctl::pipeline::run_values::RunValues::new(Some("2024-03-01"), None, None, Some("u1"), None).unwrap();
    let bundle = project.render("development", &run).unwrap();
    let up = pdmctl::bundle::bucket::Upload::new(&bundle, DEV_BUCKET);
    let first = pdmctl::backend::emr::upload::upload(&m.aws, &up).unwrap();
    assert_eq!(first.uploaded.len(), up.files.len() + 1);
    assert_eq!(first.uploaded.last(), Some(&up.manifest.key));
    // Another date changes only the files that use it: only those and a new manifest go up.
    let run2 = pdmctl::pipeline::run_values::RunValues::new(Some("2024-03-02"), None, None, Some("u1"), None).unwrap();
    let up2 = pdmctl::bundle::bucket::Upload::new(&project.render("development", &run2).unwrap(), DEV_BUCKET);
    let changed = up2
        .files
        .iter()
        .filter(|f| !up.files.iter().any(|o| o.key == f.key))
        .count();
    assert!(changed > 0 && changed < up2.files.len(), "{changed}");
    let second = pdmctl::backend::emr::upload::upload(&m.aws, &up2).unwrap();
    assert_eq!(second.uploaded.len(), changed + 1);
    let third = pdmctl::backend::emr::upload::upload(&m.aws, &up2).unwrap();
    assert!(third.uploaded.is_empty());
}

#[test]
fn invalid_inputs_are_refused_before_any_aws_call() {
    let m = Moto::start();
    let cluster = m.setup(DEV_BUCKET);
    let bad: &[(&str, &str)] = &[
        ("--correlation-id", "a'b"),
        ("--correlation-id", "a;b"),
        ("--correlation-id", "${x}"),
        ("--correlation-id", "{{ x }}"),
        ("--correlation-id", "a\nb"),
        ("--correlation-id", "a..b"),
        ("--date", "2024-02-30"),
        ("--date", "9999-01-01"),
        ("--date", "2024-03-01'; DROP"),
        ("--s3-prefix", "../secrets"),
        ("--s3-prefix", "a;b"),
        ("--s3-prefix", "${hivevar:x}"),
        ("--s3-prefix", "a\nb"),
        ("--snapshot-type", "full;"),
        ("--cluster-id", "j-abc'"),
        ("--cluster-id", "j-ABC;rm"),
        ("--from", "model;x"),
    ];
    for (name, value) in bad {
        let mut args = vec![
            "submit",
            "development",
            "--cluster-id",
            &cluster,
            "--correlation-id",
            "ok1",
        ];
        args.extend([*name, *value]);
        let o = m.pdmctl(&args);
        assert_eq!(o.status.code(), Some(2), "{name} {value:?}: {}", out(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains(name), "{name}: {}", out(&o));
    }
    let o = m.pdmctl(&["status", "development", "--correlation-id", "x'y"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(m.keys(DEV_BUCKET).is_empty(), "S3 unchanged");
    assert!(m.steps(&cluster).is_empty(), "EMR unchanged");
    assert!(m.items().is_empty(), "DynamoDB unchanged");
}

#[test]
fn in_a_dry_run_nothing_changes() {
    let m = Moto::start();
    let cluster = m.setup(DEV_BUCKET);
    let o = submit(&m, "development", &cluster, "d1", &["--dry-run", "--wait"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let stdout = ok(submit(&m, "development", &cluster, "d1", &["--dry-run"]));
    assert!(
        stdout.contains("Would submit `development` run `d1` (Run_Id 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("upload s3://dataworks-config-development/pdm/manifests/"),
        "{stdout}"
    );
    assert!(
        stdout.contains("command-runner.jar pdmctl stage development"),
        "{stdout}"
    );
    let v: Value = serde_json::from_str(&ok(submit(
        &m,
        "development",
        &cluster,
        "d1",
        &["--dry-run", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["record"]["Run_Id"], 1);
    assert_eq!(v["steps"].as_array().unwrap().len(), plan(&m, "development").len());
    assert_eq!(v["steps"][0]["id"], Value::Null);
    assert!(v["aws_calls"]["DynamoDB.GetItem"] == 1 && v["aws_calls"]["EMR.AddJobFlowSteps"].is_null());
    assert!(m.keys(DEV_BUCKET).is_empty() && m.steps(&cluster).is_empty() && m.items().is_empty());
}

#[test]
fn emr_failure_after_the_claim_sets_the_record_back_to_failed() {
    let m = Moto::start();
    m.setup(DEV_BUCKET);
    // A well-formed id of a cluster that does not exist: AddJobFlowSteps fails.
    let o = submit(&m, "development", "j-NOSUCHCLUSTER", "e1", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("AddJobFlowSteps") && err.contains("set back to FAILED"),
        "{err}"
    );
    let it = item(&m, "e1");
    assert_eq!(it["Status"], s("FAILED"));
    // The rerun resumes at the step it would have started.
    let cluster = m.create_cluster();
    let stdout = ok(submit(&m, "development", &cluster, "e1", &[]));
    assert!(stdout.contains("Run_Id 2, resuming at `courtesy-flush`"), "{stdout}");
}

#[test]
fn status_shows_the_record_and_the_runs_steps() {
    let m = Moto::start();
    let cluster = m.setup(DEV_BUCKET);
    ok(submit(&m, "development", &cluster, "st1", &[]));
    let stdout = ok(m.pdmctl(&["status", "development", "--correlation-id", "st1"]));
    assert!(stdout.contains("Run `st1` (Run_Id 1): IN_PROGRESS"), "{stdout}");
    assert!(
        stdout.contains(&format!("Cluster {cluster}, steps of this run:")),
        "{stdout}"
    );
    let v: Value = serde_json::from_str(&ok(m.pdmctl(&[
        "status",
        "development",
        "--correlation-id",
        "st1",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(v["record"]["Run_Id"], 1);
    assert_eq!(v["steps"].as_array().unwrap().len(), plan(&m, "development").len());
    let o = m.pdmctl(&["status", "development", "--correlation-id", "nope"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
}

fn event(state: &str, cluster: &str) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().unwrap();
    let text = serde_json::json!({
        "version": "0",
        "detail-type": "EMR Cluster State Change",
        "source": "aws.emr",
        "region": "eu-west-2",
        "detail": {"state": state, "clusterId": cluster, "stateChangeReason": "{}"}
    });
    std::fs::write(f.path(), text.to_string()).unwrap();
    f
}

#[test]
fn relaunch_decisions() {
    let m = Moto::start();
    let cluster = m.setup(PROD_BUCKET);
    // The pdmctl build the relaunched cluster's bootstrap downloads.
    m.put(PROD_BUCKET, "pdm/bin/pdmctl-0.1.0", "ELF");
    m.create_bucket(DEV_BUCKET);
    ok(submit(&m, "production", &cluster, "p1", &[]));
    m.update("p1", &[("CurrentStep", s("model"))]);
    let relaunch = |env: &str, state: &str, extra: &[&str]| {
        let e = event(state, &cluster);
        let mut args = vec!["relaunch", env, "--event", e.path().to_str().unwrap()];
        args.extend_from_slice(extra);
        ok(m.pdmctl(&args))
    };

    let o = relaunch("production", "TERMINATED", &[]);
    assert!(o.starts_with("Ignored: the cluster's state is TERMINATED;"), "{o}");
    // Development allows no relaunch (relaunch_max_retries 0).
    let o = relaunch("development", "TERMINATED_WITH_ERRORS", &[]);
    assert!(
        o.contains("No relaunch:") && o.contains("relaunch_max_retries (0)"),
        "{o}"
    );
    let o = relaunch("production", "TERMINATED_WITH_ERRORS", &["--no-retry-step", "model"]);
    assert!(o.contains("No relaunch:") && o.contains("a step not to retry"), "{o}");
    let v: Value = serde_json::from_str(&relaunch(
        "production",
        "TERMINATED_WITH_ERRORS",
        &["--dry-run", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(v["decision"], "relaunch");
    assert_eq!(v["record"]["Correlation_Id"], "p1");
    assert!(v["resume_command"]
        .as_str()
        .unwrap()
        .contains("--correlation-id p1 --date 2024-03-01"));
    // A dry run decides without writing.
    let o = relaunch("production", "TERMINATED_WITH_ERRORS", &["--dry-run"]);
    assert!(o.starts_with("Relaunch:") && o.contains("stays IN_PROGRESS"), "{o}");
    assert_eq!(item(&m, "p1")["Status"], s("IN_PROGRESS"));
    let o = relaunch("production", "TERMINATED_WITH_ERRORS", &[]);
    assert!(o.starts_with("Relaunch: record `p1` (Run_Id 1, IN_PROGRESS)"), "{o}");
    assert!(o.contains("The run record is now FAILED at `model`"), "{o}");
    // The relaunch started a new cluster that resumes the run (tests/cluster.rs has the details).
    let AttributeValue::S(new_cluster) = item(&m, "p1")["Cluster_Id"].clone() else {
        panic!("Cluster_Id")
    };
    assert_ne!(new_cluster, cluster);
    assert!(
        o.contains(&format!(
            "Started cluster {new_cluster}: run `p1` resumes at `model` with Run_Id 2"
        )),
        "{o}"
    );
    assert_eq!(item(&m, "p1")["Status"], s("IN_PROGRESS"));
    assert_eq!(m.steps(&new_cluster)[0].name, "model");

    // Run_Id 3 is over production's 2; a COMPLETED record on the same cluster is not chosen.
    m.update(
        "p1",
        &[("Run_Id", AttributeValue::N("3".into())), ("Cluster_Id", s(&cluster))],
    );
    ok(submit(&m, "production", &cluster, "p0", &[]));
    m.update("p0", &[("Status", s("COMPLETED"))]);
    let o = relaunch("production", "TERMINATED_WITH_ERRORS", &[]);
    assert!(o.contains("2 records have this cluster"), "{o}");
    assert!(o.contains("chose `p1`") && o.contains("Run_Id 3 is over"), "{o}");
}
