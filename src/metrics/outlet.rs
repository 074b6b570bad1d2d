//! Where the metrics go beyond the file: on the cluster, the file's copy in the published
//! bucket and the run-status gauge on the pushgateway; on one machine, nowhere.

use super::pushgateway::{Pushgateway, RunStatus};
use super::{Metrics, METRICS_KEY};
use crate::aws::{s3, Aws};
use crate::error::Result;
use std::time::Duration;

pub trait Outlet {
    /// Copies the metrics file to where it is scraped.
    fn publish(&self, metrics: &Metrics) -> Result<()>;
    /// Deletes that copy (the flushes).
    fn unpublish(&self) -> Result<()>;
    /// Sets the run-status gauge.
    fn push(&self, status: RunStatus) -> Result<()>;
    /// After the pause for the last scrape, deletes the run's gauge group.
    fn flush_gateway(&self) -> Result<()>;
}

/// Nothing beyond the file (`submit local`).
pub struct FileOnly;

impl Outlet for FileOnly {
    fn publish(&self, _metrics: &Metrics) -> Result<()> {
        Ok(())
    }
    fn unpublish(&self) -> Result<()> {
        Ok(())
    }
    fn push(&self, _status: RunStatus) -> Result<()> {
        Ok(())
    }
    fn flush_gateway(&self) -> Result<()> {
        Ok(())
    }
}

/// The published bucket's copy and, when configured, the pushgateway (DESIGN §3).
pub struct Published<'a> {
    pub aws: &'a Aws,
    pub bucket: String,
    pub pushgateway: Option<Pushgateway>,
    pub environment: String,
    pub correlation_id: String,
    pub scrape_pause: Duration,
}

impl Outlet for Published<'_> {
    fn publish(&self, metrics: &Metrics) -> Result<()> {
        s3::put(
            self.aws,
            &self.bucket,
            METRICS_KEY,
            metrics.text().as_bytes(),
            "application/json",
        )
    }

    fn unpublish(&self) -> Result<()> {
        s3::delete(self.aws, &self.bucket, METRICS_KEY)
    }

    fn push(&self, status: RunStatus) -> Result<()> {
        match &self.pushgateway {
            Some(gw) => gw.push_run_status(&self.environment, &self.correlation_id, status),
            None => Ok(()),
        }
    }

    fn flush_gateway(&self) -> Result<()> {
        // The last scrape of the final gauges happens during this pause.
        std::thread::sleep(self.scrape_pause);
        match &self.pushgateway {
            Some(gw) => gw.delete(&self.correlation_id),
            None => Ok(()),
        }
    }
}
