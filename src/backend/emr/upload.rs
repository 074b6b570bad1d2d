//! Puts a bundle in the config bucket at its content-addressed keys ([`crate::bundle::bucket`]):
//! objects already there are skipped, and the manifest goes last, so when it exists everything
//! it names exists too.

use crate::aws::s3;
use crate::aws::Aws;
use crate::bundle::bucket::{Object, Upload, BUNDLE_PREFIX};
use crate::error::{Error, Result};

/// What `upload` did.
#[derive(Debug, Clone, Default)]
pub struct UploadReport {
    /// Keys written, the manifest last.
    pub uploaded: Vec<String>,
    /// Objects that were already in the bucket.
    pub present: usize,
}

/// The objects the bucket lacks: none when the manifest is there already (one HeadObject),
/// otherwise those missing from one listing of the bundle prefix, then the manifest.
pub fn pending(aws: &Aws, up: &Upload) -> Result<Vec<Object>> {
    let bucket = &up.bucket;
    if s3::exists(aws, bucket, &up.manifest.key)? {
        return Ok(Vec::new());
    }
    let existing = s3::list_keys(aws, bucket, BUNDLE_PREFIX)?;
    let mut missing: Vec<Object> = up
        .files
        .iter()
        .filter(|o| !existing.contains(&o.key))
        .cloned()
        .collect();
    missing.push(up.manifest.clone());
    Ok(missing)
}

/// Uploads what the bucket lacks: one PutObject per missing object, the manifest last.
pub fn upload(aws: &Aws, up: &Upload) -> Result<UploadReport> {
    let mut missing = pending(aws, up)?;
    let mut report = UploadReport {
        uploaded: Vec::new(),
        present: up.files.len() + 1 - missing.len(),
    };
    let Some(manifest) = missing.pop() else {
        return Ok(report);
    };
    let bucket = &up.bucket;
    // Files concurrently; the manifest only once they are all in.
    aws.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for o in missing {
            tasks.spawn(s3::put_async(
                aws.s3.clone(),
                bucket.clone(),
                o.key,
                o.body.into_bytes(),
                "text/plain; charset=utf-8",
            ));
        }
        while let Some(done) = tasks.join_next().await {
            let key = done.map_err(|e| Error::aws("S3 PutObject", e))??;
            report.uploaded.push(key);
        }
        Ok::<(), Error>(())
    })?;
    report.uploaded.sort();
    let key = aws.block_on(s3::put_async(
        aws.s3.clone(),
        bucket.clone(),
        manifest.key,
        manifest.body.into_bytes(),
        "application/json",
    ))?;
    report.uploaded.push(key);
    Ok(report)
}
