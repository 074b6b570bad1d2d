//! The Hive CLI executor under the stage runner, against the stand-in `hive` of tests/bin:
//! dependency order, the parallelism bound, retries, the failure line and its detail, a
//! missing program, generated SQL. The stand-in's log gives every run's start and end.

use crate::support::{self, hive_runs, peak, HiveRun, STAND_IN_HIVE};

use pdmctl::bundle::Bundle;
use pdmctl::error::Error;
use pdmctl::plan::PlanStep;
use pdmctl::stage::executor::HqlExecutor;
use pdmctl::stage::hive_cli::HiveCli;
use pdmctl::stage::runner::{run_stage, RunnerEvent, StageOutcome};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

const TABLE_NOT_FOUND: &str = "FAILED: SemanticException [Error 10001]: Line 1:14 Table not found 'missing_table'";

fn stand_in() -> PathBuf {
    PathBuf::from(STAND_IN_HIVE)
}

/// A work folder, the stand-in's log and attempt counters, and a HiveCli wired to them.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    fn hive(&self, sleep: &str, fail: &str) -> HiveCli {
        HiveCli::new(stand_in(), self.work())
            .unwrap()
            .env("HIVE_STANDIN_LOG", self.dir.path().join("log"))
            .env("HIVE_STANDIN_STATE", self.dir.path().join("state"))
            .env("HIVE_STANDIN_SLEEP", sleep)
            .env("HIVE_STANDIN_FAIL", fail)
    }

    /// The runs the stand-in saw, in the order they ended, by bundle path.
    fn runs(&self) -> Vec<HiveRun> {
        hive_runs(&self.dir.path().join("log"))
    }
}

fn run(step: &PlanStep, bundle: &Bundle, hive: &HiveCli) -> StageOutcome {
    run_stage(step, bundle, hive as &dyn HqlExecutor, &|_| {})
}

#[test]
fn files_start_only_after_their_dependencies_end() {
    // a is slow; c needs only b, so it must not wait for a. d and e need several.
    let deps: &[(&str, &[&str])] = &[
        ("a", &[]),
        ("b", &[]),
        ("c", &["b"]),
        ("d", &["a", "c"]),
        ("e", &["c", "b"]),
        ("f", &["d", "e"]),
    ];
    let (step, bundle) = stage(deps, 4, 1);
    let setup = Setup::new();
    let outcome = run(&step, &bundle, &setup.hive("model/a=0.6,0.05", ""));
    assert!(outcome.failure().is_none(), "{:?}", outcome.failure());
    let runs: HashMap<String, HiveRun> = setup.runs().into_iter().map(|r| (r.file.clone(), r)).collect();
    assert_eq!(runs.len(), 6);
    for (file, deps) in &step.depends_on {
        for dep in deps {
            assert!(runs[file].start >= runs[dep].end, "{file} started before {dep} ended");
        }
    }
    assert!(
        runs["model/c.hql"].start < runs["model/a.hql"].end,
        "c started as soon as b ended, not after a's level"
    );
}

#[test]
fn parallelism_is_never_exceeded_and_is_reached() {
    let names: Vec<String> = (0..9).map(|i| format!("f{i}")).collect();
    let deps: Vec<(&str, &[&str])> = names.iter().map(|n| (n.as_str(), &[] as &[&str])).collect();
    let (step, bundle) = stage(&deps, 3, 1);
    let setup = Setup::new();
    let outcome = run(&step, &bundle, &setup.hive("0.25", ""));
    assert!(outcome.failure().is_none());
    let runs = setup.runs();
    assert_eq!(runs.len(), 9);
    assert_eq!(peak(&runs), 3);
}

