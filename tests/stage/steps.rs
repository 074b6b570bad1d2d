//! `pdmctl stage`, what each EMR step runs, against moto's server on 127.0.0.1 (the run record
//! in DynamoDB, the metrics copy in S3): every step of a run in order on the embedded engine,
//! a failure and what follows it, stale and foreign writers, a cluster the deployed launcher
//! started taking a failed run over, and bad input refused before any AWS call.

// Without the engine only the Hive and S3 tests build; their helpers are still all here.
#![cfg_attr(not(feature = "engine"), allow(unused_imports, dead_code))]

use crate::support::{self, copy_dir, hive_runs, peak, HiveRun, STAND_IN_HIVE};

use crate::support::moto::{out, Moto, TABLE};
use aws_sdk_dynamodb::types::AttributeValue;
use pdmctl::bundle::Bundle;
use pdmctl::pipeline::run_values::RunValues;
use pdmctl::tracker::dynamo_store::DynamoStore;
use pdmctl::tracker::{claim, RunRecord, RunRecordStore, RunRequest, Status, Tracker};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

/// The `local` environment's buckets (published and config are both `local`).
const BUCKET: &str = "local";
const METRICS_KEY: &str = "metrics/pdm-metrics.json";
const DATE: &str = "2024-03-01";

/// A run of the `local` environment as `pdmctl submit` leaves it for the cluster: the bundle
/// uploaded, the record claimed (Run_Id 1) with the cluster set.
struct Run {
    m: Moto,
    env: String,
    published: String,
    tmp: tempfile::TempDir,
    bundle: Bundle,
    manifest: String,
    id: String,
}

const CLUSTER: &str = "j-STAGETEST1";

impl Run {
    fn new(id: &str) -> Run {
        Run::with_pipeline(id, |yaml| yaml)
    }

    fn with_pipeline(id: &str, edit: impl Fn(String) -> String) -> Run {
        Run::in_env("local", id, edit)
    }

    /// A run in `env` of a copy of the project whose pipelines.yaml `edit` changed. The
    /// `local` environment runs on the engine, the others on the stand-in Hive.
    fn in_env(env: &str, id: &str, edit: impl Fn(String) -> String) -> Run {
        let m = Moto::start();
        m.create_table();
        let tmp = tempfile::tempdir().unwrap();
        // clean-dictionary-data rewrites the dictionary: work on a copy of the sample.
        let data = tmp.path().join("data");
        copy_dir(&crate::support::repo().join("sample"), &data);
        let root = tmp.path().join("project");
        copy_dir(&crate::support::repo().join("sql"), &root.join("sql"));
        let yaml = std::fs::read_to_string(crate::support::repo().join("pipelines.yaml")).unwrap();
        std::fs::write(root.join("pipelines.yaml"), edit(yaml)).unwrap();
        let project = pdmctl::Project::load(&root.join("pipelines.yaml")).unwrap();
        let values = RunValues::new(Some(DATE), None, None, Some(id), Some(data.to_str().unwrap())).unwrap();
        let (bundle, _) = project.plan(env, &values, None).unwrap();
        let published = bundle.variables["published_bucket"].clone();
        let config = bundle.variables["config_bucket"].clone();
        m.create_bucket(&published);
        if config != published {
            m.create_bucket(&config);
        }
        let up = pdmctl::bundle::bucket::Upload::new(&bundle, &config);
        pdmctl::backend::emr::upload::upload(&m.aws, &up).unwrap();
        let manifest = up.manifest_uri();
        let run = Run {
            m,
            env: env.to_string(),
            published,
            tmp,
            bundle,
            manifest,
            id: id.to_string(),
        };
        let steps = run.step_names();
        let store = DynamoStore::new(&run.m.aws, TABLE);
        let c = claim(
            &store,
            &RunRequest {
                correlation_id: id,
                date: DATE,
                s3_prefix_analytical_dataset: "analytical-dataset/full/2024-03-01",
                s3_prefix_snapshots: None,
                snapshot_type: "full",
                steps: &steps,
                from: None,
                restart: false,
            },
        )
        .unwrap();
        Tracker::new(&store, c.record).set_cluster(CLUSTER).unwrap();
        run
    }

