//! Shared helpers for the integration tests: small throw-away projects and the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where the real pipelines.yaml lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary project: pipelines.yaml plus `sql/<folder>/<file>` templates.
pub struct MiniProject {
    pub dir: tempfile::TempDir,
}

impl MiniProject {
    pub fn new(yaml: &str, files: &[(&str, &str)]) -> MiniProject {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("pipelines.yaml"), yaml).unwrap();
        for (path, text) in files {
            let full = dir.path().join("sql").join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        MiniProject { dir }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("pipelines.yaml")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// A minimal valid pipelines.yaml with one HQL stage `model` (folder `model`) and one env `dev`.
pub const MINI_YAML: &str = "\
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
  external_tables: []
  variables:
    model_database: m
    source_database: s
environments:
  dev:
    step_failure_action: CONTINUE
stages:
  - name: source
    kind: hql
    folder: source
    variables: [source_database]
  - name: model
    kind: hql
    folder: model
    variables: [model_database, source_database]
";

pub const MINI_SOURCE: (&str, &str) = ("source/a.hql", "CREATE TABLE {{ source_database }}.a (x INT);\n");

/// Runs the built pdmctl binary in `dir`.
pub fn pdmctl(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pdmctl"))
        .args(args)
        .current_dir(dir)
        .env_remove("PDMCTL_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .expect("pdmctl runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A plain HTTP server on 127.0.0.1 (a stand-in pushgateway): records each request as
/// `METHOD PATH HTTP/1.1 BODY` and answers `status` (e.g. "200 OK").
pub fn http_recorder(status: &'static str) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut s) = conn else { break };
            let mut got = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = s.read(&mut buf).unwrap_or(0);
                got.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&got).to_string();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("Content-Length: "))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    if body.len() >= len {
                        let line = head.lines().next().unwrap_or("").to_string();
                        log.lock().unwrap().push(format!("{line} {}", body.trim_end()));
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
            let _ = s.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes());
        }
    });
    (url, seen)
}

/// One HQL stage `model` of the given files and dependencies (`name` → path and content by
/// `path` and `content`), with no delay between attempts: what the runner tests run.
pub fn stage(
    deps: &[(&str, &[&str])],
    parallelism: u32,
    attempts: u32,
    path: &dyn Fn(&str) -> String,
    content: &dyn Fn(&str) -> String,
) -> (pdmctl::plan::PlanStep, pdmctl::bundle::Bundle) {
    use pdmctl::bundle::{Bundle, BundleFile, BundleSettings};
    use pdmctl::pipeline::{FailureAction, LogLevel, Retry, StageKind};
    use std::collections::BTreeMap;
    let depends_on: BTreeMap<String, Vec<String>> = deps
        .iter()
        .map(|(f, d)| (path(f), d.iter().map(|x| path(x)).collect()))
        .collect();
    let step = pdmctl::plan::PlanStep {
        name: "model".into(),
        kind: StageKind::Hql,
        failure_action: FailureAction::TerminateCluster,
        parallelism,
        retry: Retry {
            enabled: true,
            attempts,
            delay_seconds: 0,
        },
        levels: vec![depends_on.keys().cloned().collect()],
        depends_on,
        views: vec![],
    };
    let files = deps
        .iter()
        .map(|(f, _)| BundleFile {
            path: path(f),
            stage: "model".into(),
            template: format!("sql/{}", path(f)),
            content: content(f),
            sha256: String::new(),
            variables: BTreeMap::new(),
        })
        .collect();
    let bundle = Bundle {
        environment: "test".into(),
        run: pdmctl::run_values::RunValues::new(Some("2024-03-01"), None, None, None, None).unwrap(),
        settings: BundleSettings {
            region: "eu-west-2".into(),
            run_record_table: "data_pipeline_metadata".into(),
            log_level: LogLevel::Info,
            relaunch_max_retries: 0,
        },
        variables: BTreeMap::new(),
        steps: vec![],
        files,
    };
    (step, bundle)
}