#[test]
fn a_file_that_fails_fewer_times_than_the_attempts_succeeds() {
    let (step, bundle) = stage(&[("flaky", &[]), ("after", &["flaky"])], 2, 3);
    let setup = Setup::new();
    let retries = Mutex::new(Vec::new());
    let outcome = run_stage(&step, &bundle, &setup.hive("0", "model/flaky:2"), &|e| {
        if let RunnerEvent::Retrying {
            file,
            attempt,
            error,
            detail,
        } = e
        {
            retries.lock().unwrap().push((file.to_string(), attempt, error, detail));
        }
    });
    assert!(outcome.failure().is_none(), "{:?}", outcome.failure());
    let flaky = outcome.files.iter().find(|f| f.file == "model/flaky.hql").unwrap();
    assert_eq!((flaky.attempts, flaky.detail.as_deref()), (3, None));

    let retries = retries.into_inner().unwrap();
    assert_eq!(
        retries.iter().map(|r| (r.0.as_str(), r.1)).collect::<Vec<_>>(),
        [("model/flaky.hql", 1), ("model/flaky.hql", 2)]
    );
    for (_, _, error, detail) in &retries {
        assert!(error.ends_with(TABLE_NOT_FOUND), "{error}");
        assert!(detail.as_deref().unwrap().contains(TABLE_NOT_FOUND));
    }

    let runs = setup.runs();
    let exits: Vec<(&str, i32)> = runs.iter().map(|r| (r.file.as_str(), r.exit)).collect();
    assert_eq!(
        exits,
        [
            ("model/flaky.hql", 17),
            ("model/flaky.hql", 17),
            ("model/flaky.hql", 0),
            ("model/after.hql", 0)
        ]
    );
}

#[test]
fn a_file_that_fails_every_attempt_fails_the_stage_with_hive_s_line() {
    // `bad` fails for good while x1 runs; its dependent and the other files must never start.
    let deps: &[(&str, &[&str])] = &[
        ("bad", &[]),
        ("needs_bad", &["bad"]),
        ("x1", &[]),
        ("x2", &[]),
        ("x3", &[]),
    ];
    let (step, bundle) = stage(deps, 2, 2);
    let setup = Setup::new();
    let failed = Mutex::new(Vec::new());
    let hive = setup.hive("model/x=1,0", "model/bad:99");
    let outcome = run_stage(&step, &bundle, &hive, &|e| {
        if let RunnerEvent::Failed {
            file, attempts, detail, ..
        } = e
        {
            failed.lock().unwrap().push((file.to_string(), attempts, detail));
        }
    });

    let failure = outcome.failure().expect("the stage fails");
    assert_eq!((failure.file.as_str(), failure.attempts), ("model/bad.hql", 2));
    let error = failure.error.as_deref().unwrap();
    assert_eq!(
        error,
        format!("model/bad.hql: Hive exited with code 17: {TABLE_NOT_FOUND}")
    );
    let detail = failure.detail.as_deref().unwrap();
    assert!(
        detail.lines().count() > 1 && detail.contains(TABLE_NOT_FOUND),
        "{detail}"
    );
    let failed = failed.into_inner().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].2.as_deref(), Some(detail));

    let runs = setup.runs();
    let bad_end = runs
        .iter()
        .filter(|r| r.file == "model/bad.hql")
        .map(|r| r.end)
        .max()
        .unwrap();
    assert_eq!(runs.iter().filter(|r| r.file == "model/bad.hql").count(), 2);
    assert!(
        !runs.iter().any(|r| r.file == "model/needs_bad.hql"),
        "the dependent never starts"
    );
    for r in &runs {
        assert!(r.start <= bad_end, "{} started after the final failure", r.file);
    }
}

#[test]
fn a_missing_program_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (program, says) in [
        (dir.path().join("no/hive"), "no such executable file"),
        (PathBuf::from("pdmctl-test-no-such-hive"), "not found on PATH"),
    ] {
        let err = HiveCli::new(&program, dir.path()).unwrap_err();
        let text = err.to_string();
        assert_eq!(text.lines().count(), 1, "{text}");
        for part in [&program.display().to_string(), says, "--hive", "PDMCTL_HIVE"] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        assert_eq!(err.exit_code(), 2);
    }

    // Gone after the check: the file fails with the same message, not an I/O error.
    let copy = dir.path().join("hive");
    std::fs::copy(stand_in(), &copy).unwrap();
    let hive = HiveCli::new(&copy, dir.path().join("work")).unwrap();
    std::fs::remove_file(&copy).unwrap();
    let (step, bundle) = stage(&[("a", &[])], 1, 1);
    let outcome = run(&step, &bundle, &hive);
    let error = outcome.failure().unwrap().error.clone().unwrap();
    assert!(error.contains("no such executable file"), "{error}");
}

