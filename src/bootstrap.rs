//! `pdmctl bootstrap <env> --bundle <manifest uri>`: the EMR bootstrap action. It installs a
//! bundle that `pdmctl submit` put in the config bucket (src/upload.rs) on the node, at
//! `<home>/bundles/<manifest sha256>/` (every file at its bundle path, plus manifest.json), and
//! this binary as `<bin_dir>/pdmctl`, so the steps' `pdmctl stage ... --manifest <uri>` find
//! both.
//!
//! Every byte is checked: the manifest against the sha256 its key is named after, each file
//! against the manifest. The bundle is written into a sibling temporary folder and renamed into
//! place, so a failure leaves no bundle folder at all. A bundle already installed whose files
//! all verify is left as it is, with no AWS call; one that does not verify is installed again.

use crate::aws::{describe, Aws};
use crate::error::{Error, Result};
use crate::render::hex;
use crate::upload::{file_key, MANIFEST_PREFIX};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where bundles are installed on a node (`--home`, `PDMCTL_HOME`).
pub const DEFAULT_HOME: &str = "/opt/emr/pdm";
/// Where the binary goes, on the steps' PATH (`--bin-dir`, `PDMCTL_BIN_DIR`).
pub const DEFAULT_BIN_DIR: &str = "/usr/local/bin";
/// Region when the AWS chain gives none (no pipelines.yaml on a node).
pub const DEFAULT_REGION: &str = "eu-west-2";
/// The flag that carries the manifest URI, named in errors.
const FLAG: &str = "--bundle";
/// Objects fetched at once: enough to hide S3's latency, few enough to stay polite.
const CONCURRENT_FETCHES: usize = 16;

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
        if !crate::s3::valid_bucket(bucket) {
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

/// 64 lowercase hex digits, as pdmctl writes every sha256.
fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// Where the bundle of `manifest_uri` lives once installed: `<home>/bundles/<manifest sha256>/`.
pub fn bundle_dir(home: &Path, manifest_uri: &str) -> Result<PathBuf> {
    let uri = ManifestUri::parse(manifest_uri).map_err(|m| Error::input(FLAG, m))?;
    Ok(dir_for(home, &uri))
}

fn dir_for(home: &Path, uri: &ManifestUri) -> PathBuf {
    home.join("bundles").join(&uri.sha256)
}

/// The manifest fields bootstrap needs; the rest (steps, run, plan...) is the stage's business.
#[derive(Debug, Deserialize)]
struct Manifest {
    environment: String,
    files: Vec<ManifestFile>,
}

#[derive(Debug, Deserialize)]
struct ManifestFile {
    path: String,
    sha256: String,
}

impl Manifest {
    /// Parses and checks what could hurt: paths leaving the bundle folder or clashing, hashes
    /// that are not hashes (they become S3 keys).
    fn parse(bytes: &[u8], origin: &str) -> Result<Manifest> {
        let bad = |m: String| Error::aws(origin.to_string(), format!("not a valid pdmctl manifest: {m}"));
        let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        let mut paths = BTreeSet::new();
        for f in &manifest.files {
            if !safe_relative_path(&f.path) {
                return Err(bad(format!(
                    "file path `{}` is not a plain relative path inside the bundle",
                    f.path.escape_debug()
                )));
            }
            if f.path == "manifest.json" || !paths.insert(f.path.as_str()) {
                return Err(bad(format!("file path `{}` appears twice", f.path.escape_debug())));
            }
            if !is_sha256(&f.sha256) {
                return Err(bad(format!("file `{}` has no valid sha256", f.path.escape_debug())));
            }
        }
        Ok(manifest)
    }

    /// The bundle paths of each distinct content, in manifest order.
    fn objects(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &self.files {
            out.entry(f.sha256.as_str()).or_default().push(f.path.as_str());
        }
        out
    }
}

/// `a/b.hql`: non-empty segments, none `.` or `..`, no leading `/`, no control characters.
fn safe_relative_path(p: &str) -> bool {
    !p.is_empty()
        && !p.chars().any(char::is_control)
        && p.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// What `install_bundle` found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "reason")]
pub enum InstallOutcome {
    /// There was no bundle folder; it is there now.
    Installed,
    /// The folder was there and every file verified: nothing fetched, nothing written.
    AlreadyInstalled,
    /// The folder was there but did not verify (the reason says which file); installed afresh.
    Reinstalled(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct InstallReport {
    pub manifest_uri: String,
    pub environment: String,
    /// `<home>/bundles/<manifest sha256>`.
    pub dir: PathBuf,
    #[serde(flatten)]
    pub outcome: InstallOutcome,
    /// Files in the bundle (manifest.json aside); every one was verified.
    pub files: usize,
    /// S3 objects fetched: the manifest and one per distinct file content (0 when already installed).
    pub objects_fetched: usize,
    pub bytes_fetched: u64,
}

/// Installs the bundle of `manifest_uri` under `home` (see the module documentation).
pub fn install_bundle(aws: &Aws, manifest_uri: &str, home: &Path) -> Result<InstallReport> {
    install(aws, manifest_uri, home, None)
}

fn install(aws: &Aws, manifest_uri: &str, home: &Path, env: Option<&str>) -> Result<InstallReport> {
    let uri = ManifestUri::parse(manifest_uri).map_err(|m| Error::input(FLAG, m))?;
    let dir = dir_for(home, &uri);
    let check_env = |m: &Manifest| match env {
        Some(env) if m.environment != env => Err(Error::input(
            "<ENV>",
            format!(
                "the bundle {uri} is for `{}`, not `{env}`; give the environment it was submitted for",
                m.environment
            ),
        )),
        _ => Ok(()),
    };
    let reason = match verify_local(&dir, &uri) {
        Ok(manifest) => {
            check_env(&manifest)?;
            return Ok(InstallReport {
                manifest_uri: uri.to_string(),
                environment: manifest.environment,
                files: manifest.files.len(),
                dir,
                outcome: InstallOutcome::AlreadyInstalled,
                objects_fetched: 0,
                bytes_fetched: 0,
            });
        }
        Err(Local::Absent) => None,
        Err(Local::Invalid(why)) => Some(why),
    };

    let fetched = fetch_and_write(aws, &uri, &dir, &check_env);
    if fetched.is_err() && reason.is_some() {
        // The copy there did not verify: a step must not find it after this failure either.
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (manifest, objects_fetched, bytes_fetched) = fetched?;
    Ok(InstallReport {
        manifest_uri: uri.to_string(),
        environment: manifest.environment,
        dir,
        outcome: match reason {
            None => InstallOutcome::Installed,
            Some(why) => InstallOutcome::Reinstalled(why),
        },
        files: manifest.files.len(),
        objects_fetched,
        bytes_fetched,
    })
}

/// Fetches and verifies the manifest and its files, and puts them at `dir`; returns the
/// manifest, the objects fetched and their bytes.
fn fetch_and_write(
    aws: &Aws,
    uri: &ManifestUri,
    dir: &Path,
    check_env: &dyn Fn(&Manifest) -> Result<()>,
) -> Result<(Manifest, usize, u64)> {
    let manifest_bytes = aws
        .block_on(get(aws.s3.clone(), uri.bucket.clone(), uri.key.clone()))
        .map_err(|m| Error::aws(format!("S3 GetObject {uri}"), m))?;
    let actual = sha256(&manifest_bytes);
    if actual != uri.sha256 {
        return Err(Error::aws(
            uri.to_string(),
            format!(
                "the manifest's content does not match its key: expected sha256 {}, actual {actual}",
                uri.sha256
            ),
        ));
    }
    let manifest = Manifest::parse(&manifest_bytes, &uri.to_string())?;
    check_env(&manifest)?;
    let bodies = fetch_files(aws, uri, &manifest)?;
    let bytes_fetched = manifest_bytes.len() as u64 + bodies.values().map(|b| b.len() as u64).sum::<u64>();

    let parent = dir.parent().expect("bundle dirs are <home>/bundles/<sha>");
    create_dirs(parent)?;
    let tmp = parent.join(format!(".{}.tmp-{}", uri.sha256, std::process::id()));
    let written = write_tree(&tmp, &manifest, &bodies, &manifest_bytes).and_then(|()| swap_in(&tmp, dir, uri));
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    written?;
    Ok((manifest, bodies.len() + 1, bytes_fetched))
}

enum Local {
    Absent,
    /// Why the folder there is not the bundle.
    Invalid(String),
}

/// The installed bundle's manifest, if the folder holds exactly what the manifest says.
fn verify_local(dir: &Path, uri: &ManifestUri) -> std::result::Result<Manifest, Local> {
    if !dir.exists() {
        return Err(Local::Absent);
    }
    let path = dir.join("manifest.json");
    let bytes = std::fs::read(&path).map_err(|e| Local::Invalid(format!("manifest.json: {e}")))?;
    let actual = sha256(&bytes);
    if actual != uri.sha256 {
        return Err(Local::Invalid(format!("manifest.json has sha256 {actual}")));
    }
    let manifest = Manifest::parse(&bytes, &path.display().to_string()).map_err(|e| Local::Invalid(e.to_string()))?;
    for f in &manifest.files {
        let actual = std::fs::read(dir.join(&f.path))
            .map(|b| sha256(&b))
            .map_err(|e| Local::Invalid(format!("{}: {e}", f.path)))?;
        if actual != f.sha256 {
            return Err(Local::Invalid(format!(
                "{}: sha256 {actual}, manifest says {}",
                f.path, f.sha256
            )));
        }
    }
    Ok(manifest)
}

/// Every distinct file content, verified, by sha256. All are fetched; the first failure in
/// manifest order is reported (with how many others failed), so the message is stable.
fn fetch_files(aws: &Aws, uri: &ManifestUri, manifest: &Manifest) -> Result<BTreeMap<String, Vec<u8>>> {
    let objects = manifest.objects();
    let results = aws.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        let mut results = BTreeMap::new();
        for sha in objects.keys() {
            // At most CONCURRENT_FETCHES in flight.
            while tasks.len() >= CONCURRENT_FETCHES {
                if let Some(done) = tasks.join_next().await {
                    let (sha, r) = done.map_err(|e| Error::aws("S3 GetObject", e))?;
                    results.insert(sha, r);
                }
            }
            let (s3, bucket, sha) = (aws.s3.clone(), uri.bucket.clone(), sha.to_string());
            tasks.spawn(async move {
                let r = get(s3, bucket, file_key(&sha)).await;
                (sha, r)
            });
        }
        while let Some(done) = tasks.join_next().await {
            let (sha, r) = done.map_err(|e| Error::aws("S3 GetObject", e))?;
            results.insert(sha, r);
        }
        Ok::<_, Error>(results)
    })?;

    let mut bodies = BTreeMap::new();
    let mut errors = Vec::new();
    // Manifest order, so the error names the first file a reader of the manifest would meet.
    let mut seen = BTreeSet::new();
    for f in &manifest.files {
        if !seen.insert(f.sha256.as_str()) {
            continue;
        }
        let paths = objects[f.sha256.as_str()].join(", ");
        let object = uri.object(&file_key(&f.sha256));
        match &results[&f.sha256] {
            Err(e) => errors.push((format!("S3 GetObject {object}"), format!("{e} (bundle path {paths})"))),
            Ok(body) => {
                let actual = sha256(body);
                if actual == f.sha256 {
                    bodies.insert(f.sha256.clone(), body.clone());
                } else {
                    errors.push((object, mismatch_message(&paths, &f.sha256, &actual)));
                }
            }
        }
    }
    let more = errors.len().saturating_sub(1);
    match errors.into_iter().next() {
        None => Ok(bodies),
        Some((op, message)) if more == 0 => Err(Error::aws(op, message)),
        Some((op, message)) => Err(Error::aws(op, format!("{message}; {more} more object(s) failed too"))),
    }
}

fn mismatch_message(paths: &str, expected: &str, actual: &str) -> String {
    format!("content does not match the manifest (bundle path {paths}): expected sha256 {expected}, actual {actual}")
}

/// One object's bytes, or why not in one line ("not found" for a missing one); the caller
/// names the object.
async fn get(s3: aws_sdk_s3::Client, bucket: String, key: String) -> std::result::Result<Vec<u8>, String> {
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

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The bundle in `tmp`, readable by the steps' user whatever the umask (bootstrap may run as root).
fn write_tree(
    tmp: &Path,
    manifest: &Manifest,
    bodies: &BTreeMap<String, Vec<u8>>,
    manifest_bytes: &[u8],
) -> Result<()> {
    if tmp.exists() {
        std::fs::remove_dir_all(tmp).map_err(|e| Error::io(tmp, e))?;
    }
    create_dirs(tmp)?;
    for f in &manifest.files {
        let path = tmp.join(&f.path);
        if let Some(p) = path.parent() {
            create_dirs(p)?;
        }
        write_file(&path, &bodies[&f.sha256], 0o644)?;
    }
    write_file(&tmp.join("manifest.json"), manifest_bytes, 0o644)
}

/// Puts `tmp` at `dir`; an earlier folder there (one that did not verify) is moved aside first
/// and removed after, so `dir` is never half-written.
fn swap_in(tmp: &Path, dir: &Path, uri: &ManifestUri) -> Result<()> {
    if dir.exists() {
        let old = dir.with_file_name(format!(".{}.old-{}", uri.sha256, std::process::id()));
        std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = std::fs::rename(tmp, dir) {
            let _ = std::fs::rename(&old, dir);
            return Err(Error::io(dir, e));
        }
        let _ = std::fs::remove_dir_all(&old);
        return Ok(());
    }
    match std::fs::rename(tmp, dir) {
        Ok(()) => Ok(()),
        // Another bootstrap on this node got there first with the same verified bundle.
        Err(_) if verify_local(dir, uri).is_ok() => {
            let _ = std::fs::remove_dir_all(tmp);
            Ok(())
        }
        Err(e) => Err(Error::io(dir, e)),
    }
}

fn create_dirs(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
        .map_err(|e| Error::io(dir, e))
}

fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(mode)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    // `mode` above is masked by the umask; this is not.
    file.set_permissions(std::fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io(path, e))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

/// What happened to `<bin_dir>/pdmctl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BinaryOutcome {
    /// There was none.
    Installed,
    /// There was another binary.
    Replaced,
    /// It already had these bytes (or is the running binary).
    Unchanged,
}

#[derive(Debug, Clone, Serialize)]
pub struct BinaryReport {
    /// `<bin_dir>/pdmctl`.
    pub path: PathBuf,
    /// The running binary it was copied from.
    pub source: PathBuf,
    pub outcome: BinaryOutcome,
}

#[derive(Debug, Clone, Serialize)]
pub struct BootstrapReport {
    pub environment: String,
    pub bundle: InstallReport,
    pub binary: BinaryReport,
    /// Requests made during the bootstrap, by `Service.Operation`.
    pub aws_calls: BTreeMap<String, u32>,
}

/// The bootstrap action: checks the bundle is `env`'s, installs it under `home` and the running
/// binary as `<bin_dir>/pdmctl`. Running it again changes nothing.
pub fn bootstrap(aws: &Aws, env: &str, manifest_uri: &str, home: &Path, bin_dir: &Path) -> Result<BootstrapReport> {
    let before = aws.calls.snapshot();
    let bundle = install(aws, manifest_uri, home, Some(env))?;
    let binary = install_binary(bin_dir)?;
    let mut aws_calls = aws.calls.snapshot();
    for (op, n) in aws_calls.iter_mut() {
        *n -= before.get(op).copied().unwrap_or(0);
    }
    aws_calls.retain(|_, n| *n > 0);
    Ok(BootstrapReport {
        environment: env.to_string(),
        bundle,
        binary,
        aws_calls,
    })
}

/// Copies the running binary to `<bin_dir>/pdmctl` (temporary file, then rename), mode 0755.
fn install_binary(bin_dir: &Path) -> Result<BinaryReport> {
    let source = std::env::current_exe().map_err(|e| Error::io(Path::new("<current executable>"), e))?;
    let path = bin_dir.join("pdmctl");
    let report = |outcome| BinaryReport {
        path: path.clone(),
        source: source.clone(),
        outcome,
    };
    let same_file = match (std::fs::canonicalize(&source), std::fs::canonicalize(&path)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same_file {
        return Ok(report(BinaryOutcome::Unchanged));
    }
    let bytes = std::fs::read(&source).map_err(|e| Error::io(&source, e))?;
    let outcome = match std::fs::metadata(&path) {
        Err(_) => BinaryOutcome::Installed,
        // Read the installed one only when it may be the same.
        Ok(m) if m.len() != bytes.len() as u64 => BinaryOutcome::Replaced,
        Ok(_) if std::fs::read(&path).is_ok_and(|existing| existing == bytes) => {
            ensure_executable(&path)?;
            return Ok(report(BinaryOutcome::Unchanged));
        }
        Ok(_) => BinaryOutcome::Replaced,
    };
    create_dirs(bin_dir)?;
    let tmp = bin_dir.join(format!(".pdmctl.tmp-{}", std::process::id()));
    let result =
        write_file(&tmp, &bytes, 0o755).and_then(|()| std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    Ok(report(outcome))
}

/// Same bytes but not 0755 (copied by hand, say): fix the mode only.
fn ensure_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.permissions().mode() & 0o777 != 0o755 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

impl BootstrapReport {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("plain JSON")
    }

    pub fn to_human(&self) -> String {
        let mut o = String::new();
        let b = &self.bundle;
        let _ = writeln!(o, "Bootstrap `{}` from {}", self.environment, b.manifest_uri);
        let dir = b.dir.display();
        match &b.outcome {
            InstallOutcome::AlreadyInstalled => {
                let _ = writeln!(
                    o,
                    "Bundle: already installed in {dir}; {} files verified locally, nothing fetched",
                    b.files
                );
            }
            outcome => {
                if let InstallOutcome::Reinstalled(why) = outcome {
                    let _ = writeln!(o, "Bundle: the installed copy did not verify ({why}); installing again");
                }
                let _ = writeln!(
                    o,
                    "Bundle: installed {} files into {dir}; {} objects fetched ({} bytes), every sha256 verified",
                    b.files, b.objects_fetched, b.bytes_fetched
                );
            }
        }
        let bin = &self.binary;
        let what = match bin.outcome {
            BinaryOutcome::Installed => "installed",
            BinaryOutcome::Replaced => "replaced",
            BinaryOutcome::Unchanged => "unchanged",
        };
        let _ = writeln!(
            o,
            "Binary: {} {what} (from {})",
            bin.path.display(),
            bin.source.display()
        );
        let total: u32 = self.aws_calls.values().sum();
        let parts: Vec<String> = self.aws_calls.iter().map(|(op, n)| format!("{op} {n}")).collect();
        if parts.is_empty() {
            let _ = writeln!(o, "AWS calls: 0");
        } else {
            let _ = writeln!(o, "AWS calls: {total} ({})", parts.join(", "));
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn manifest_uris() {
        let uri = format!("s3://dataworks-config-qa/pdm/manifests/{SHA}.json");
        let dir = bundle_dir(Path::new("/opt/emr/pdm"), &uri).unwrap();
        assert_eq!(dir, Path::new("/opt/emr/pdm/bundles").join(SHA));
        for bad in [
            "s3://b/../x".to_string(),
            "s3://bucket/pdm/manifests/.json".to_string(),
            format!("http://bucket/pdm/manifests/{SHA}.json"),
            format!("s3://Bucket/pdm/manifests/{SHA}.json"),
            format!("s3://bucket/pdm/manifests/{}.json", SHA.to_uppercase()),
            format!("s3://bucket/pdm/manifests/{SHA}.json\n"),
            format!("s3://bucket/pdm/bundles/{SHA}.hql"),
            format!("s3://bucket/pdm/manifests/../manifests/{SHA}.json"),
            format!("s3://bucket//pdm/manifests/{SHA}.json"),
            String::new(),
        ] {
            let e = bundle_dir(Path::new("/h"), &bad).unwrap_err().to_string();
            assert!(e.starts_with("--bundle: "), "{bad:?}: {e}");
            assert_eq!(e.lines().count(), 1, "{e}");
        }
    }

    #[test]
    fn manifest_paths() {
        for ok in ["a.hql", "source/a.hql", "a/b/c.hql", "a..b.hql"] {
            assert!(safe_relative_path(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a/",
            "a/.",
            "a\nb",
        ] {
            assert!(!safe_relative_path(bad), "{bad:?}");
        }
        let m = |files: &str| format!(r#"{{"environment": "qa", "files": [{files}], "later": 1}}"#);
        let f = |p: &str| format!(r#"{{"path": "{p}", "sha256": "{SHA}", "bytes": 1}}"#);
        assert!(Manifest::parse(m(&f("a/b.hql")).as_bytes(), "x").is_ok());
        for bad in [
            m(&f("../b.hql")),
            m(&f("/b.hql")),
            m(&format!("{},{}", f("a.hql"), f("a.hql"))),
            m(&f("manifest.json")),
            m(r#"{"path": "a.hql", "sha256": "../../x"}"#),
        ] {
            assert!(Manifest::parse(bad.as_bytes(), "x").is_err(), "{bad}");
        }
    }
}
