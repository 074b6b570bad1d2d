//! The bundle in the config bucket, content-addressed: each HQL file at
//! `pdm/bundles/<sha256>.hql`, the manifest (which maps bundle paths to those hashes) at
//! `pdm/manifests/<sha256>.json`. A key never changes meaning, so objects already there are
//! skipped, and the manifest goes last: when it exists, everything it names exists too.

use crate::aws::{describe, Aws};
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::render::hex;
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
    if exists(aws, bucket, &up.manifest.key)? {
        return Ok(Vec::new());
    }
    let existing = list_keys(aws, bucket, BUNDLE_PREFIX)?;
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
            tasks.spawn(put(aws.s3.clone(), bucket.clone(), o, "text/plain; charset=utf-8"));
        }
        while let Some(done) = tasks.join_next().await {
            let key = done.map_err(|e| Error::aws("S3 PutObject", e))??;
            report.uploaded.push(key);
        }
        Ok::<(), Error>(())
    })?;
    report.uploaded.sort();
    let key = aws.block_on(put(aws.s3.clone(), bucket.clone(), manifest, "application/json"))?;
    report.uploaded.push(key);
    Ok(report)
}

async fn put(s3: aws_sdk_s3::Client, bucket: String, o: Object, content_type: &str) -> Result<String> {
    // S3 checks the body against the hash the key is named after.
    let checksum = aws_smithy_types::base64::encode(Sha256::digest(o.body.as_bytes()));
    s3.put_object()
        .bucket(&bucket)
        .key(&o.key)
        .content_type(content_type)
        .checksum_sha256(checksum)
        .body(o.body.into_bytes().into())
        .send()
        .await
        .map_err(|e| Error::aws(format!("S3 PutObject s3://{bucket}/{}", o.key), describe(&e)))?;
    Ok(o.key)
}

/// True when the bucket has the key (one HeadObject).
pub fn exists(aws: &Aws, bucket: &str, key: &str) -> Result<bool> {
    match aws.block_on(aws.s3.head_object().bucket(bucket).key(key).send()) {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|se| se.is_not_found()) => Ok(false),
        Err(e) => Err(Error::aws(format!("S3 HeadObject s3://{bucket}/{key}"), describe(&e))),
    }
}

/// Puts one object, its body checked against its SHA-256 by S3.
pub fn put_one(aws: &Aws, bucket: &str, o: &Object, content_type: &str) -> Result<String> {
    aws.block_on(put(aws.s3.clone(), bucket.to_string(), o.clone(), content_type))
}

/// Every key under `prefix`.
pub fn list_keys(aws: &Aws, bucket: &str, prefix: &str) -> Result<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    let mut token: Option<String> = None;
    loop {
        let resp = aws
            .block_on(
                aws.s3
                    .list_objects_v2()
                    .bucket(bucket)
                    .prefix(prefix)
                    .set_continuation_token(token.take())
                    .send(),
            )
            .map_err(|e| Error::aws(format!("S3 ListObjectsV2 s3://{bucket}/{prefix}"), describe(&e)))?;
        keys.extend(resp.contents().iter().filter_map(|o| o.key().map(str::to_string)));
        match resp.next_continuation_token() {
            Some(t) if resp.is_truncated() == Some(true) => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(keys)
}
