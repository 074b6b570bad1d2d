//! Where a bundle lives in the config bucket, content-addressed: each file at
//! `pdm/bundles/<sha256>.hql`, the manifest (which maps bundle paths to those hashes) at
//! `pdm/manifests/<sha256>.json`. A key never changes meaning, so objects already there can be
//! skipped. [`Upload`] is what a bundle puts there; [`ManifestUri`] is how a node names it.

use super::{is_sha256, sha256_hex, Bundle};
use crate::aws::s3::valid_bucket;
use std::collections::BTreeSet;

pub const BUNDLE_PREFIX: &str = "pdm/bundles/";
pub const MANIFEST_PREFIX: &str = "pdm/manifests/";

/// The key of a bundle file with this content.
pub fn file_key(sha256: &str) -> String {
    format!("{BUNDLE_PREFIX}{sha256}.hql")
}

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
        let sha = sha256_hex(text.as_bytes());
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

/// A manifest's location, `s3://<bucket>/pdm/manifests/<sha256>.json`, checked strictly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestUri {
    pub bucket: String,
    pub key: String,
    /// The sha256 of the manifest's bytes, which its key is named after.
    pub sha256: String,
}

impl ManifestUri {
    /// The message says what a manifest URI looks like; callers prefix it with their flag.
    pub fn parse(uri: &str) -> std::result::Result<ManifestUri, String> {
        let shown: String = uri.chars().take(120).collect();
        let bad = |why: &str| {
            format!(
                "`{}` is not a bundle manifest URI ({why}); expected s3://<bucket>/{MANIFEST_PREFIX}<64 hex>.json, \
                 as `pdmctl submit` prints and the steps' --manifest carries",
                shown.escape_debug()
            )
        };
        let rest = uri.strip_prefix("s3://").ok_or_else(|| bad("not s3://"))?;
        let (bucket, key) = rest.split_once('/').ok_or_else(|| bad("no key"))?;
        if !valid_bucket(bucket) {
            return Err(bad("invalid bucket name"));
        }
        let sha = key
            .strip_prefix(MANIFEST_PREFIX)
            .and_then(|k| k.strip_suffix(".json"))
            .ok_or_else(|| bad("the key is not under pdm/manifests/"))?;
        if !is_sha256(sha) {
            return Err(bad("the key is not a sha256"));
        }
        Ok(ManifestUri {
            bucket: bucket.to_string(),
            key: key.to_string(),
            sha256: sha.to_string(),
        })
    }

    pub fn object(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }
}

impl std::fmt::Display for ManifestUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}