    fn step_names(&self) -> Vec<String> {
        self.bundle.steps.iter().map(|s| s.name.clone()).collect()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// `pdmctl stage <env> <step>` on cluster `CLUSTER`.
    fn stage(&self, step: &str, extra: &[&str]) -> Output {
        self.stage_on(CLUSTER, step, extra)
    }

    fn stage_on(&self, cluster: &str, step: &str, extra: &[&str]) -> Output {
        self.command(cluster, step, extra).output().expect("pdmctl runs")
    }

    fn command(&self, cluster: &str, step: &str, extra: &[&str]) -> std::process::Command {
        let info = self.path(&format!("job-flow-{cluster}.json"));
        std::fs::write(&info, format!("{{\"jobFlowId\": \"{cluster}\"}}")).unwrap();
        let home = self.path("home");
        let metrics = self.path("hive/metrics.json");
        let warehouse = self.path("warehouse");
        let mut args = vec![
            "stage",
            &self.env,
            step,
            "--manifest",
            &self.manifest,
            "--home",
            home.to_str().unwrap(),
            "--metrics-file",
            metrics.to_str().unwrap(),
        ];
        if self.env == "local" {
            args.extend(["--executor", "engine", "--warehouse", warehouse.to_str().unwrap()]);
        } else {
            args.extend(["--executor", "hive", "--hive", STAND_IN_HIVE]);
        }
        args.extend_from_slice(extra);
        let mut cmd = self.m.pdmctl_command(&args);
        cmd.env("PDMCTL_JOB_FLOW_INFO", &info);
        cmd
    }

    fn run_args(&self) -> Vec<String> {
        vec!["--run".into(), self.id.clone(), "--run-id".into(), "1".into()]
    }

    fn record(&self) -> RunRecord {
        DynamoStore::new(&self.m.aws, TABLE)
            .get(&self.id)
            .unwrap()
            .expect("record")
    }

    fn metrics_in_s3(&self) -> Option<Value> {
        self.m
            .keys(&self.published)
            .contains(&METRICS_KEY.to_string())
            .then(|| serde_json::from_slice(&self.m.object(&self.published, METRICS_KEY)).unwrap())
    }
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Every stderr line is one JSON object naming env, run and step.
fn check_log(o: &Output, id: &str, step: &str) -> Vec<Value> {
    let text = String::from_utf8_lossy(&o.stderr);
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}"));
            assert!(v["env"].is_string(), "{l}");
            assert_eq!(v["correlation_id"], id, "{l}");
            assert_eq!(v["step"], step, "{l}");
            assert!(v["timestamp"].is_string() && v["level"].is_string() && v["event"].is_string());
            v
        })
        .collect()
}

