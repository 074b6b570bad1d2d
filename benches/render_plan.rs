//! Time of render + analyse + plan for every environment of the project's own pipeline.
//! Run with `cargo bench --bench render_plan`; prints the median and best of 20 rounds.

use pdmctl::pipeline::run_values::RunValues;
use pdmctl::Project;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines.yaml");
    let run = RunValues::new(Some("2024-03-01"), None, None, Some("bench"), None).expect("valid run values");
    let mut rounds: Vec<Duration> = Vec::new();
    let mut files = 0;
    for _ in 0..20 {
        let start = Instant::now();
        // Loading is part of what a user waits for: pipelines.yaml and every template.
        let project = Project::load(&config).expect("project loads");
        files = 0;
        for env in project.pipeline.environment_names() {
            let (bundle, plan) = project.plan(env, &run, None).expect("plan builds");
            files += bundle.files.len();
            assert!(!plan.steps.is_empty());
        }
        rounds.push(start.elapsed());
    }
    rounds.sort();
    println!(
        "render+plan, all {} environments ({files} files): median {:.1} ms, best {:.1} ms over {} rounds",
        6,
        rounds[rounds.len() / 2].as_secs_f64() * 1e3,
        rounds[0].as_secs_f64() * 1e3,
        rounds.len()
    );
}
