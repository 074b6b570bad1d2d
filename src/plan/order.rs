//! The one ordering of a pipeline's files, used by `plan` (which stops at the first violation)
//! and `lint` (which reports them all): stage by stage, the tables that exist when it starts
//! (declared external ones and what earlier stages created, less what they dropped), the file
//! dependencies inside the stage (a file waits for the file of its stage that writes a table
//! it reads), its dependency levels, and every way the order cannot work, as a [`Violation`].

use crate::bundle::BundleStep;
use crate::error::Location;
use crate::sql::analyse::FileAnalysis;
use std::collections::{BTreeMap, BTreeSet};

/// Bundle paths of a stage's files, level by level.
pub type Levels = Vec<Vec<String>>;

/// Why the files cannot run in the pipeline's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// Two files of one stage write one table: their order would be undefined.
    DuplicateWriter {
        table: String,
        at: Location,
        other: String,
        other_at: Location,
    },
    /// A read of a table that no earlier file or stage produces.
    UnproducedRead { table: String, at: Location },
    /// A read of a table that only a later stage creates.
    ReadBeforeProducer {
        table: String,
        at: Location,
        stage: String,
        producer: String,
    },
    /// A table dropped (and not re-created) that a later stage still reads.
    DropStillRead {
        table: String,
        drop_at: Location,
        drop_stage: String,
        read_at: Location,
        stage: String,
    },
    /// A view create-views-tables lists that no file creates.
    MissingView { view: String, stage: String, at: Location },
    /// Files of one stage that read each other's tables in a loop.
    Cycle { files: Vec<String>, at: Location },
}

impl Violation {
    pub fn location(&self) -> &Location {
        match self {
            Violation::DuplicateWriter { at, .. }
            | Violation::UnproducedRead { at, .. }
            | Violation::ReadBeforeProducer { at, .. }
            | Violation::MissingView { at, .. }
            | Violation::Cycle { at, .. } => at,
            Violation::DropStillRead { drop_at, .. } => drop_at,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Violation::DuplicateWriter {
                table, other, other_at, ..
            } => format!(
                "`{table}` is written by two files of one stage: this one and {other} ({other_at}); their order would be undefined"
            ),
            Violation::UnproducedRead { table, .. } => format!(
                "reads `{table}`, which no earlier file or stage produces (declare it in external_tables if it exists outside the pipeline)"
            ),
            Violation::ReadBeforeProducer {
                table, stage, producer, ..
            } => format!("reads `{table}`, which stage `{producer}` creates only after this stage `{stage}`"),
            Violation::DropStillRead {
                table,
                drop_stage,
                read_at,
                stage,
                ..
            } => format!("drops `{table}`, which stage `{stage}` still reads ({read_at}) after stage `{drop_stage}`"),
            Violation::MissingView { view, stage, .. } => {
                format!("{stage}: view `{view}` is listed but no file of the pipeline creates it")
            }
            Violation::Cycle { files, .. } => format!(
                "dependency cycle between files: {} (each reads a table the next one writes)",
                files.join(" <- ")
            ),
        }
    }
}

/// The order of one stage's files.
#[derive(Debug, Clone, Default)]
pub struct StageOrder {
    pub levels: Levels,
    /// For each file, the files of the same stage that must finish before it starts.
    pub depends_on: BTreeMap<String, Vec<String>>,
    /// Views materialised (create-views-tables), qualified.
    pub views: Vec<String>,
}

/// The order of every stage, and what is wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Ordering {
    /// One per step, in step order.
    pub stages: Vec<StageOrder>,
    pub violations: Vec<Violation>,
}

/// What the ordering needs besides the steps and the analyses.
pub struct Inputs<'a> {
    /// Tables that exist before the run (`external_tables`), lower case.
    pub externals: BTreeSet<String>,
    /// Where unqualified listed views live (`views_database`).
    pub views_database: &'a str,
    /// Where each stage is declared, for violations about the stage itself.
    pub stage_locations: BTreeMap<String, Location>,
}