#[test]
fn generated_sql_is_written_then_run_and_left_alone_when_unchanged() {
    let (step, mut bundle) = stage(&[("views", &[]), ("same", &[]), ("changed", &[])], 2, 1);
    bundle.files[0].content = "CREATE TABLE uc.v STORED AS ORC AS SELECT * FROM uc_views_tables.v;\n".into();
    let setup = Setup::new();
    let work = setup.work();
    std::fs::create_dir_all(work.join("model")).unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    let put = |name: &str, content: &str| {
        let f = std::fs::File::create(work.join("model").join(name)).unwrap();
        std::io::Write::write_all(&mut &f, content.as_bytes()).unwrap();
        f.set_modified(old).unwrap();
    };
    put("same.hql", &bundle.file("model/same.hql").unwrap().content);
    put("changed.hql", "SELECT 'stale';\n");

    let outcome = run(&step, &bundle, &setup.hive("0", ""));
    assert!(outcome.failure().is_none(), "{:?}", outcome.failure());
    for f in &bundle.files {
        let on_disk = std::fs::read_to_string(work.join(&f.path)).unwrap();
        assert_eq!(on_disk, f.content, "{}", f.path);
    }
    let modified = |name: &str| {
        std::fs::metadata(work.join("model").join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    assert_eq!(modified("same.hql"), old, "identical content is not rewritten");
    assert_ne!(modified("changed.hql"), old);
    let mut ran: Vec<String> = setup.runs().into_iter().map(|r| r.file).collect();
    ran.sort();
    assert_eq!(ran, ["model/changed.hql", "model/same.hql", "model/views.hql"]);
    let leftovers: Vec<_> = std::fs::read_dir(work.join("model")).unwrap().collect();
    assert_eq!(leftovers.len(), 3, "no temporary files left");
}

#[test]
fn extra_arguments_reach_hive_before_the_file() {
    let setup = Setup::new();
    let (_, bundle) = stage(&[("a", &[])], 1, 1);
    let file = &bundle.files[0];
    let init = setup.dir.path().join("init.hql");
    std::fs::write(&init, "SET hive.exec.dynamic.partition=true;\n").unwrap();

    let ok = setup
        .hive("0", "")
        .hiveconf("hive.execution.engine", "tez")
        .init_file(&init)
        .args(["--hivevar", "model_database=uc_pdm_model"]);
    ok.run_file(file).unwrap();

    let bad = setup.hive("0", "").args(["--bogus"]);
    let err = bad.run_file(file).unwrap_err();
    assert_eq!(
        err.to_string(),
        "model/a.hql: Hive exited with code 1: Unrecognized option: --bogus"
    );
    assert!(matches!(err, Error::Hive { ref tail, .. } if tail.iter().any(|l| l == "usage: hive")));

    let missing_init = setup.hive("0", "").init_file(setup.dir.path().join("nope.hql"));
    let err = missing_init.run_file(file).unwrap_err().to_string();
    assert!(err.contains("java.io.FileNotFoundException"), "{err}");
}

#[test]
fn a_hive_killed_by_a_signal_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("hive");
    std::fs::write(&program, "#!/bin/sh\nkill -9 $$\n").unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (_, bundle) = stage(&[("a", &[])], 1, 1);
    let hive = HiveCli::new(&program, dir.path().join("work")).unwrap();
    let err = hive.run_file(&bundle.files[0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "model/a.hql: Hive was killed by signal 9: nothing on stderr"
    );
    assert_eq!(err.detail(), None, "no stderr, no detail");
}

/// One stage of `model/<name>.hql` files with the given dependencies.
fn stage(deps: &[(&str, &[&str])], parallelism: u32, attempts: u32) -> (PlanStep, Bundle) {
    support::stage(deps, parallelism, attempts, &|f| format!("model/{f}.hql"), &|f| {
        format!("INSERT OVERWRITE TABLE {f} SELECT 1;\n")
    })
}
