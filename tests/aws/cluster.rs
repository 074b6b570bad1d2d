//! `pdmctl submit <env>` without `--cluster-id` against moto's server on 127.0.0.1: the cluster
//! created with RunJobFlow from templates/, its bootstrap script in S3, its steps, the run
//! record, template errors before any AWS call, and relaunch starting a new cluster.

use crate::support::moto::{calls, flag, item, ok, out, plan, s, service_total, Moto, DEV_BUCKET, PROD_BUCKET};
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

/// Config and published buckets with the pdmctl build the bootstrap downloads, and the
/// run-record table; no cluster.
fn setup(m: &Moto, bucket: &str) {
    setup_buckets_only(m, bucket);
    m.create_table();
}

/// The buckets of an environment (the table is shared).
fn setup_buckets_only(m: &Moto, bucket: &str) {
    m.create_bucket(bucket);
    m.create_bucket(&bucket.replace("-config-", "-published-"));
    m.put(bucket, BINARY_KEY, "ELF");
}

const BINARY_KEY: &str = "pdm/bin/pdmctl-0.1.0";

fn submit(m: &Moto, env: &str, id: &str, extra: &[&str]) -> Output {
    let mut args = vec!["submit", env, "--correlation-id", id, "--date", "2024-03-01"];
    args.extend_from_slice(extra);
    m.pdmctl(&args)
}

fn cluster_of(m: &Moto, id: &str) -> String {
    match &item(m, id)["Cluster_Id"] {
        AttributeValue::S(c) => c.clone(),
        other => panic!("Cluster_Id {other:?}"),
    }
}

fn clusters(m: &Moto) -> Vec<String> {
    let resp = m.block_on(m.aws.emr.list_clusters().send()).unwrap();
    resp.clusters()
        .iter()
        .filter_map(|c| c.id().map(str::to_string))
        .collect()
}

fn describe(m: &Moto, cluster: &str) -> aws_sdk_emr::types::Cluster {
    m.block_on(m.aws.emr.describe_cluster().cluster_id(cluster).send())
        .unwrap()
        .cluster()
        .unwrap()
        .clone()
}

