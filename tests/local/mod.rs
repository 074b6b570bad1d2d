//! This machine's runs: `submit local` on the embedded engine, and the sample generator.

mod run;
mod sample;
