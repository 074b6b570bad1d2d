//! The integration tests, as one test binary (one link of DataFusion and the AWS SDKs instead
//! of one per file): a module per concept, their shared helpers in `support`.
//!
//! Run one concept with `cargo test --release --test suite aws::`, one test by its name.

mod aws;
mod cli;
mod engine;
mod lint;
mod local;
mod pipeline;
mod stage;
mod support;
