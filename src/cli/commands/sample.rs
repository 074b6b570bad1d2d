//! `pdmctl sample`

use crate::cli::args::SampleArgs;
use crate::error::Result;
use crate::sample;
use std::path::PathBuf;

pub fn run(a: SampleArgs) -> Result<()> {
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from(format!("sample-data/scale-{}", a.scale)));
    let written = sample::generate(a.scale, a.seed, &out)?;
    let total: usize = written.iter().map(|w| w.documents).sum();
    println!(
        "wrote {total} documents (scale {}, seed {}) into {}",
        a.scale,
        a.seed,
        out.display()
    );
    for w in &written {
        println!("  {:<28} {:>9} documents in {} file(s)", w.folder, w.documents, w.files);
    }
    Ok(())
}
