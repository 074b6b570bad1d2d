//! What the stage runner costs over the ideal, and what it saves over running a stage level by
//! level. A stage of 100 files shaped like PDM's (source → transform → dimensions → facts, with
//! fan-in and uneven chains) runs through an executor that only sleeps 5-60 ms per file.
//! Run with `cargo bench --bench runner_overhead --no-default-features`; prints medians.
//!
//! - critical path: the longest chain of durations, what no scheduler can beat;
//! - work / parallelism: the other bound, when parallelism is the limit;
//! - same policy, no overhead: the runner's own policy (a free worker takes the oldest ready
//!   file) in a discrete-event simulation; not a bound (the real run may order ties better);
//! - runner: `run_stage` as it is;
//! - level barrier: each level must finish before the next starts (one `run_stage` per level).

use pdmctl::bundle::{Bundle, BundleFile, BundleSettings};
use pdmctl::error::Result;
use pdmctl::pipeline::run_values::RunValues;
use pdmctl::pipeline::{FailureAction, LogLevel, Retry, StageKind};
use pdmctl::plan::PlanStep;
use pdmctl::stage::executor::HqlExecutor;
use pdmctl::stage::runner::run_stage;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

const REPETITIONS: usize = 5;
/// The runner's target: within this much of the critical path when parallelism is no limit.
const TARGET: Duration = Duration::from_millis(100);

/// xorshift64: the same graph and durations on every run, no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    /// Between `low` and `high` distinct files of `from`.
    fn pick(&mut self, from: &[String], low: u64, high: u64) -> Vec<String> {
        let n = self.range(low, high);
        let mut chosen: Vec<String> = Vec::new();
        while (chosen.len() as u64) < n.min(from.len() as u64) {
            let f = &from[self.next() as usize % from.len()];
            if !chosen.contains(f) {
                chosen.push(f.clone());
            }
        }
        chosen
    }
}

/// Files in an order where every dependency comes first, with their dependencies and durations.
struct Graph {
    files: Vec<(String, Vec<String>, Duration)>,
}

impl Graph {
    fn pdm_like() -> Graph {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let mut files = Vec::new();
        let add = |files: &mut Vec<(String, Vec<String>, Duration)>, name: String, deps: Vec<String>, rng: &mut Rng| {
            files.push((name.clone(), deps, Duration::from_millis(rng.range(5, 60))));
            name
        };
        let sources: Vec<String> = (0..20)
            .map(|i| add(&mut files, format!("s/source_{i:02}.hql"), vec![], &mut rng))
            .collect();
        // Transforms read one to three collections; some build on an earlier transform.
        let mut transforms: Vec<String> = Vec::new();
        for i in 0..35 {
            let mut deps = rng.pick(&sources, 1, 3);
            if i >= 5 && rng.range(0, 3) == 0 {
                deps.extend(rng.pick(&transforms, 1, 1));
            }
            transforms.push(add(&mut files, format!("t/transform_{i:02}.hql"), deps, &mut rng));
        }
        // Dimensions join transforms; a third extend an earlier dimension (uneven chains).
        let mut dims: Vec<String> = Vec::new();
        for i in 0..20 {
            let mut deps = rng.pick(&transforms, 1, 3);
            if i >= 3 && rng.range(0, 2) == 0 {
                deps.extend(rng.pick(&dims, 1, 1));
            }
            dims.push(add(&mut files, format!("m/dim_{i:02}.hql"), deps, &mut rng));
        }
        // Facts fan in from several dimensions and transforms; a few aggregate earlier facts.
        let mut facts: Vec<String> = Vec::new();
        for i in 0..25 {
            let mut deps = rng.pick(&dims, 2, 4);
            deps.extend(rng.pick(&transforms, 0, 2));
            if i >= 5 && rng.range(0, 4) == 0 {
                deps.extend(rng.pick(&facts, 1, 1));
            }
            facts.push(add(&mut files, format!("m/fact_{i:02}.hql"), deps, &mut rng));
        }
        Graph { files }
    }

    fn durations(&self) -> HashMap<&str, Duration> {
        self.files.iter().map(|(f, _, d)| (f.as_str(), *d)).collect()
    }

    fn critical_path(&self) -> Duration {
        let mut finish: HashMap<&str, Duration> = HashMap::new();
        for (f, deps, d) in &self.files {
            let start = deps.iter().map(|x| finish[x.as_str()]).max().unwrap_or_default();
            finish.insert(f, start + *d);
        }
        finish.values().copied().max().unwrap_or_default()
    }

    fn levels(&self) -> Vec<Vec<String>> {
        let mut level: HashMap<&str, usize> = HashMap::new();
        let mut levels: Vec<Vec<String>> = Vec::new();
        for (f, deps, _) in &self.files {
            let l = deps.iter().map(|x| level[x.as_str()] + 1).max().unwrap_or(0);
            level.insert(f, l);
            if levels.len() <= l {
                levels.resize(l + 1, Vec::new());
            }
            levels[l].push(f.clone());
        }
        levels
    }

    fn step(&self, parallelism: u32) -> PlanStep {
        plan_step(
            self.files
                .iter()
                .map(|(f, deps, _)| (f.clone(), deps.clone()))
                .collect(),
            self.levels(),
            parallelism,
        )
    }

