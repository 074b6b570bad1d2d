//! The stage runner: dependency order, the parallelism bound, retries, and stopping after a
//! failure, with an executor that records what it was asked to do.

use crate::support;

use pdmctl::bundle::BundleFile;
use pdmctl::error::{Error, Result};
use pdmctl::stage::executor::HqlExecutor;
use pdmctl::stage::runner::{run_stage, RunnerEvent};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sleeps per file, records start/end times and the most files seen running at once, and
/// fails a file's first `fail_first[file]` attempts.
struct Recorder {
    sleep: HashMap<String, Duration>,
    fail_first: HashMap<String, u32>,
    running: AtomicUsize,
    peak: AtomicUsize,
    attempts: Mutex<HashMap<String, u32>>,
    spans: Mutex<HashMap<String, (Instant, Instant)>>,
}

impl Recorder {
    fn new(sleep: &[(&str, u64)], fail_first: &[(&str, u32)]) -> Recorder {
        Recorder {
            sleep: sleep
                .iter()
                .map(|(f, ms)| (f.to_string(), Duration::from_millis(*ms)))
                .collect(),
            fail_first: fail_first.iter().map(|(f, n)| (f.to_string(), *n)).collect(),
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            attempts: Mutex::new(HashMap::new()),
            spans: Mutex::new(HashMap::new()),
        }
    }
}

impl HqlExecutor for Recorder {
    fn run_file(&self, file: &BundleFile) -> Result<()> {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        let start = Instant::now();
        std::thread::sleep(self.sleep.get(&file.path).copied().unwrap_or(Duration::from_millis(5)));
        let attempt = {
            let mut a = self.attempts.lock().unwrap();
            let n = a.entry(file.path.clone()).or_insert(0);
            *n += 1;
            *n
        };
        self.spans
            .lock()
            .unwrap()
            .insert(file.path.clone(), (start, Instant::now()));
        self.running.fetch_sub(1, Ordering::SeqCst);
        if attempt <= self.fail_first.get(&file.path).copied().unwrap_or(0) {
            return Err(Error::input(
                "hive",
                format!("{} failed on attempt {attempt}", file.path),
            ));
        }
        Ok(())
    }
}

#[test]
fn files_start_when_their_dependencies_finish_not_their_level() {
    // a (long) and b (short) have no dependencies; c needs only b. c must not wait for a.
    let (step, bundle) = stage(&[("a", &[]), ("b", &[]), ("c", &["b"]), ("d", &["a", "c"])], 4, 1);
    let ex = Recorder::new(&[("a", 300), ("b", 20), ("c", 20), ("d", 10)], &[]);
    let outcome = run_stage(&step, &bundle, &ex, &|_| {});
    assert!(outcome.failure().is_none());
    let spans = ex.spans.lock().unwrap();
    assert!(spans["c"].0 >= spans["b"].1, "c after b");
    assert!(spans["c"].0 < spans["a"].1, "c does not wait for a's level");
    assert!(
        spans["d"].0 >= spans["a"].1 && spans["d"].0 >= spans["c"].1,
        "d after a and c"
    );
}

#[test]
fn parallelism_is_a_bound() {
    let names: Vec<String> = (0..12).map(|i| format!("f{i:02}")).collect();
    let deps: Vec<(&str, &[&str])> = names.iter().map(|n| (n.as_str(), &[] as &[&str])).collect();
    let (step, bundle) = stage(&deps, 3, 1);
    let sleeps: Vec<(&str, u64)> = names.iter().map(|n| (n.as_str(), 30)).collect();
    let ex = Recorder::new(&sleeps, &[]);
    let outcome = run_stage(&step, &bundle, &ex, &|_| {});
    assert_eq!(outcome.files.len(), 12);
    assert_eq!(ex.peak.load(Ordering::SeqCst), 3);
}

#[test]
fn a_failing_file_is_retried_per_policy() {
    let (step, bundle) = stage(&[("a", &[]), ("b", &["a"])], 2, 3);
    let ex = Recorder::new(&[], &[("a", 2)]);
    let retries = Mutex::new(Vec::new());
    let outcome = run_stage(&step, &bundle, &ex, &|e| {
        if let RunnerEvent::Retrying { file, attempt, .. } = e {
            retries.lock().unwrap().push((file.to_string(), attempt));
        }
    });
    assert!(outcome.failure().is_none());
    assert_eq!(
        *retries.lock().unwrap(),
        vec![("a".to_string(), 1), ("a".to_string(), 2)]
    );
    let a = outcome.files.iter().find(|f| f.file == "a").unwrap();
    assert_eq!(a.attempts, 3);
}

#[test]
fn after_a_final_failure_nothing_new_starts() {
    let (step, bundle) = stage(&[("a", &[]), ("b", &["a"]), ("c", &["b"]), ("x", &[])], 1, 2);
    let ex = Recorder::new(&[], &[("a", 5)]);
    let outcome = run_stage(&step, &bundle, &ex, &|_| {});
    let failure = outcome.failure().expect("a fails");
    assert_eq!((failure.file.as_str(), failure.attempts), ("a", 2));
    assert!(failure.error.as_deref().unwrap().contains("a failed on attempt 2"));
    let attempts = ex.attempts.lock().unwrap();
    assert!(
        !attempts.contains_key("b") && !attempts.contains_key("c"),
        "dependents never start"
    );
    assert!(
        !attempts.contains_key("x"),
        "with parallelism 1, nothing starts after the failure"
    );
}

fn stage(
    deps: &[(&str, &[&str])],
    parallelism: u32,
    attempts: u32,
) -> (pdmctl::plan::PlanStep, pdmctl::bundle::Bundle) {
    support::stage(deps, parallelism, attempts, &|f| f.to_string(), &|_| String::new())
}