/// Orders every stage of a run, in step order.
pub fn order(steps: &[BundleStep], analyses: &[FileAnalysis], inputs: &Inputs) -> Ordering {
    let stage_index: BTreeMap<&str, usize> = steps.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();
    // Which stage first creates each table, to tell "a later stage" from "nothing".
    let mut creator: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for a in analyses {
        let i = stage_index.get(a.stage.as_str()).copied().unwrap_or(0);
        for t in a.creates.keys() {
            creator.entry(t.as_str()).or_insert((i, a.stage.as_str()));
        }
    }
    let mut out = Ordering::default();
    let mut produced = inputs.externals.clone();
    let mut dropped: BTreeMap<String, (Location, String)> = BTreeMap::new();
    let mut reported_drops = BTreeSet::new();
    for (i, step) in steps.iter().enumerate() {
        let files: Vec<&FileAnalysis> = analyses.iter().filter(|a| a.stage == step.name).collect();
        let before = out.violations.len();
        let mut writer: BTreeMap<&str, (&str, &Location)> = BTreeMap::new();
        for f in &files {
            for (table, at) in &f.writes {
                match writer.get(table.as_str()) {
                    Some((other, other_at)) if *other != f.path => out.violations.push(Violation::DuplicateWriter {
                        table: table.clone(),
                        at: at.clone(),
                        other: other.to_string(),
                        other_at: (*other_at).clone(),
                    }),
                    Some(_) => {}
                    None => {
                        writer.insert(table, (&f.path, at));
                    }
                }
            }
        }
        let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &files {
            let entry = deps.entry(f.path.clone()).or_default();
            for (table, at) in &f.reads {
                match writer.get(table.as_str()) {
                    Some((w, _)) if *w != f.path => {
                        entry.insert(w.to_string());
                        continue;
                    }
                    Some(_) => continue,
                    None if produced.contains(table) => continue,
                    None => {}
                }
                if let Some((drop_at, drop_stage)) = dropped.get(table) {
                    if reported_drops.insert(table.clone()) {
                        out.violations.push(Violation::DropStillRead {
                            table: table.clone(),
                            drop_at: drop_at.clone(),
                            drop_stage: drop_stage.clone(),
                            read_at: at.clone(),
                            stage: step.name.clone(),
                        });
                    }
                    continue;
                }
                out.violations.push(match creator.get(table.as_str()) {
                    Some((j, producer)) if *j > i => Violation::ReadBeforeProducer {
                        table: table.clone(),
                        at: at.clone(),
                        stage: step.name.clone(),
                        producer: producer.to_string(),
                    },
                    _ => Violation::UnproducedRead {
                        table: table.clone(),
                        at: at.clone(),
                    },
                });
            }
        }
        let clean = out.violations.len() == before;
        let (levels, cycle) = levels(&deps);
        if let (true, Some(remaining)) = (clean, cycle) {
            out.violations.push(cycle_violation(&files, &deps, &remaining));
        }
        for f in &files {
            produced.extend(f.creates.keys().cloned());
            // Dropped and not re-created: gone for the stages after.
            for (table, at) in &f.writes {
                if !f.creates.contains_key(table) && !f.reads.contains_key(table) {
                    produced.remove(table);
                    dropped.insert(table.clone(), (at.clone(), step.name.clone()));
                } else {
                    dropped.remove(table);
                }
            }
        }
        let mut views = Vec::new();
        for v in &step.views {
            let view = format!("{}.{v}", inputs.views_database);
            if !produced.contains(&view) {
                out.violations.push(Violation::MissingView {
                    view: view.clone(),
                    stage: step.name.clone(),
                    at: inputs
                        .stage_locations
                        .get(&step.name)
                        .cloned()
                        .unwrap_or_else(|| Location::new(&step.name, 1, 1)),
                });
            }
            views.push(view);
        }
        out.stages.push(StageOrder {
            levels,
            depends_on: deps.into_iter().map(|(f, d)| (f, d.into_iter().collect())).collect(),
            views,
        });
    }
    out
}

/// Kahn's algorithm by levels: a file's level is one more than the highest level of the files
/// it depends on. What cannot be placed lies on a cycle and is returned.
pub fn levels(deps: &BTreeMap<String, BTreeSet<String>>) -> (Levels, Option<BTreeSet<String>>) {
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut levels: Levels = Vec::new();
    let mut remaining: BTreeSet<String> = deps.keys().cloned().collect();
    while !remaining.is_empty() {
        let ready: Vec<String> = remaining
            .iter()
            .filter(|f| deps[*f].iter().all(|d| placed.contains(d) || !deps.contains_key(d)))
            .cloned()
            .collect();
        if ready.is_empty() {
            return (levels, Some(remaining));
        }
        for f in &ready {
            remaining.remove(f);
        }
        placed.extend(ready.iter().cloned());
        levels.push(ready);
    }
    (levels, None)
}

fn cycle_violation(
    files: &[&FileAnalysis],
    deps: &BTreeMap<String, BTreeSet<String>>,
    remaining: &BTreeSet<String>,
) -> Violation {
    // Walk dependencies inside the remaining set until a file repeats: that loop is the cycle.
    let mut path: Vec<String> = vec![remaining.iter().next().cloned().unwrap_or_default()];
    loop {
        let last = path.last().cloned().unwrap_or_default();
        let Some(next) = deps.get(&last).and_then(|d| d.iter().find(|x| remaining.contains(*x))) else {
            break;
        };
        if let Some(pos) = path.iter().position(|p| p == next) {
            path.drain(..pos);
            path.push(next.clone());
            break;
        }
        path.push(next.clone());
    }
    let first = files.iter().find(|f| f.path == path[0]);
    let at = first
        .and_then(|f| f.reads.values().next().or(f.writes.values().next()))
        .cloned()
        .unwrap_or_else(|| Location::new(&path[0], 1, 1));
    Violation::Cycle { files: path, at }
}
