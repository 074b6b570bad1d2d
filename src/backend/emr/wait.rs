//! `submit --wait`: follows the run's EMR steps until each has ended, one line per state
//! change. ListSteps is polled with backoff: 10 s after a change, doubling to 60 s while
//! nothing moves (a PDM step runs for minutes; a faster poll only spends API calls).

use crate::backend::emr::steps::{self, StepStatus};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::time::Duration;

pub const FIRST_POLL: Duration = Duration::from_secs(10);
pub const MAX_POLL: Duration = Duration::from_secs(60);

/// EMR step states after which a step does not change again.
pub fn is_final(state: &str) -> bool {
    matches!(state, "COMPLETED" | "FAILED" | "CANCELLED" | "INTERRUPTED")
}

/// Follows the steps with these ids until all are final. `fetch` lists the cluster's steps,
/// `sleep` waits, `report` is told of each state change. Ok(()) only when all COMPLETED;
/// otherwise the error names the first step that did not complete.
pub fn follow(
    step_ids: &[String],
    mut fetch: impl FnMut() -> Result<Vec<StepStatus>>,
    mut sleep: impl FnMut(Duration),
    mut report: impl FnMut(&StepStatus),
) -> Result<()> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut pause = FIRST_POLL;
    loop {
        let steps: BTreeMap<String, StepStatus> = fetch()?
            .into_iter()
            .filter(|s| step_ids.contains(&s.id))
            .map(|s| (s.id.clone(), s))
            .collect();
        let mut changed = false;
        // In submission order, so the lines read like the run.
        for id in step_ids {
            if let Some(s) = steps.get(id) {
                if seen.get(id) != Some(&s.state) {
                    seen.insert(id.clone(), s.state.clone());
                    report(s);
                    changed = true;
                }
            }
        }
        let ours: Vec<&StepStatus> = step_ids.iter().filter_map(|id| steps.get(id)).collect();
        if ours.len() == step_ids.len() && ours.iter().all(|s| is_final(&s.state)) {
            return match ours.iter().find(|s| s.state != "COMPLETED") {
                None => Ok(()),
                Some(s) => Err(Error::Step {
                    step: s.name.clone(),
                    message: format!(
                        "EMR step {} is {}{}",
                        s.id,
                        s.state,
                        s.failure.as_deref().map(|f| format!(": {f}")).unwrap_or_default()
                    ),
                }),
            };
        }
        pause = if changed { FIRST_POLL } else { (pause * 2).min(MAX_POLL) };
        sleep(pause);
    }
}

/// Follows the steps on the cluster, printing each change with its time (UTC).
pub fn wait(aws: &crate::aws::Aws, cluster_id: &str, step_ids: &[String]) -> Result<()> {
    follow(
        step_ids,
        || steps::list_steps(aws, cluster_id),
        std::thread::sleep,
        |s| {
            let secs = crate::tracker::now_epoch_seconds() % 86_400;
            println!(
                "[{:02}:{:02}:{:02}] {:<28} {}",
                secs / 3600,
                secs % 3600 / 60,
                secs % 60,
                s.name,
                s.state
            );
        },
    )
}

/// Follows the steps a submit added.
pub fn wait_for_submit(
    project: &crate::plan::project::Project,
    report: &crate::backend::emr::submit::SubmitReport,
) -> Result<()> {
    let env = project.pipeline.environment(&report.environment)?;
    let aws = crate::aws::Aws::connect(&env.settings.region)?;
    let r = &report.record;
    // RunJobFlow gives no step ids: a created cluster's steps of this run are read back.
    let step_ids: Vec<String> = if report.created.is_some() {
        steps::list_steps(&aws, &report.cluster_id)?
            .into_iter()
            .filter(|s| s.belongs_to(&r.correlation_id, r.run_id))
            .map(|s| s.id)
            .collect()
    } else {
        report.step_ids.clone()
    };
    println!(
        "Waiting for the {} steps on {} (Ctrl-C stops waiting, not the run):",
        step_ids.len(),
        report.cluster_id
    );
    wait(&aws, &report.cluster_id, &step_ids)?;
    println!("All steps of run `{}` COMPLETED.", report.record.correlation_id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: &str, state: &str) -> StepStatus {
        StepStatus {
            id: id.into(),
            name: format!("step-{id}"),
            state: state.into(),
            args: vec![],
            created: None,
            started: None,
            ended: None,
            failure: (state == "FAILED").then(|| "hive exited 1".to_string()),
        }
    }

    fn run(script: Vec<Vec<StepStatus>>) -> (Result<()>, Vec<Duration>, Vec<String>) {
        let ids = vec!["a".to_string(), "b".to_string()];
        let mut polls = script.into_iter();
        let mut sleeps = Vec::new();
        let mut lines = Vec::new();
        let r = follow(
            &ids,
            || Ok(polls.next().expect("polled after the end")),
            |d| sleeps.push(d),
            |s| lines.push(format!("{} {}", s.id, s.state)),
        );
        (r, sleeps, lines)
    }

    #[test]
    fn backs_off_while_nothing_moves_and_ends_on_completion() {
        let pending = vec![step("a", "RUNNING"), step("b", "PENDING"), step("other", "FAILED")];
        let (r, sleeps, lines) = run(vec![
            pending.clone(),
            pending.clone(),
            pending.clone(),
            pending.clone(),
            pending,
            vec![step("a", "COMPLETED"), step("b", "RUNNING")],
            vec![step("a", "COMPLETED"), step("b", "COMPLETED")],
        ]);
        r.unwrap();
        let secs: Vec<u64> = sleeps.iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [10, 20, 40, 60, 60, 10]);
        assert_eq!(
            lines,
            ["a RUNNING", "b PENDING", "a COMPLETED", "b RUNNING", "b COMPLETED"]
        );
    }

    #[test]
    fn a_failed_step_fails_the_wait_once_all_have_ended() {
        let (r, _, _) = run(vec![
            vec![step("a", "FAILED"), step("b", "PENDING")],
            vec![step("a", "FAILED"), step("b", "CANCELLED")],
        ]);
        let err = r.unwrap_err().to_string();
        assert_eq!(err, "step `step-a` failed: EMR step a is FAILED: hive exited 1");
    }
}
