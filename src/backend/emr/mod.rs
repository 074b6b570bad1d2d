//! The AWS backend: `submit` claims the run, uploads the bundle ([`upload`]) and creates the
//! cluster ([`cluster`]) or adds the steps ([`steps`]); [`relaunch`] restarts a failed
//! cluster's run, [`status`] and [`wait`] follow it.
//!
//! May use: `aws`, `pipeline`, `bundle`, `render` (the cluster templates), `plan`, `lint`,
//! `tracker`, `metrics`.

pub mod cluster;
pub mod relaunch;
pub mod status;
pub mod steps;
pub mod submit;
pub mod upload;
pub mod wait;
