//! The stage runner: runs the files of one HQL stage through an executor, each file as soon as
//! the files it depends on are done (not a whole level at a time), at most `parallelism` at
//! once, retrying a failing file per the environment's policy. After a file fails for good no
//! new file starts; the ones running finish and the stage reports the failure.

use crate::bundle::Bundle;
use crate::error::Error;
use crate::plan::PlanStep;
use crate::stage::executor::HqlExecutor;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// What the runner tells its observer (progress display, logs, metrics).
#[derive(Debug, Clone)]
pub enum RunnerEvent<'a> {
    Started {
        file: &'a str,
        attempt: u32,
    },
    Retrying {
        file: &'a str,
        attempt: u32,
        error: String,
        /// More than the one-line error, for the log (Hive's last stderr lines).
        detail: Option<String>,
    },
    Finished {
        file: &'a str,
        attempts: u32,
        elapsed: Duration,
    },
    Failed {
        file: &'a str,
        attempts: u32,
        error: String,
        detail: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub file: String,
    pub attempts: u32,
    pub elapsed: Duration,
    pub error: Option<String>,
    /// The last attempt's detail, when it failed and the executor gave more than one line.
    pub detail: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StageOutcome {
    /// Files in the order they finished.
    pub files: Vec<FileOutcome>,
    pub elapsed: Duration,
}

impl StageOutcome {
    pub fn failure(&self) -> Option<&FileOutcome> {
        self.files.iter().find(|f| f.error.is_some())
    }

    /// The stage's result: its first failed file as the step's error, with how many of the
    /// `max_attempts` it took.
    pub fn into_result(self, step: &str, max_attempts: u32) -> Result<(), Error> {
        match self.failure() {
            None => Ok(()),
            Some(f) => Err(Error::Step {
                step: step.to_string(),
                message: format!(
                    "{} (attempt {} of {max_attempts})",
                    f.error.clone().unwrap_or_default(),
                    f.attempts
                ),
            }),
        }
    }
}

struct State {
    /// Unfinished dependencies per waiting file.
    waiting: BTreeMap<String, usize>,
    ready: VecDeque<String>,
    running: usize,
    failed: bool,
    outcomes: Vec<FileOutcome>,
}

/// Runs one stage; `delay` is the pause between attempts (the policy's delay, or less in tests).
pub fn run_stage(
    step: &PlanStep,
    bundle: &Bundle,
    executor: &dyn HqlExecutor,
    observe: &(dyn Fn(RunnerEvent) + Sync),
) -> StageOutcome {
    let start = Instant::now();
    let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut waiting = BTreeMap::new();
    let mut ready = VecDeque::new();
    for (file, deps) in &step.depends_on {
        for d in deps {
            dependents.entry(d.as_str()).or_default().push(file.as_str());
        }
        if deps.is_empty() {
            ready.push_back(file.clone());
        } else {
            waiting.insert(file.clone(), deps.len());
        }
    }
    let total = step.depends_on.len();
    let state = Mutex::new(State {
        waiting,
        ready,
        running: 0,
        failed: false,
        outcomes: Vec::new(),
    });
    let wake = Condvar::new();
    let attempts = step.retry.max_attempts().max(1);
    let delay = Duration::from_secs(u64::from(step.retry.delay_seconds));
    let workers = (step.parallelism as usize).clamp(1, total.max(1));

    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let file = {
                    let mut s = state.lock().expect("runner state");
                    loop {
                        if s.failed || s.outcomes.len() == total {
                            return;
                        }
                        if let Some(f) = s.ready.pop_front() {
                            s.running += 1;
                            break f;
                        }
                        if s.running == 0 && s.ready.is_empty() {
                            // Nothing runs and nothing is ready: only a failure upstream gets here.
                            return;
                        }
                        s = wake.wait(s).expect("runner state");
                    }
                };
                let outcome = run_file(&file, bundle, executor, attempts, delay, &state, observe);
                let mut s = state.lock().expect("runner state");
                s.running -= 1;
                if outcome.error.is_some() {
                    s.failed = true;
                } else {
                    for d in dependents.get(file.as_str()).into_iter().flatten() {
                        let left = s.waiting.get_mut(*d).expect("dependent is waiting");
                        *left -= 1;
                        if *left == 0 {
                            s.waiting.remove(*d);
                            s.ready.push_back(d.to_string());
                        }
                    }
                }
                s.outcomes.push(outcome);
                wake.notify_all();
            });
        }
    });
    let s = state.into_inner().expect("runner state");
    StageOutcome {
        files: s.outcomes,
        elapsed: start.elapsed(),
    }
}

fn run_file(
    path: &str,
    bundle: &Bundle,
    executor: &dyn HqlExecutor,
    attempts: u32,
    delay: Duration,
    state: &Mutex<State>,
    observe: &(dyn Fn(RunnerEvent) + Sync),
) -> FileOutcome {
    let start = Instant::now();
    let Some(file) = bundle.file(path) else {
        let error = format!("{path} is in the plan but not in the bundle");
        state.lock().expect("runner state").failed = true;
        observe(RunnerEvent::Failed {
            file: path,
            attempts: 0,
            error: error.clone(),
            detail: None,
        });
        return FileOutcome {
            file: path.to_string(),
            attempts: 0,
            elapsed: start.elapsed(),
            error: Some(error),
            detail: None,
        };
    };
    let mut attempt = 1;
    loop {
        observe(RunnerEvent::Started { file: path, attempt });
        match executor.run_file(file) {
            Ok(()) => {
                let elapsed = start.elapsed();
                observe(RunnerEvent::Finished {
                    file: path,
                    attempts: attempt,
                    elapsed,
                });
                return FileOutcome {
                    file: path.to_string(),
                    attempts: attempt,
                    elapsed,
                    error: None,
                    detail: None,
                };
            }
            Err(e) => {
                let error = one_line(&e);
                let detail = e.detail();
                // Decided and recorded under one lock, so that no worker starts a new file
                // once this one has failed for good. Another file failed for good: no point
                // retrying this one.
                let final_failure = {
                    let mut s = state.lock().expect("runner state");
                    if attempt >= attempts || s.failed {
                        s.failed = true;
                    }
                    s.failed
                };
                if final_failure {
                    observe(RunnerEvent::Failed {
                        file: path,
                        attempts: attempt,
                        error: error.clone(),
                        detail: detail.clone(),
                    });
                    return FileOutcome {
                        file: path.to_string(),
                        attempts: attempt,
                        elapsed: start.elapsed(),
                        error: Some(error),
                        detail,
                    };
                }
                observe(RunnerEvent::Retrying {
                    file: path,
                    attempt,
                    error,
                    detail,
                });
                std::thread::sleep(delay);
                attempt += 1;
            }
        }
    }
}

fn one_line(e: &Error) -> String {
    e.to_string().lines().next().unwrap_or("").to_string()
}
