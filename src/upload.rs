//! The bundle in the config bucket, content-addressed: each HQL file at
//! `pdm/bundles/<sha256>.hql`, the manifest (which maps bundle paths to those hashes) at
//! `pdm/manifests/<sha256>.json`. A key never changes meaning, so objects already there are
//! skipped, and the manifest goes last: when it exists, everything it names exists too.

use crate::aws::Aws;
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::render::hex;
use crate::s3;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

pub const BUNDLE_PREFIX: &str = "pdm/bundles/";
pub const MANIFEST_PREFIX: &str = "pdm/manifests/";

#[derive(Debug, Clone)]
pub struct Object {
    pub key: String,
    pub body: String,
    pub sha256: String,
}

/// What a bundle puts in the bucket.
#[derive(Debug, Clone)]
pub struct Upload {
    pub bucket: String,
    /// One object per distinct file content, in bundle order.
    pub files: Vec<Object>,
    pub manifest: Object,
}

/// What `upload` did.
#[derive(Debug, Clone, Default)]
pub struct UploadReport {
    /// Keys written, the manifest last.
    pub uploaded: Vec<String>,
    /// Objects that were already in the bucket.
    pub present: usize,
}

pub fn file_key(sha256: &str) -> String {
    format!("{BUNDLE_PREFIX}{sha256}.hql")
}

impl Upload {
    pub fn new(bundle: &Bundle, bucket: &str) -> Upload {
        let mut seen = BTreeSet::new();
        let files = bundle
            .files
            .iter()
            .filter(|f| seen.insert(f.sha256.clone()))
            .map(|f| Object {
                key: file_key(&f.sha256),
                body: f.content.clone(),
                sha256: f.sha256.clone(),
            })
            .collect();
        let text = bundle.manifest_text();
        let sha = hex(&Sha256::digest(text.as_bytes()));
        Upload {
            bucket: bucket.to_string(),
            files,
            manifest: Object {
                key: format!("{MANIFEST_PREFIX}{sha}.json"),
                body: text,
                sha256: sha,
            },
        }
    }

    pub fn manifest_uri(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.manifest.key)
    }
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
