//! `pdmctl stage`: what each EMR step runs.

use crate::aws::Aws;
use crate::bundle::Bundle;
use crate::cli::args::{ExecutorKind, StageArgs};
use crate::cli::output;
use crate::error::{Error, Result};
use crate::stage::executor::HqlExecutor;
use crate::stage::hive_cli::HiveCli;
use crate::stage::{self, bootstrap, LauncherFlags, StageRequest};
use std::path::Path;

pub fn run(a: StageArgs) -> Result<()> {
    let (kind, hive, warehouse) = (a.executor, a.hive, a.warehouse);
    let options = StageRequest {
        env: a.env,
        step: a.step,
        run: a.run,
        run_id: a.run_id,
        manifest_uri: a.manifest,
        home: a.home,
        metrics_file: a.metrics_file,
        launcher: LauncherFlags {
            correlation_id: a.launcher_correlation_id,
            s3_prefix: a.launcher_s3_prefix,
            snapshot_type: a.launcher_snapshot_type,
            export_date: a.launcher_export_date,
        },
    }
    .into_options()?;
    let make = move |dir: &Path, _bundle: &Bundle| executor(kind, &hive, warehouse.as_deref(), dir);
    let aws = Aws::connect(stage::DEFAULT_REGION)?;
    let report = stage::run(&aws, &options, &make)?;
    output::text(&report.to_human());
    Ok(())
}

fn executor(
    kind: ExecutorKind,
    hive: &Path,
    warehouse: Option<&Path>,
    bundle_dir: &Path,
) -> Result<Box<dyn HqlExecutor>> {
    match kind {
        ExecutorKind::Hive => Ok(Box::new(HiveCli::new(hive, bootstrap::work_dir(bundle_dir))?)),
        #[cfg(feature = "engine")]
        ExecutorKind::Engine => {
            let warehouse = warehouse.ok_or_else(|| Error::input("--warehouse", "required with --executor engine"))?;
            Ok(Box::new(crate::engine::Engine::open(warehouse)?))
        }
        #[cfg(not(feature = "engine"))]
        ExecutorKind::Engine => {
            let _ = warehouse;
            Err(Error::input(
                "--executor",
                "this pdmctl was built without the embedded engine (--no-default-features)",
            ))
        }
    }
}