#[cfg(feature = "engine")]
#[test]
fn every_step_in_order_keeps_the_record_metrics_and_s3_copy() {
    let run = Run::new("stage-all");
    let names = run.step_names();
    let metrics_file = run.path("hive/metrics.json");
    // A stale metrics object from an earlier run, for the courtesy flush to remove.
    run.m
        .put(BUCKET, METRICS_KEY, "{\"gauges\": {\"stale\": {\"value\": 1}}}");
    for (i, name) in names.iter().enumerate() {
        let o = run.stage(name, &args(&run.run_args()));
        assert!(o.status.success(), "{name}: {}", out(&o));
        let log = check_log(&o, &run.id, name);
        assert!(
            log.iter().any(|l| l["event"] == "step_completed"),
            "{name}: {}",
            out(&o)
        );
        let r = run.record();
        match names.get(i + 1) {
            Some(next) => {
                assert_eq!(
                    (r.status, r.current_step.as_str()),
                    (Status::InProgress, next.as_str()),
                    "after {name}"
                );
            }
            None => assert_eq!((r.status, r.current_step.as_str()), (Status::Completed, name.as_str())),
        }
        assert_eq!(r.run_id, 1);
        let s3 = run.metrics_in_s3();
        match name.as_str() {
            "courtesy-flush" => assert!(
                s3.is_none() && !metrics_file.exists(),
                "courtesy flush removes the stale metrics"
            ),
            "flush-gateway" => {}
            "flush-s3" => assert!(s3.is_none() && !metrics_file.exists(), "flush-s3 removes the metrics"),
            _ => {
                let s3 = s3.expect("metrics copied to S3");
                let local: Value = serde_json::from_str(&std::fs::read_to_string(&metrics_file).unwrap()).unwrap();
                assert_eq!(s3, local, "the S3 copy is the file");
                let id = i + 1;
                assert_eq!(
                    s3["gauges"][format!("state_step_{id}{name}")]["value"],
                    0.0,
                    "{name} COMPLETED"
                );
                assert!(s3["gauges"][format!("runtime_step_{id}{name}")]["value"].is_number());
                // The gauges of the steps before stay in the file.
                if name == "model" {
                    let transform = names.iter().position(|n| n == "transform").unwrap() + 1;
                    assert_eq!(s3["gauges"][format!("state_step_{transform}transform")]["value"], 0.0);
                }
            }
        }
        if name == "model" {
            // A file of an HQL step is logged with its attempts.
            assert!(log
                .iter()
                .any(|l| l["event"] == "file_finished" && l["file"] == "model/fact_claim.hql"));
        }
    }
    // create-views-tables turned each view into a uc table and dropped the view.
    let engine = pdmctl::engine::Engine::open(&run.path("warehouse")).unwrap();
    assert!(engine.row_count("uc.v_agent_workload").unwrap() > 0);
    assert!(!engine
        .tables()
        .contains(&"uc_views_tables.v_agent_workload".to_string()));
    assert!(engine.row_count("uc_pdm_model.fact_claim").unwrap() > 0);
    // clean-dictionary-data left the (already clean) dictionary one document per line.
    let dict = std::fs::read_to_string(run.path("data/dictionary/part-00000.json")).unwrap();
    assert!(dict.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()));
}

#[cfg(feature = "engine")]
#[test]
fn a_failed_step_fails_the_run_later_steps_refuse_and_the_flush_still_cleans_up() {
    let run = Run::new("stage-fail");
    let names = run.step_names();
    let a = run.run_args();
    for name in names.iter().take_while(|n| *n != "transform") {
        assert!(run.stage(name, &args(&a)).status.success(), "{name}");
    }
    // Skip transform: model reads tables that are not there, and fails.
    let o = run.stage("model", &args(&a));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    let last = err.lines().last().unwrap();
    assert!(last.starts_with("error: step `model` failed: "), "{last}");
    assert!(
        last.contains("sql/model/") && last.contains("not found"),
        "names the file and why: {last}"
    );
    assert!(last.contains("(attempt 1 of 1)"), "{last}");
    let log = check_log(
        &Output {
            stderr: err
                .lines()
                .filter(|l| l.starts_with('{'))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
            ..o.clone()
        },
        &run.id,
        "model",
    );
    assert!(log.iter().any(|l| l["event"] == "file_failed" && l["level"] == "ERROR"));
    let r = run.record();
    assert_eq!(
        (r.status, r.current_step.as_str(), r.run_id),
        (Status::Failed, "model", 1)
    );
    let model_id = names.iter().position(|n| n == "model").unwrap() + 1;
    let s3 = run.metrics_in_s3().unwrap();
    assert_eq!(
        s3["gauges"][format!("state_step_{model_id}model")]["value"],
        1.0,
        "FAILED"
    );

    // With CONTINUE, EMR runs the next steps: they refuse and leave the record alone.
    let o = run.stage("views", &args(&a));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains(
        "run `stage-fail` is FAILED at `model` (Run_Id 1); `views` does not run after that; rerun `pdmctl submit local --correlation-id stage-fail` to resume at `model`"
    ));
    // The flush steps still clean up, without touching the record.
    for name in ["flush-gateway", "flush-s3"] {
        let o = run.stage(name, &args(&a));
        assert!(o.status.success(), "{name}: {}", out(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("cleaned up after the run ended FAILED"));
    }
    assert!(run.metrics_in_s3().is_none());
    assert_eq!(run.record(), r, "record unchanged by refusals and cleanups");

    // A resubmit claims Run_Id 2; a leftover step of Run_Id 1 is stale and does nothing.
    let store = DynamoStore::new(&run.m.aws, TABLE);
    let c = claim(
        &store,
        &RunRequest {
            correlation_id: &run.id,
            date: DATE,
            s3_prefix_analytical_dataset: &r.s3_prefix_analytical_dataset,
            s3_prefix_snapshots: None,
            snapshot_type: "full",
            steps: &names,
            from: None,
            restart: false,
        },
    )
    .unwrap();
    assert_eq!((c.record.run_id, c.start_step()), (2, "model"));
    let before = run.record();
    let o = run.stage("model", &args(&a));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains(
        "--run-id: this step belongs to Run_Id 1 of `stage-fail`, but the record is at Run_Id 2 (IN_PROGRESS at `model`); a stale step does not run"
    ));
    assert_eq!(run.record(), before);
}

