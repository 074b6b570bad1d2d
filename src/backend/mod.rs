//! A whole run of the pipeline: on AWS ([`emr`]: submit, the steps and the cluster, the upload,
//! relaunch, status, wait) or on this machine ([`local`], the embedded engine).
//!
//! May use everything below it (`plan`, `lint`, `tracker`, `metrics`, `stage`, `aws`, the
//! engine); only `cli` uses it.

pub mod emr;
#[cfg(feature = "engine")]
pub mod local;
