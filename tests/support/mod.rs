//! The helpers every test module shares, once: the repository, small throw-away projects,
//! the built binary and its output, folder copies, the stand-in Hive's log, and (in [`moto`])
//! moto's server for the AWS tests.
#![allow(dead_code)]

pub mod moto;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where the real pipelines.yaml lives).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The stand-in Hive CLI (tests/bin/hive): its options, stderr and exit codes are Hive's.
pub const STAND_IN_HIVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bin/hive");

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
    pdmctl_command(dir, args).output().expect("pdmctl runs")
}

/// The built pdmctl, with nothing of the user's configuration or colours.
pub fn pdmctl_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pdmctl"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("PDMCTL_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Exit status, stdout and stderr, for assertion messages.
pub fn out(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
}

/// Stdout of a run that must succeed.
pub fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", out(&o));
    stdout(&o)
}

/// Copies a folder tree (the shipped sample, sql/) into a test's own folder.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file and folder under `dir`, relative to it, sorted: what a test compares to show
/// that nothing was written.
pub fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(root).unwrap().display().to_string());
            if path.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// One Hive process as the stand-in logged it (`start|end NANOS FILE [EXIT]` lines): the
/// bundle path (the last two parts of its `-f` file), start and end (ns), exit code.
#[derive(Debug, Clone)]
pub struct HiveRun {
    pub file: String,
    pub start: u128,
    pub end: u128,
    pub exit: i32,
}

/// The runs of the stand-in's log, in the order they ended; one file never runs twice at once.
pub fn hive_runs(log: &Path) -> Vec<HiveRun> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut open: std::collections::HashMap<String, u128> = Default::default();
    let mut runs = Vec::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let path: Vec<&str> = parts[2].rsplit('/').take(2).collect();
        let file = format!("{}/{}", path[1], path[0]);
        let at: u128 = parts[1].parse().unwrap();
        match parts[0] {
            "start" => assert!(open.insert(file, at).is_none(), "one run of a file at a time: {line}"),
            "end" => runs.push(HiveRun {
                start: open.remove(&file).expect("end after start"),
                end: at,
                exit: parts[3].parse().unwrap(),
                file,
            }),
            other => panic!("unexpected stand-in log line {other}: {line}"),
        }
    }
    assert!(open.is_empty(), "every run ended: {open:?}");
    runs
}

/// The most runs that overlapped; a run ending when another starts does not overlap it.
pub fn peak(runs: &[HiveRun]) -> usize {
    let mut edges: Vec<(u128, i32)> = runs.iter().flat_map(|r| [(r.start, 1), (r.end, -1)]).collect();
    edges.sort(); // at equal times the end (-1) sorts first
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most as usize
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
        run: pdmctl::pipeline::run_values::RunValues::new(Some("2024-03-01"), None, None, None, None).unwrap(),
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
