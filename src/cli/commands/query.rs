//! `pdmctl query`

use crate::backend::local;
use crate::cli::args::{QueryArgs, TableFormat};
use crate::cli::output;
use crate::engine::output as table;
use crate::error::Result;

pub fn run(a: QueryArgs) -> Result<()> {
    let (schema, batches) = local::query(&a.env, &a.warehouse, &a.sql)?;
    output::text(&match a.format {
        TableFormat::Table => table::table(&schema, &batches),
        TableFormat::Csv => table::csv(&schema, &batches),
        TableFormat::Json => table::json(&schema, &batches),
    });
    Ok(())
}
