//! What runs one rendered HQL file: Hive on the cluster, the embedded engine locally.

use crate::bundle::BundleFile;
use crate::error::Result;

pub trait HqlExecutor: Sync {
    /// Runs every statement of the file, in order; the first failing statement fails the file.
    fn run_file(&self, file: &BundleFile) -> Result<()>;
}