fn hive_site(c: &aws_sdk_emr::types::Cluster) -> BTreeMap<String, String> {
    let conf = c
        .configurations()
        .iter()
        .find(|k| k.classification() == Some("hive-site"))
        .expect("hive-site");
    conf.properties()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn tags(c: &aws_sdk_emr::types::Cluster) -> BTreeMap<String, String> {
    c.tags()
        .iter()
        .map(|t| {
            (
                t.key().unwrap_or_default().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// (path, args) of each bootstrap action.
fn bootstrap_actions(m: &Moto, cluster: &str) -> Vec<(String, Vec<String>)> {
    let resp = m
        .block_on(m.aws.emr.list_bootstrap_actions().cluster_id(cluster).send())
        .unwrap();
    resp.bootstrap_actions()
        .iter()
        .map(|b| (b.script_path().unwrap_or_default().to_string(), b.args().to_vec()))
        .collect()
}

/// (role, type, count) of each instance group.
fn instance_groups(m: &Moto, cluster: &str) -> Vec<(String, String, i32)> {
    let resp = m
        .block_on(m.aws.emr.list_instance_groups().cluster_id(cluster).send())
        .unwrap();
    let mut groups: Vec<(String, String, i32)> = resp
        .instance_groups()
        .iter()
        .map(|g| {
            (
                g.instance_group_type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                g.instance_type().unwrap_or_default().to_string(),
                g.requested_instance_count().unwrap_or_default(),
            )
        })
        .collect();
    groups.sort();
    groups
}

/// A copy of the project (pipelines.yaml, sql/, templates/) to break on purpose.
fn project_copy(edit: impl Fn(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("cp")
        .args(["-r", "pipelines.yaml", "sql", "templates"])
        .arg(dir.path())
        .current_dir(crate::support::repo())
        .status()
        .unwrap();
    assert!(status.success());
    edit(dir.path());
    dir
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Nothing was created anywhere.
fn assert_untouched(m: &Moto, bucket: &str) {
    assert!(clusters(m).is_empty(), "no cluster: {:?}", clusters(m));
    let keys: Vec<String> = m.keys(bucket).into_iter().filter(|k| k != BINARY_KEY).collect();
    assert!(keys.is_empty(), "no object: {keys:?}");
    assert!(m.items().is_empty(), "no record");
}

#[test]
fn submit_without_cluster_id_creates_the_cluster() {
    let m = Moto::start();
    setup(&m, DEV_BUCKET);
    let expected = plan(&m, "development");
    let stdout = ok(submit(&m, "development", "c1", &[]));
    let first_calls = calls(&stdout);
    let files = m
        .keys(DEV_BUCKET)
        .iter()
        .filter(|k| k.starts_with("pdm/bundles/"))
        .count();
    assert!(
        stdout.contains(&format!(
            "Bundle: {} objects in s3://{DEV_BUCKET}, {} uploaded;",
            files + 1,
            files + 1
        )),
        "{stdout}"
    );
    assert!(stdout.contains("(uploaded)"), "{stdout}");

    // The record carries the cluster RunJobFlow created, the only one.
    let cluster = cluster_of(&m, "c1");
    assert_eq!(clusters(&m), std::slice::from_ref(&cluster));
    assert!(
        stdout.contains(&format!(
            "Submitted `development` run `c1` (Run_Id 1, starting at `courtesy-flush`) to new cluster {cluster} `pdm-development-c1-1`"
        )),
        "{stdout}"
    );
    let it = item(&m, "c1");
    assert_eq!(it["Status"], s("IN_PROGRESS"));
    assert_eq!(it["Run_Id"], AttributeValue::N("1".into()));

    let c = describe(&m, &cluster);
    assert_eq!(c.name(), Some("pdm-development-c1-1"));
    assert_eq!(c.release_label(), Some("emr-6.15.0"));
    assert_eq!(c.log_uri(), Some("s3://dataworks-logs-development/emr/pdm/"));
    assert_eq!(c.service_role(), Some("pdm_emr_service_role"));
    assert_eq!(c.security_configuration(), Some("pdm-emr-security-configuration"));
    assert_eq!(c.step_concurrency_level(), Some(1));
    assert_eq!(c.auto_terminate(), Some(true), "KeepJobFlowAliveWhenNoSteps: false");
    let apps: Vec<&str> = c.applications().iter().filter_map(|a| a.name()).collect();
    assert_eq!(apps, ["Hadoop", "Hive", "Tez"]);
    let hive = hive_site(&c);
    assert_eq!(hive["hive.exec.dynamic.partition.mode"], "nonstrict");
    assert_eq!(hive["hive.execution.engine"], "tez");
    assert_eq!(hive["hive.exec.parallel"], "true");
    assert_eq!(hive["hive.exec.parallel.thread.number"], "8");
    assert!(hive["hive.metastore.client.factory.class"].contains("AWSGlueDataCatalogHiveClientFactory"));
    let t = tags(&c);
    assert_eq!(t["Application"], "pdm");
    assert_eq!(t["Environment"], "development");
    assert_eq!(t["Correlation_Id"], "c1");
    assert_eq!(t["Run_Id"], "1");

    // The bootstrap action: the content-addressed script, with the run's manifest as argument.
    let keys: Vec<String> = m.keys(DEV_BUCKET).into_iter().filter(|k| k != BINARY_KEY).collect();
    let manifest_key = keys.iter().find(|k| k.starts_with("pdm/manifests/")).unwrap();
    let manifest_uri = format!("s3://{DEV_BUCKET}/{manifest_key}");
    let script_key = keys
        .iter()
        .find(|k| k.starts_with("pdm/bootstrap/"))
        .expect("bootstrap script uploaded");
    let script = m.object(DEV_BUCKET, script_key);
    let sha = pdmctl::bundle::sha256_hex(&script);
    assert_eq!(script_key, &format!("pdm/bootstrap/{sha}.sh"));
    let script = String::from_utf8(script).unwrap();
    assert_eq!(
        script.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>(),
        [
            "set -euo pipefail",
            "cd \"$(mktemp -d)\"",
            "aws s3 cp \"s3://dataworks-config-development/pdm/bin/pdmctl-0.1.0\" ./pdmctl",
            "chmod +x ./pdmctl",
            "sudo ./pdmctl bootstrap \"development\" --bundle \"$1\"",
        ]
    );
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    assert_eq!(
        bootstrap_actions(&m, &cluster),
        [(format!("s3://{DEV_BUCKET}/{script_key}"), vec![manifest_uri.clone()])]
    );

    // The steps, in order, with their args and failure actions.
    let steps = m.steps(&cluster);
    let got: Vec<(String, String)> = steps
        .iter()
        .zip(m.actions_on_failure(&cluster))
        .map(|(s, a)| (s.name.clone(), a))
        .collect();
    assert_eq!(got, expected);
    for st in &steps {
        assert_eq!(&st.args[..4], ["pdmctl", "stage", "development", st.name.as_str()]);
        assert_eq!(flag(&st.args, "--run"), "c1");
        assert_eq!(flag(&st.args, "--run-id"), "1");
        assert_eq!(flag(&st.args, "--manifest"), manifest_uri);
        assert_eq!(flag(&st.args, "--export_date"), "2024-03-01");
    }

    // A second run of the environment finds the bootstrap script there and uploads none.
    let stdout = ok(m.pdmctl(&[
        "submit",
        "development",
        "--correlation-id",
        "c2",
        "--date",
        "2024-03-02",
    ]));
    assert!(stdout.contains("(already there)"), "{stdout}");
    assert_eq!(
        m.keys(DEV_BUCKET)
            .iter()
            .filter(|k| k.starts_with("pdm/bootstrap/"))
            .count(),
        1
    );
    let second_calls = calls(&stdout);
    assert_ne!(cluster_of(&m, "c2"), cluster);

    println!("AWS calls, first cluster-creating submit: {first_calls:?}");
    println!("AWS calls, second run (bootstrap script already there): {second_calls:?}");
    let distinct: std::collections::BTreeSet<&str> = keys
        .iter()
        .filter(|k| k.starts_with("pdm/bundles/"))
        .map(String::as_str)
        .collect();
    assert_eq!(first_calls.get("EMR.RunJobFlow"), Some(&1));
    assert_eq!(service_total(&first_calls, "EMR"), 1, "{first_calls:?}");
    assert!(service_total(&first_calls, "DynamoDB") <= 3, "{first_calls:?}");
    // HeadObject (the pdmctl build) + DeleteObject (flush) + HeadObject (manifest) + one
    // listing + one PutObject per file + the manifest + HeadObject and PutObject of the
    // bootstrap script.
    assert_eq!(service_total(&first_calls, "S3"), 4 + distinct.len() as u32 + 1 + 2);
    assert_eq!(second_calls.get("S3.HeadObject"), Some(&3));
}

#[test]
fn production_and_development_clusters_differ_as_configured() {
    let m = Moto::start();
    setup(&m, DEV_BUCKET);
    setup_buckets_only(&m, PROD_BUCKET);
    ok(submit(&m, "development", "d1", &[]));
    ok(submit(&m, "production", "p1", &[]));
    let (dev, prod) = (cluster_of(&m, "d1"), cluster_of(&m, "p1"));
    assert_eq!(
        instance_groups(&m, &dev),
        [
            ("CORE".to_string(), "m5.2xlarge".to_string(), 2),
            ("MASTER".to_string(), "m5.xlarge".to_string(), 1)
        ]
    );
    assert_eq!(
        instance_groups(&m, &prod),
        [
            ("CORE".to_string(), "m5.4xlarge".to_string(), 10),
            ("MASTER".to_string(), "m5.2xlarge".to_string(), 1)
        ]
    );
    let (d, p) = (describe(&m, &dev), describe(&m, &prod));
    assert_eq!(hive_site(&d)["hive.exec.parallel.thread.number"], "8");
    assert_eq!(hive_site(&p)["hive.exec.parallel.thread.number"], "16");
    assert_eq!(hive_site(&d)["hive.tez.container.size"], "4096");
    assert_eq!(hive_site(&p)["hive.tez.container.size"], "8192");
    assert_eq!(tags(&p)["Environment"], "production");
    assert_eq!(p.log_uri(), Some("s3://dataworks-logs-production/emr/pdm/"));
    // The bootstrap script is the environment's: its own bucket, binary and environment.
    let (path, _) = &bootstrap_actions(&m, &prod)[0];
    let key = path.strip_prefix(&format!("s3://{PROD_BUCKET}/")).unwrap();
    let script = String::from_utf8(m.object(PROD_BUCKET, key)).unwrap();
    assert!(
        script.contains("s3://dataworks-config-production/pdm/bin/pdmctl-0.1.0"),
        "{script}"
    );
    assert!(script.contains("bootstrap \"production\""), "{script}");
    // Step failure actions per environment: model continues in development only.
    let action = |cluster: &str| {
        let names: Vec<String> = m.steps(cluster).into_iter().map(|s| s.name).collect();
        let i = names.iter().position(|n| n == "model").unwrap();
        m.actions_on_failure(cluster)[i].clone()
    };
    assert_eq!(action(&dev), "CONTINUE");
    assert_eq!(action(&prod), "TERMINATE_CLUSTER");
    // Production has no initial_transactional_load step.
    assert!(m.steps(&prod).iter().all(|s| s.name != "initial_transactional_load"));
    assert!(m.steps(&dev).iter().any(|s| s.name == "initial_transactional_load"));
}

#[test]
fn dry_run_prints_the_request_and_creates_nothing() {
    let m = Moto::start();
    setup(&m, DEV_BUCKET);
    let stdout = ok(submit(&m, "development", "dr1", &["--dry-run"]));
    assert!(
        stdout.contains("Would submit `development` run `dr1` (Run_Id 1, starting at `courtesy-flush`) to a new cluster `pdm-development-dr1-1`"),
        "{stdout}"
    );
    assert!(stdout.contains("RunJobFlow request:"), "{stdout}");
    assert!(
        stdout.contains("upload s3://dataworks-config-development/pdm/bootstrap/"),
        "{stdout}"
    );
    let v: Value = serde_json::from_str(&ok(submit(
        &m,
        "development",
        "dr1",
        &["--dry-run", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["cluster_id"], Value::Null);
    let req = &v["new_cluster"]["run_job_flow"];
    assert_eq!(req["Name"], "pdm-development-dr1-1");
    assert_eq!(req["ReleaseLabel"], "emr-6.15.0");
    assert_eq!(req["Instances"]["KeepJobFlowAliveWhenNoSteps"], false);
    assert_eq!(
        req["Configurations"][0]["Properties"]["hive.exec.dynamic.partition.mode"],
        "nonstrict"
    );
    assert_eq!(req["Steps"].as_array().unwrap().len(), plan(&m, "development").len());
    assert_eq!(req["Steps"][0]["HadoopJarStep"]["Jar"], "command-runner.jar");
    assert_eq!(
        req["BootstrapActions"][0]["ScriptBootstrapAction"]["Path"],
        v["new_cluster"]["bootstrap_script"]
    );
    assert_eq!(v["new_cluster"]["bootstrap_uploaded"], true);
    assert!(v["aws_calls"]["EMR.RunJobFlow"].is_null(), "{}", v["aws_calls"]);
    assert_untouched(&m, DEV_BUCKET);
}

#[test]
fn a_missing_pdmctl_build_stops_the_submit_before_the_claim() {
    let m = Moto::start();
    m.create_bucket(DEV_BUCKET);
    m.create_bucket("dataworks-published-development");
    m.create_table();
    let o = submit(&m, "development", "nb1", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("variable pdmctl_binary: s3://dataworks-config-development/pdm/bin/pdmctl-0.1.0 does not exist"),
        "{err}"
    );
    assert_untouched(&m, DEV_BUCKET);
}

#[test]
fn template_errors_fail_before_any_aws_call() {
    let m = Moto::start();
    setup(&m, DEV_BUCKET);
    let cases: Vec<(tempfile::TempDir, &str)> = vec![
        (
            project_copy(|p| {
                replace_in(
                    &p.join("templates/cluster.yaml"),
                    "ReleaseLabel: \"{{ emr_release_label }}\"",
                    "ReleaseLabel: \"{{ emr_release }}\"",
                )
            }),
            "templates/cluster.yaml:10:19: undefined variable `emr_release`",
        ),
        (
            project_copy(|p| {
                replace_in(
                    &p.join("pipelines.yaml"),
                    "emr_core_instance_count: \"2\"",
                    "emr_core_instance_count: two",
                )
            }),
            "templates/cluster.yaml:42:22: invalid i32",
        ),
        (
            project_copy(|p| replace_in(&p.join("templates/cluster.yaml"), "LogUri:", "LogURI:")),
            "templates/cluster.yaml:11:1: unknown field `LogURI`",
        ),
        (
            project_copy(|p| {
                replace_in(
                    &p.join("templates/cluster.yaml"),
                    "Tags:\n",
                    "Steps: []\nTags:\n",
                )
            }),
            "unknown field `Steps`",
        ),
        (
            project_copy(|p| {
                replace_in(
                    &p.join("templates/bootstrap.sh"),
                    "bootstrap \"{{ environment }}\"",
                    "bootstrap \"{{ environment }\"",
                )
            }),
            "templates/bootstrap.sh:8:41: template error: expected ",
        ),
        (
            project_copy(|p| {
                replace_in(
                    &p.join("pipelines.yaml"),
                    "pdmctl_version: 0.1.0",
                    "pdmctl_version: \"0.1.0 $(id)\"",
                )
            }),
            "templates/bootstrap.sh:6:15: `pdmctl_binary` is `s3://dataworks-config-development/pdm/bin/pdmctl-0.1.0 $(id)`, not safe in a shell script",
        ),
    ];
    for (dir, expected) in &cases {
        let config = dir.path().join("pipelines.yaml");
        let o = m.pdmctl(&[
            "--config",
            config.to_str().unwrap(),
            "submit",
            "development",
            "--correlation-id",
            "t1",
        ]);
        assert_eq!(o.status.code(), Some(1), "{expected}: {}", out(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(expected), "expected {expected:?} in {err}");
        // `render` reports the same error and writes nothing.
        let dest = dir.path().join("out");
        let o = m.pdmctl(&[
            "--config",
            config.to_str().unwrap(),
            "render",
            "development",
            "--out",
            dest.to_str().unwrap(),
        ]);
        assert!(String::from_utf8_lossy(&o.stderr).contains(expected), "{}", out(&o));
        assert!(!dest.exists());
    }
    assert_untouched(&m, DEV_BUCKET);
}

#[test]
fn run_job_flow_failure_after_the_claim_sets_the_record_back_to_failed() {
    let m = Moto::start();
    setup(&m, DEV_BUCKET);
    // Two master nodes: EMR accepts 1, or 3 for high availability, and refuses the request.
    let dir = project_copy(|p| {
        replace_in(
            &p.join("pipelines.yaml"),
            "emr_master_instance_count: \"1\"",
            "emr_master_instance_count: \"2\"",
        )
    });
    let config = dir.path().join("pipelines.yaml");
    let o = m.pdmctl(&[
        "--config",
        config.to_str().unwrap(),
        "submit",
        "development",
        "--correlation-id",
        "f1",
        "--date",
        "2024-03-01",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("EMR RunJobFlow pdm-development-f1-1: ValidationException: Master instance group must have exactly 3 instances")
            && err.contains("set back to FAILED at `courtesy-flush`"),
        "{err}"
    );
    let it = item(&m, "f1");
    assert_eq!(it["Status"], s("FAILED"));
    assert!(!it.contains_key("Cluster_Id"), "{it:?}");
    // With the project's own settings the rerun resumes where it would have started.
    let stdout = ok(submit(&m, "development", "f1", &[]));
    assert!(stdout.contains("Run_Id 2, resuming at `courtesy-flush`"), "{stdout}");
    let cluster = cluster_of(&m, "f1");
    assert_eq!(describe(&m, &cluster).name(), Some("pdm-development-f1-2"));
}

fn event(cluster: &str) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().unwrap();
    let text = serde_json::json!({
        "version": "0",
        "detail-type": "EMR Cluster State Change",
        "source": "aws.emr",
        "region": "eu-west-2",
        "detail": {"state": "TERMINATED_WITH_ERRORS", "clusterId": cluster}
    });
    std::fs::write(f.path(), text.to_string()).unwrap();
    f
}

#[test]
fn relaunch_starts_a_new_cluster_resuming_at_the_failed_step() {
    let m = Moto::start();
    setup(&m, PROD_BUCKET);
    ok(submit(&m, "production", "rl1", &[]));
    let first = cluster_of(&m, "rl1");
    // The cluster died in `model` (the stage runner had recorded it there).
    m.update("rl1", &[("CurrentStep", s("model"))]);
    let e = event(&first);
    let path = e.path().to_str().unwrap();

    // A dry run decides and starts nothing.
    let o = ok(m.pdmctl(&["relaunch", "production", "--event", path, "--dry-run"]));
    assert!(o.starts_with("Relaunch: record `rl1` (Run_Id 1, IN_PROGRESS)"), "{o}");
    assert!(o.contains("no cluster started") && o.contains("Run_Id 2"), "{o}");
    assert_eq!(clusters(&m).len(), 1);
    assert_eq!(item(&m, "rl1")["Status"], s("IN_PROGRESS"));

    let o = ok(m.pdmctl(&["relaunch", "production", "--event", path]));
    let second = cluster_of(&m, "rl1");
    assert_ne!(second, first);
    assert_eq!(clusters(&m).len(), 2);
    assert!(
        o.contains(&format!(
            "Started cluster {second}: run `rl1` resumes at `model` with Run_Id 2"
        )),
        "{o}"
    );
    let it = item(&m, "rl1");
    assert_eq!(it["Run_Id"], AttributeValue::N("2".into()));
    assert_eq!(it["Status"], s("IN_PROGRESS"));
    assert_eq!(it["CurrentStep"], s("model"));
    assert_eq!(it["Date"], s("2024-03-01"));
    // The new cluster runs the steps from `model` on, as run 2, with the record's inputs.
    let all: Vec<String> = plan(&m, "production").into_iter().map(|(n, _)| n).collect();
    let from_model = &all[all.iter().position(|n| n == "model").unwrap()..];
    let steps = m.steps(&second);
    let names: Vec<&str> = steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, from_model);
    for st in &steps {
        assert_eq!(flag(&st.args, "--run-id"), "2");
        assert_eq!(flag(&st.args, "--export_date"), "2024-03-01");
        assert_eq!(flag(&st.args, "--s3_prefix"), "analytical-dataset/full/2024-03-01");
    }
    let c = describe(&m, &second);
    assert_eq!(c.name(), Some("pdm-production-rl1-2"));
    assert_eq!(tags(&c)["Run_Id"], "2");
    let v: Value = serde_json::from_str(&ok(m.pdmctl(&[
        "relaunch",
        "production",
        "--event",
        event(&second).path().to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ])))
    .unwrap();
    // Run_Id 2 is still within production's 2 retries; nothing started by the dry run.
    assert_eq!(v["decision"], "relaunch");
    assert_eq!(v["new_cluster_id"], Value::Null);
    assert_eq!(clusters(&m).len(), 2);
}
