//! pipelines.yaml, the templates and run values: rendering and planning the project's own
//! pipeline, and every way the inputs can be wrong.

mod config_errors;
mod render;
