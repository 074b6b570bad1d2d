//! What runs a step: the stage runner, the Hive CLI executor, the pushgateway client, and
//! `pdmctl stage` as each EMR step runs it.

mod hive_cli;
mod pushgateway;
mod runner;
mod steps;
