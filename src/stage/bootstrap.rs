//! `pdmctl bootstrap <env> --bundle <manifest uri>`: the EMR bootstrap action. It installs a
//! bundle that `pdmctl submit` put in the config bucket ([`crate::bundle::bucket`]) on the node, at
//! `<home>/bundles/<manifest sha256>/` (every file at its bundle path, plus manifest.json), and
//! this binary as `<bin_dir>/pdmctl`, so the steps' `pdmctl stage ... --manifest <uri>` find
//! both.
//!
//! Every byte is checked: the manifest against the sha256 its key is named after, each file
//! against the manifest. The bundle is written through the one atomic folder swap
//! ([`crate::bundle::swap`]), so a failure leaves no bundle folder at all. A bundle already installed whose files
//! all verify is left as it is, with no AWS call; one that does not verify is installed again.

use crate::aws::{s3, Aws};
use crate::bundle::bucket::{file_key, ManifestUri};
use crate::bundle::manifest::Manifest;
use crate::bundle::{sha256_hex as sha256, swap, Bundle};
use crate::error::{Error, Result};
use serde::Serialize;
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

/// Where the bundle of `manifest_uri` lives once installed: `<home>/bundles/<manifest sha256>/`.
pub fn bundle_dir(home: &Path, manifest_uri: &str) -> Result<PathBuf> {
    let uri = ManifestUri::parse(manifest_uri).map_err(|m| Error::input(FLAG, m))?;
    Ok(dir_for(home, &uri))
}

fn dir_for(home: &Path, uri: &ManifestUri) -> PathBuf {
    home.join("bundles").join(&uri.sha256)
}

/// The Hive CLI's work folder for an installed bundle, `<home>/work/<manifest sha256>/`: Hive
/// reads files, so the SQL pdmctl generates goes there, and the bundle stays as verified.
pub fn work_dir(bundle_dir: &Path) -> PathBuf {
    let name = bundle_dir.file_name().unwrap_or_default();
    let home = bundle_dir.parent().and_then(Path::parent).unwrap_or(bundle_dir);
    home.join("work").join(name)
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

/// Installs the bundle of `manifest_uri` under `home` (see the module documentation) and
/// returns it, every file verified once.
pub fn install_bundle(aws: &Aws, manifest_uri: &str, home: &Path) -> Result<(InstallReport, Bundle)> {
    install(aws, manifest_uri, home, None)
}

fn install(aws: &Aws, manifest_uri: &str, home: &Path, env: Option<&str>) -> Result<(InstallReport, Bundle)> {
    let uri = ManifestUri::parse(manifest_uri).map_err(|m| Error::input(FLAG, m))?;
    let dir = dir_for(home, &uri);
    let check_env = |environment: &str| match env {
        Some(env) if environment != env => Err(Error::input(
            "<ENV>",
            format!("the bundle {uri} is for `{environment}`, not `{env}`; give the environment it was submitted for"),
        )),
        _ => Ok(()),
    };
    let reason = match verify_local(&dir, &uri) {
        Ok(bundle) => {
            check_env(&bundle.environment)?;
            let report = InstallReport {
                manifest_uri: uri.to_string(),
                environment: bundle.environment.clone(),
                files: bundle.files.len(),
                dir,
                outcome: InstallOutcome::AlreadyInstalled,
                objects_fetched: 0,
                bytes_fetched: 0,
            };
            return Ok((report, bundle));
        }
        Err(Local::Absent) => None,
        Err(Local::Invalid(why)) => Some(why),
    };

    let fetched = fetch_and_write(aws, &uri, &dir, &check_env);
    if fetched.is_err() && reason.is_some() {
        // The copy there did not verify: a step must not find it after this failure either.
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (bundle, objects_fetched, bytes_fetched) = fetched?;
    let report = InstallReport {
        manifest_uri: uri.to_string(),
        environment: bundle.environment.clone(),
        dir,
        outcome: match reason {
            None => InstallOutcome::Installed,
            Some(why) => InstallOutcome::Reinstalled(why),
        },
        files: bundle.files.len(),
        objects_fetched,
        bytes_fetched,
    };
    Ok((report, bundle))
}

/// Fetches and verifies the manifest and its files, and puts them at `dir`; returns the
/// bundle, the objects fetched and their bytes.
fn fetch_and_write(
    aws: &Aws,
    uri: &ManifestUri,
    dir: &Path,
    check_env: &dyn Fn(&str) -> Result<()>,
) -> Result<(Bundle, usize, u64)> {
    let manifest_bytes = aws
        .block_on(s3::get_async(aws.s3.clone(), uri.bucket.clone(), uri.key.clone()))
        .map_err(|m| Error::aws(format!("S3 GetObject {uri}"), m))?;
    let actual = sha256(&manifest_bytes);
    if actual != uri.sha256 {
        return Err(Error::Manifest {
            origin: uri.to_string(),
            message: format!(
                "the manifest's content does not match its key: expected sha256 {}, actual {actual}",
                uri.sha256
            ),
        });
    }
    let manifest = Manifest::parse(&manifest_bytes, &uri.to_string())?;
    check_env(&manifest.environment)?;
    let bodies = fetch_files(aws, uri, &manifest)?;
    let bytes_fetched = manifest_bytes.len() as u64 + bodies.values().map(|b| b.len() as u64).sum::<u64>();

    let parent = dir.parent().expect("bundle dirs are <home>/bundles/<sha>");
    create_dirs(parent)?;
    match swap::replace_dir(dir, |tmp| write_tree(tmp, &manifest, &bodies, &manifest_bytes)) {
        Ok(()) => {}
        // Another bootstrap on this node got there first with the same verified bundle.
        Err(_) if verify_local(dir, uri).is_ok() => {}
        Err(e) => return Err(e),
    }
    let mut contents = Vec::with_capacity(manifest.files.len());
    for f in &manifest.files {
        let text = String::from_utf8(bodies[&f.sha256].clone()).map_err(|_| Error::Manifest {
            origin: uri.object(&file_key(&f.sha256)),
            message: format!("bundle path {} is not UTF-8 text", f.path),
        })?;
        contents.push(text);
    }
    let objects = bodies.len() + 1;
    Ok((manifest.into_bundle(contents), objects, bytes_fetched))
}

enum Local {
    Absent,
    /// Why the folder there is not the bundle.
    Invalid(String),
}

/// The installed bundle, if the folder holds exactly what its manifest says and the manifest
/// is the one `uri` names.
fn verify_local(dir: &Path, uri: &ManifestUri) -> std::result::Result<Bundle, Local> {
    if !dir.exists() {
        return Err(Local::Absent);
    }
    let path = dir.join("manifest.json");
    let bytes = std::fs::read(&path).map_err(|e| Local::Invalid(format!("manifest.json: {e}")))?;
    let actual = sha256(&bytes);
    if actual != uri.sha256 {
        return Err(Local::Invalid(format!("manifest.json has sha256 {actual}")));
    }
    Bundle::load(dir).map_err(|e| Local::Invalid(e.to_string()))
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
            let (client, bucket, sha) = (aws.s3.clone(), uri.bucket.clone(), sha.to_string());
            tasks.spawn(async move {
                let r = s3::get_async(client, bucket, file_key(&sha)).await;
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

/// The bundle in `tmp`, readable by the steps' user whatever the umask (bootstrap may run as root).
fn write_tree(
    tmp: &Path,
    manifest: &Manifest,
    bodies: &BTreeMap<String, Vec<u8>>,
    manifest_bytes: &[u8],
) -> Result<()> {
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
    let (bundle, _) = install(aws, manifest_uri, home, Some(env))?;
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
}