#[cfg(feature = "engine")]
#[test]
fn a_cluster_the_launcher_started_takes_over_a_failed_run() {
    let run = Run::new("stage-relaunch");
    run.m.update(
        &run.id,
        &[
            ("Status", AttributeValue::S("FAILED".into())),
            ("CurrentStep", AttributeValue::S("transform".into())),
        ],
    );
    // The deployed EMR launcher appends these four to every step; no --run, no --run-id.
    let launcher = [
        "--correlation_id",
        "stage-relaunch",
        "--s3_prefix",
        "analytical-dataset/full/2024-03-01",
        "--snapshot_type",
        "full",
        "--export_date",
        DATE,
    ];
    // A value that differs from the record is refused before anything is written.
    let mut wrong = launcher.to_vec();
    wrong[7] = "2024-03-02";
    let o = run.stage_on("j-NEWCLUSTER", "courtesy-flush", &wrong);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("--export_date: `2024-03-02` differs from the run record's `2024-03-01`"));
    assert_eq!(run.record().run_id, 1);

    let o = run.stage_on("j-NEWCLUSTER", "courtesy-flush", &launcher);
    assert!(o.status.success(), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("skipped: Run_Id 2 resumes at `transform`"));
    let r = run.record();
    assert_eq!(
        (r.run_id, r.status, r.current_step.as_str(), r.cluster_id.as_deref()),
        (2, Status::InProgress, "transform", Some("j-NEWCLUSTER"))
    );
    // The launcher appends its flags even where they are already given: the last wins.
    let mut twice = launcher.to_vec();
    twice.extend_from_slice(&launcher);
    let o = run.stage_on("j-NEWCLUSTER", "source", &twice);
    assert!(o.status.success(), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("skipped"));
    // Another cluster cannot take a run that is in progress.
    let o = run.stage_on("j-THIRDCLUSTER", "transform", &launcher);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("run `stage-relaunch` is IN_PROGRESS on cluster j-NEWCLUSTER; this cluster does not take it over"));
    assert_eq!(run.record(), r);
}

#[test]
fn bad_input_is_refused_before_any_aws_call() {
    let run = Run::new("stage-bad");
    let before = run.m.items();
    let keys = run.m.keys(BUCKET);
    let manifest = run.manifest.clone();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--run", "a;b", "--manifest", &manifest],
            "--run: `a;b` is not a correlation id",
        ),
        (
            vec!["--manifest", &manifest],
            "--run: the run's correlation id is required",
        ),
        (
            vec!["--run", "x", "--correlation_id", "y", "--manifest", &manifest],
            "--correlation_id: `y` differs from --run `x`",
        ),
        (
            vec!["--run", "x", "--export_date", "2024-13-45", "--manifest", &manifest],
            "--export_date:",
        ),
        (
            vec!["--run", "x", "--s3_prefix", "../etc", "--manifest", &manifest],
            "--s3_prefix:",
        ),
        (
            vec!["--run", "x", "--snapshot_type", "full;", "--manifest", &manifest],
            "--snapshot_type: `full;` is not a snapshot type",
        ),
        (
            vec!["--run", "x", "--manifest", "s3://local/pdm/manifests/../x.json"],
            "--manifest:",
        ),
    ];
    for (extra, expected) in cases {
        let mut a = vec!["stage", "local", "model"];
        a.extend_from_slice(&extra);
        let o = run.m.pdmctl(&a);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", out(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{extra:?}: one line: {err}");
        assert!(err.contains(expected), "{extra:?}: {err}");
    }
    let o = run
        .m
        .pdmctl(&["stage", "local", "../model", "--run", "x", "--manifest", &manifest]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid step name `../model`"));
    assert_eq!(run.m.items(), before, "DynamoDB unchanged");
    assert_eq!(run.m.keys(BUCKET), keys, "S3 unchanged");
}

