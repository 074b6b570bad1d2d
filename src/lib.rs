//! pdmctl: builds the PDM Hive dataset on AWS EMR from templated HQL.
//!
//! Each folder is one box of the data flow and owns one thing. They are listed here in the
//! order they may import each other: a module uses only those above it (and `error`).
//!
//! - [`error`]: the typed errors, rendered once at the command line's edge.
//! - [`aws`]: the AWS clients and every S3 call.
//! - [`pipeline`]: pipelines.yaml (stages, environments, settings) and the run values.
//! - [`bundle`]: the rendered bundle, its one manifest model, its layout in the config bucket
//!   and the one atomic folder swap.
//! - [`render`]: Tera templates → [`bundle::Bundle`], with the one template reference check.
//! - [`sql`]: the Hive dialect, the text pass before it, and the analysis of rendered files.
//! - [`plan`]: the one ordering of a stage's files (typed violations), the plan, the project.
//! - [`lint`]: every check of the pipeline or of plain Hive SQL, and its reports.
//! - [`tracker`]: the run record rules and its stores (DynamoDB, a file).
//! - [`metrics`]: the Hive metrics file, its S3 key, and the pushgateway gauge.
//! - [`stage`]: one step: the runner, the executors, the builtin steps, bootstrap, the log.
//! - `engine`: the embedded engine, an executor (`--features engine`).
//! - [`backend`]: a whole run, on EMR (submit, steps, cluster, upload, relaunch, status,
//!   wait) or on this machine (`local`).
//! - [`sample`]: the generator of input data (uses only `error` and `bundle`'s folder swap).
//! - [`cli`]: the command line: arguments, one output emitter, one thin file per command.
//!
//! The order differs from the data-flow drawing in one place, on purpose: `bundle` sits
//! below `render`, because the bundle is the model every later box reads (render writes it,
//! a step on the cluster loads it), and `stage` sits below `backend`, because a backend
//! drives the stage runner (locally in-process, on EMR through `pdmctl stage`).

pub mod error;

pub mod aws;
pub mod pipeline;

pub mod bundle;
pub mod render;

pub mod sql;

pub mod plan;

pub mod lint;

pub mod metrics;
pub mod tracker;

pub mod stage;

#[cfg(feature = "engine")]
pub mod engine;

pub mod backend;

pub mod sample;

pub mod cli;

pub use plan::project::Project;
