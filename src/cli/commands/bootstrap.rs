//! `pdmctl bootstrap`

use crate::aws::Aws;
use crate::cli::args::BootstrapArgs;
use crate::cli::output;
use crate::error::Result;
use crate::stage::bootstrap;

pub fn run(a: BootstrapArgs) -> Result<()> {
    // The URI is checked before any AWS set-up.
    bootstrap::bundle_dir(&a.home, &a.bundle)?;
    let aws = Aws::connect(bootstrap::DEFAULT_REGION)?;
    let report = bootstrap::bootstrap(&aws, &a.env, &a.bundle, &a.home, &a.bin_dir)?;
    output::emit(a.format, &report);
    Ok(())
}