#[test]
fn a_step_needs_its_record_environment_and_name() {
    let run = Run::new("stage-lookup");
    let home = run.path("home");
    let base = ["--manifest", run.manifest.as_str(), "--home", home.to_str().unwrap()];
    let o = run
        .m
        .pdmctl(&[&["stage", "local", "model", "--run", "nobody"][..], &base].concat());
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("--run: no run record for `nobody` in data_pipeline_metadata; steps run only for a submitted run"));
    let o = run
        .m
        .pdmctl(&[&["stage", "qa", "model", "--run", "stage-lookup"][..], &base].concat());
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("`qa`: the bundle"));
    let o = run
        .m
        .pdmctl(&[&["stage", "local", "modle", "--run", "stage-lookup"][..], &base].concat());
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("`modle` is not a step of this `local` run (steps: courtesy-flush,"));
    assert_eq!(run.record().current_step, "courtesy-flush", "nothing written");
}

#[cfg(feature = "engine")]
#[test]
fn the_run_status_gauge_goes_to_the_pushgateway_and_is_flushed() {
    let (url, seen) = support::http_recorder("200 OK");
    let run = Run::with_pipeline("stage-gauge", |yaml| {
        yaml.replace(
            "      metrics_scrape_pause_seconds: \"0\"\n",
            &format!("      metrics_scrape_pause_seconds: \"0\"\n      pushgateway: \"{url}\"\n"),
        )
    });
    for name in run.step_names() {
        let o = run.stage(&name, &args(&run.run_args()));
        assert!(o.status.success(), "{name}: {}", out(&o));
    }
    let path = "/metrics/job/pdm/correlation_id/stage-gauge HTTP/1.1";
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen[0].starts_with(&format!("PUT {path}")) && seen[0].ends_with("pdm_run_status{environment=\"local\"} 1"),
        "running at metrics-setup: {seen:?}"
    );
    assert!(
        seen[1].starts_with(&format!("PUT {path}")) && seen[1].ends_with("} 2"),
        "completed after the last work step: {seen:?}"
    );
    assert!(seen[2].starts_with(&format!("DELETE {path}")), "flushed: {seen:?}");
}