    /// The runner's policy with zero overhead: ready files in a FIFO (first the ones without
    /// dependencies in path order), a free worker takes the oldest, a finished file readies its
    /// dependents in path order.
    fn simulate(&self, parallelism: usize) -> Duration {
        let step = self.step(parallelism as u32);
        let durations = self.durations();
        let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut waiting: HashMap<&str, usize> = HashMap::new();
        let mut ready: VecDeque<&str> = VecDeque::new();
        for (f, deps) in &step.depends_on {
            for d in deps {
                dependents.entry(d.as_str()).or_default().push(f.as_str());
            }
            if deps.is_empty() {
                ready.push_back(f);
            } else {
                waiting.insert(f, deps.len());
            }
        }
        let mut running: Vec<(Duration, &str)> = Vec::new();
        let mut now = Duration::ZERO;
        loop {
            while running.len() < parallelism {
                let Some(f) = ready.pop_front() else { break };
                running.push((now + durations[f], f));
            }
            let Some(i) = (0..running.len()).min_by_key(|&i| running[i].0) else {
                return now;
            };
            let (end, f) = running.swap_remove(i);
            now = end;
            for d in dependents.get(f).into_iter().flatten() {
                let left = waiting.get_mut(d).expect("waiting");
                *left -= 1;
                if *left == 0 {
                    ready.push_back(d);
                }
            }
        }
    }
}

fn plan_step(depends_on: BTreeMap<String, Vec<String>>, levels: Vec<Vec<String>>, parallelism: u32) -> PlanStep {
    PlanStep {
        name: "model".into(),
        kind: StageKind::Hql,
        failure_action: FailureAction::TerminateCluster,
        parallelism,
        retry: Retry {
            enabled: false,
            attempts: 1,
            delay_seconds: 0,
        },
        levels,
        depends_on,
        views: vec![],
    }
}

struct Sleeper<'a> {
    durations: HashMap<&'a str, Duration>,
}

impl HqlExecutor for Sleeper<'_> {
    fn run_file(&self, file: &BundleFile) -> Result<()> {
        std::thread::sleep(self.durations[file.path.as_str()]);
        Ok(())
    }
}

fn bundle(graph: &Graph) -> Bundle {
    let files = graph
        .files
        .iter()
        .map(|(f, _, _)| BundleFile {
            path: f.clone(),
            stage: "model".into(),
            template: f.clone(),
            content: String::new(),
            sha256: String::new(),
            variables: BTreeMap::new(),
        })
        .collect();
    Bundle {
        environment: "bench".into(),
        run: RunValues::new(Some("2024-03-01"), None, None, Some("bench"), None).expect("valid run values"),
        settings: BundleSettings {
            region: "eu-west-2".into(),
            run_record_table: "data_pipeline_metadata".into(),
            log_level: LogLevel::Info,
            relaunch_max_retries: 0,
        },
        variables: BTreeMap::new(),
        steps: vec![],
        files,
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:7.1} ms", d.as_secs_f64() * 1e3)
}

fn signed_ms(a: Duration, b: Duration) -> String {
    format!("{:+.1} ms", (a.as_secs_f64() - b.as_secs_f64()) * 1e3)
}

fn main() {
    let graph = Graph::pdm_like();
    let bundle = bundle(&graph);
    let sleeper = Sleeper {
        durations: graph.durations(),
    };
    let levels = graph.levels();
    let work: Duration = graph.files.iter().map(|(_, _, d)| *d).sum();
    let critical = graph.critical_path();
    println!(
        "stage: {} files, {} levels, {} edges, total work {}, critical path {}",
        graph.files.len(),
        levels.len(),
        graph.files.iter().map(|(_, d, _)| d.len()).sum::<usize>(),
        ms(work).trim(),
        ms(critical).trim()
    );

    for parallelism in [graph.files.len() as u32, 10] {
        let step = graph.step(parallelism);
        let runner = median(
            (0..REPETITIONS)
                .map(|_| {
                    let start = Instant::now();
                    let outcome = run_stage(&step, &bundle, &sleeper, &|_| {});
                    assert!(outcome.failure().is_none() && outcome.files.len() == graph.files.len());
                    start.elapsed()
                })
                .collect(),
        );
        let barrier = median(
            (0..REPETITIONS)
                .map(|_| {
                    let start = Instant::now();
                    for level in &levels {
                        let deps = level.iter().map(|f| (f.clone(), vec![])).collect();
                        let one = plan_step(deps, vec![level.clone()], parallelism);
                        assert!(run_stage(&one, &bundle, &sleeper, &|_| {}).failure().is_none());
                    }
                    start.elapsed()
                })
                .collect(),
        );
        let simulated = graph.simulate(parallelism as usize);
        println!("\nparallelism {parallelism} (median of {REPETITIONS}):");
        println!("  critical path                 {}", ms(critical));
        println!("  work / parallelism            {}", ms(work / parallelism));
        println!("  same policy, no overhead      {}", ms(simulated));
        println!(
            "  runner                        {}   ({} vs no overhead, +{} over the critical path)",
            ms(runner),
            signed_ms(runner, simulated),
            ms(runner.saturating_sub(critical)).trim()
        );
        println!(
            "  level barrier                 {}   (runner saves {})",
            ms(barrier),
            ms(barrier.saturating_sub(runner)).trim()
        );
        if parallelism as usize >= graph.files.len() {
            let verdict = if runner <= critical + TARGET { "met" } else { "MISSED" };
            println!(
                "  target: runner within {} of the critical path: {verdict}",
                ms(TARGET).trim()
            );
        }
    }
}
