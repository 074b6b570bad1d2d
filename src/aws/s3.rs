//! S3 objects: `s3://` URIs and the few calls pdmctl makes (get, put checked by sha256, delete,
//! exists, list), each failing with one line naming the object.

use crate::aws::{describe, Aws};
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// S3's bucket naming rules: 3-63 lowercase letters, digits, `.` and `-`, a letter or digit at
/// each end, no `..`.
pub fn valid_bucket(b: &str) -> bool {
    let edge = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&b.len())
        && b.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
        && edge(b.bytes().next())
        && edge(b.bytes().last())
        && !b.contains("..")
}

/// `s3://bucket/key` → (bucket, key without a trailing slash); None unless the bucket is valid.
pub fn parse_uri(uri: &str) -> Option<(String, String)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    valid_bucket(bucket).then(|| (bucket.to_string(), key.trim_end_matches('/').to_string()))
}

pub fn get(aws: &Aws, bucket: &str, key: &str) -> Result<Vec<u8>> {
    aws.block_on(get_async(aws.s3.clone(), bucket.to_string(), key.to_string()))
        .map_err(|m| Error::aws(format!("S3 GetObject s3://{bucket}/{key}"), m))
}

/// [`get`] for concurrent downloads: the bytes, or why not in one line ("not found" for a
/// missing object); the caller names the object.
pub async fn get_async(s3: aws_sdk_s3::Client, bucket: String, key: String) -> std::result::Result<Vec<u8>, String> {
    let resp = s3.get_object().bucket(&bucket).key(&key).send().await.map_err(|e| {
        let status = e.raw_response().map(|r| r.status().as_u16());
        if e.as_service_error().is_some_and(|se| se.is_no_such_key()) || status == Some(404) {
            "not found".to_string()
        } else if status == Some(403) {
            // What an operator needs to know on a node whose role cannot list the bucket.
            format!(
                "{} (S3 also answers 403 for a missing object when the role may not list the bucket)",
                describe(&e)
            )
        } else {
            describe(&e)
        }
    })?;
    let body = resp.body.collect().await.map_err(|e| e.to_string())?;
    Ok(body.into_bytes().to_vec())
}

/// Copies `from` over `to` in one bucket (S3 copies server-side, whole or not at all).
pub fn copy(aws: &Aws, bucket: &str, from: &str, to: &str) -> Result<()> {
    aws.block_on(
        aws.s3
            .copy_object()
            .bucket(bucket)
            .key(to)
            .copy_source(format!("{bucket}/{from}"))
            .send(),
    )
    .map_err(|e| Error::aws(format!("S3 CopyObject s3://{bucket}/{from} to {to}"), describe(&e)))?;
    Ok(())
}

/// A PutObject that S3 checks against the body's sha256.
pub fn put(aws: &Aws, bucket: &str, key: &str, body: &[u8], content_type: &str) -> Result<()> {
    aws.block_on(put_async(
        aws.s3.clone(),
        bucket.to_string(),
        key.to_string(),
        body.to_vec(),
        content_type,
    ))?;
    Ok(())
}

/// [`put`] for concurrent uploads; returns the key.
pub async fn put_async(
    s3: aws_sdk_s3::Client,
    bucket: String,
    key: String,
    body: Vec<u8>,
    content_type: &str,
) -> Result<String> {
    let checksum = aws_smithy_types::base64::encode(Sha256::digest(&body));
    s3.put_object()
        .bucket(&bucket)
        .key(&key)
        .content_type(content_type)
        .checksum_sha256(checksum)
        .body(body.into())
        .send()
        .await
        .map_err(|e| Error::aws(format!("S3 PutObject s3://{bucket}/{key}"), describe(&e)))?;
    Ok(key)
}

/// Deletes an object; deleting one that is not there succeeds, as S3 does.
pub fn delete(aws: &Aws, bucket: &str, key: &str) -> Result<()> {
    aws.block_on(aws.s3.delete_object().bucket(bucket).key(key).send())
        .map_err(|e| Error::aws(format!("S3 DeleteObject s3://{bucket}/{key}"), describe(&e)))?;
    Ok(())
}

/// True when the bucket has the key (one HeadObject).
pub fn exists(aws: &Aws, bucket: &str, key: &str) -> Result<bool> {
    match aws.block_on(aws.s3.head_object().bucket(bucket).key(key).send()) {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|se| se.is_not_found()) => Ok(false),
        Err(e) => Err(Error::aws(format!("S3 HeadObject s3://{bucket}/{key}"), describe(&e))),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_buckets() {
        assert_eq!(
            parse_uri("s3://dataworks-published-qa/common-model-inputs/data/dictionary/"),
            Some((
                "dataworks-published-qa".into(),
                "common-model-inputs/data/dictionary".into()
            ))
        );
        assert_eq!(parse_uri("/tmp/dictionary"), None);
        assert_eq!(parse_uri("s3://Bad_Bucket/x"), None);
        assert!(valid_bucket("local") && !valid_bucket("a..b") && !valid_bucket("-ab"));
    }
}