#[test]
fn the_dictionary_in_s3_is_rewritten_one_document_per_line_or_left_alone() {
    let m = Moto::start();
    let bucket = "dataworks-published-qa";
    m.create_bucket(bucket);
    let prefix = "common-model-inputs/data/dictionary";
    m.put(
        bucket,
        &format!("{prefix}/a.json"),
        "{\n  \"k\": 1,\n  \"v\": \"x\"\n}\n{\"k\": 2}\n",
    );
    m.put(bucket, &format!("{prefix}/b.json"), "[{\"k\":3},{\"k\":4}]");
    m.put(bucket, &format!("{prefix}/c.json"), "{\"k\":5}\n");
    let uri = format!("s3://{bucket}/{prefix}");
    let report = pdmctl::stage::builtins::clean_dictionary_s3(&m.aws, &uri).unwrap();
    assert_eq!(report.files, 3);
    assert_eq!(
        report.rewritten,
        vec![
            format!("s3://{bucket}/{prefix}/a.json"),
            format!("s3://{bucket}/{prefix}/b.json")
        ]
    );
    let text = |k: &str| String::from_utf8(m.object(bucket, &format!("{prefix}/{k}"))).unwrap();
    assert_eq!(text("a.json"), "{\"k\":1,\"v\":\"x\"}\n{\"k\":2}\n");
    assert_eq!(text("b.json"), "{\"k\":3}\n{\"k\":4}\n");
    assert_eq!(text("c.json"), "{\"k\":5}\n");
    assert_eq!(m.keys(bucket).len(), 3, "no staging object left: {:?}", m.keys(bucket));
    // A second run changes nothing.
    assert!(pdmctl::stage::builtins::clean_dictionary_s3(&m.aws, &uri)
        .unwrap()
        .rewritten
        .is_empty());

    // One file that is not JSON: the step fails naming it, and nothing is replaced.
    m.put(bucket, &format!("{prefix}/d.json"), "{\n \"k\": 6\n}\n");
    m.put(bucket, &format!("{prefix}/e.json"), "{\"k\": 7}\n{oops\n");
    let err = pdmctl::stage::builtins::clean_dictionary_s3(&m.aws, &uri)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!("s3://{bucket}/{prefix}/e.json: not JSON at line 2, column 2; the dictionary is left as it was")
    );
    assert_eq!(text("d.json"), "{\n \"k\": 6\n}\n", "left as it was");
    let err = pdmctl::stage::builtins::clean_dictionary_s3(&m.aws, "/tmp/dictionary")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("variable dictionary_path: `/tmp/dictionary` is not an s3://bucket/prefix URI"),
        "{err}"
    );
}

/// A development run with a small policy, so the stand-in shows the bound and the retries
/// quickly: 3 files at once, 3 attempts, no delay between them.
fn dev_run(id: &str) -> Run {
    Run::in_env("development", id, |yaml| {
        yaml.replace(
            "  development:\n    parallelism: 10\n",
            "  development:\n    parallelism: 3\n    retry:\n      attempts: 3\n      delay_seconds: 0\n",
        )
    })
}

#[test]
fn hql_steps_run_through_hive_in_dependency_order_within_the_bound_with_retries() {
    let run = dev_run("hive-model");
    let log = run.path("hive.log");
    let mut cmd = run.command(CLUSTER, "model", &args(&run.run_args()));
    cmd.env("HIVE_STANDIN_LOG", &log)
        .env("HIVE_STANDIN_SLEEP", "0.05")
        .env("HIVE_STANDIN_FAIL", "fact_claim:2")
        .env("HIVE_STANDIN_STATE", run.path("hive-state"));
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", out(&o));

    let runs = hive_runs(&log);
    let step = run.bundle.step("model").unwrap();
    assert_eq!(
        runs.iter().filter(|r| r.exit == 0).count(),
        step.files.len(),
        "each file once, successfully"
    );
    for (file, deps) in &step.depends_on {
        let started = runs.iter().filter(|r| &r.file == file).map(|r| r.start).min().unwrap();
        for d in deps {
            let done = runs
                .iter()
                .filter(|r| &r.file == d && r.exit == 0)
                .map(|r| r.end)
                .max()
                .unwrap();
            assert!(started >= done, "{file} started before {d} finished");
        }
    }
    let most = peak(&runs);
    assert!(
        (2..=3).contains(&most),
        "parallelism 3 is a bound and is reached: {most}"
    );
    let claims: Vec<&HiveRun> = runs.iter().filter(|r| r.file == "model/fact_claim.hql").collect();
    assert_eq!(
        claims.iter().map(|r| r.exit).collect::<Vec<_>>(),
        vec![17, 17, 0],
        "failed twice, then succeeded"
    );

    let lines = check_log(&o, &run.id, "model");
    let retries: Vec<&Value> = lines
        .iter()
        .filter(|l| l["event"] == "file_retrying" && l["file"] == "model/fact_claim.hql")
        .collect();
    assert_eq!(retries.len(), 2);
    assert!(
        retries[0]["error"]
            .as_str()
            .unwrap()
            .contains("FAILED: SemanticException"),
        "{}",
        retries[0]
    );
    assert!(lines
        .iter()
        .any(|l| l["event"] == "file_finished" && l["file"] == "model/fact_claim.hql" && l["attempts"] == 3));
    let r = run.record();
    assert_eq!((r.status, r.current_step.as_str()), (Status::InProgress, "views"));
    let model_id = run.step_names().iter().position(|n| n == "model").unwrap() + 1;
    assert_eq!(
        run.metrics_in_s3().unwrap()["gauges"][format!("state_step_{model_id}model")]["value"],
        0.0
    );
}

#[test]
fn a_file_failing_every_attempt_fails_the_step_with_hives_error_and_its_stderr_in_the_log() {
    let run = dev_run("hive-fail");
    let log = run.path("hive.log");
    let mut cmd = run.command(CLUSTER, "model", &args(&run.run_args()));
    cmd.env("HIVE_STANDIN_LOG", &log)
        .env("HIVE_STANDIN_SLEEP", "0.02")
        .env("HIVE_STANDIN_FAIL", "dim_site:9")
        .env("HIVE_STANDIN_STATE", run.path("hive-state"));
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with(
            "error: step `model` failed: model/dim_site.hql: Hive exited with code 17: FAILED: SemanticException"
        ),
        "{last}"
    );
    assert!(last.ends_with("(attempt 3 of 3)"), "{last}");
    let json: Vec<&str> = err.lines().filter(|l| l.starts_with('{')).collect();
    let failed: Value = json
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["event"] == "file_failed")
        .unwrap();
    assert_eq!(
        (failed["file"].as_str(), failed["attempts"].as_u64()),
        (Some("model/dim_site.hql"), Some(3))
    );
    assert!(
        failed["stderr_tail"]
            .as_str()
            .unwrap()
            .contains("FAILED: SemanticException"),
        "{failed}"
    );

    // Nothing started after the final failure.
    let runs = hive_runs(&log);
    let gave_up = runs
        .iter()
        .filter(|r| r.file == "model/dim_site.hql")
        .map(|r| r.end)
        .max()
        .unwrap();
    assert!(
        runs.iter().all(|r| r.start <= gave_up),
        "no file starts after the step failed"
    );
    let r = run.record();
    assert_eq!((r.status, r.current_step.as_str()), (Status::Failed, "model"));
    let model_id = run.step_names().iter().position(|n| n == "model").unwrap() + 1;
    assert_eq!(
        run.metrics_in_s3().unwrap()["gauges"][format!("state_step_{model_id}model")]["value"],
        1.0
    );
}

#[test]
fn create_views_tables_runs_generated_hql_through_hive_each_view_recreated_first() {
    let run = dev_run("hive-views");
    let log = run.path("hive.log");
    let mut cmd = run.command(CLUSTER, "create-views-tables", &args(&run.run_args()));
    cmd.env("HIVE_STANDIN_LOG", &log);
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", out(&o));
    let files: Vec<String> = hive_runs(&log).into_iter().map(|r| r.file).collect();
    let views = &run.bundle.step("create-views-tables").unwrap().views;
    let expected: Vec<String> = views
        .iter()
        .flat_map(|v| [format!("views/{v}.hql"), format!("create-views-tables/{v}.hql")])
        .collect();
    assert_eq!(
        files, expected,
        "each view re-created, then materialised, in the listed order"
    );
    let generated = std::fs::read_to_string(
        run.path("home/work")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
            .join("create-views-tables/v_agent_workload.hql"),
    )
    .unwrap();
    assert_eq!(
        generated,
        "DROP TABLE IF EXISTS uc.v_agent_workload;\nCREATE TABLE uc.v_agent_workload STORED AS ORC AS SELECT * FROM uc_views_tables.v_agent_workload;\nDROP VIEW IF EXISTS uc_views_tables.v_agent_workload;\n"
    );
    let lines = check_log(&o, &run.id, "create-views-tables");
    assert_eq!(
        lines.iter().filter(|l| l["event"] == "view_materialised").count(),
        views.len()
    );
    assert_eq!(run.record().current_step, "flush-gateway");
}
