//! `pdmctl bootstrap` against moto's server on 127.0.0.1 (see tests/moto): a bundle uploaded as
//! `pdmctl submit` uploads it, installed on a "node" (temporary home and bin folders), checked
//! byte for byte, idempotent, and refused whole when S3 does not hold what the manifest says.

use crate::support::moto::{out, Moto, DEV_BUCKET, PROD_BUCKET};
use pdmctl::bundle::bucket::Upload;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn json_ok(o: Output) -> Value {
    assert!(o.status.success(), "{}", out(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(&o)))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sha(bytes: &[u8]) -> String {
    pdmctl::bundle::sha256_hex(bytes)
}

/// Renders `env` and uploads it with the code `pdmctl submit` uses.
fn upload(m: &Moto, env: &str, bucket: &str) -> (pdmctl::bundle::Bundle, Upload) {
    m.create_bucket(bucket);
    let project = pdmctl::Project::load(&crate::support::repo().join("pipelines.yaml")).unwrap();
    let run =
        pdmctl::pipeline::run_values::RunValues::new(Some("2024-03-01"), None, None, Some("boot-1"), None).unwrap();
    let bundle = project.render(env, &run).unwrap();
    let up = Upload::new(&bundle, bucket);
    pdmctl::backend::emr::upload::upload(&m.aws, &up).unwrap();
    (bundle, up)
}

/// A node: the bootstrap's home and bin folders, and a working folder without pipelines.yaml.
struct Node {
    root: tempfile::TempDir,
}

impl Node {
    fn new() -> Node {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("cwd")).unwrap();
        Node { root }
    }

    fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    fn bin(&self) -> PathBuf {
        self.root.path().join("bin")
    }

    fn bundles(&self) -> PathBuf {
        self.home().join("bundles")
    }

    fn bootstrap(&self, m: &Moto, env: &str, uri: &str, format: &str) -> Command {
        let home = self.home();
        let bin = self.bin();
        let mut cmd = m.pdmctl_command(&[
            "bootstrap",
            env,
            "--bundle",
            uri,
            "--home",
            home.to_str().unwrap(),
            "--bin-dir",
            bin.to_str().unwrap(),
            "--format",
            format,
        ]);
        cmd.current_dir(self.root.path().join("cwd"));
        cmd
    }

    fn run(&self, m: &Moto, env: &str, uri: &str) -> Output {
        self.bootstrap(m, env, uri, "json").output().unwrap()
    }

    /// Entries of <home>/bundles (none after a failure: no bundle, no temporary folder).
    fn bundle_entries(&self) -> Vec<String> {
        match std::fs::read_dir(self.bundles()) {
            Ok(d) => d
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// Every file under `dir` with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                todo.push(e.path());
            }
            out.insert(e.path(), meta.modified().unwrap());
        }
    }
    out
}

fn calls(v: &Value) -> BTreeMap<String, u64> {
    v["aws_calls"]
        .as_object()
        .unwrap_or_else(|| panic!("no aws_calls in {v}"))
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect()
}

fn get_objects(n: usize) -> BTreeMap<String, u64> {
    BTreeMap::from([("S3.GetObject".to_string(), n as u64)])
}

#[test]
fn installs_the_bundle_and_the_binary_then_a_rerun_changes_nothing() {
    let m = Moto::start();
    let (bundle, up) = upload(&m, "development", DEV_BUCKET);
    let uri = up.manifest_uri();
    let node = Node::new();

    let first = json_ok(node.run(&m, "development", &uri));
    let dir = pdmctl::stage::bootstrap::bundle_dir(&node.home(), &uri).unwrap();
    assert_eq!(dir, node.bundles().join(&up.manifest.sha256));
    assert_eq!(first["bundle"]["outcome"], "installed", "{first}");
    assert_eq!(first["bundle"]["dir"], dir.to_str().unwrap());
    assert_eq!(first["bundle"]["environment"], "development");
    assert_eq!(first["bundle"]["files"], bundle.files.len());
    // One GetObject for the manifest and one per distinct content (files sharing bytes share one).
    assert!(up.files.len() > 20, "{} objects", up.files.len());
    assert_eq!(first["bundle"]["objects_fetched"], up.files.len() + 1);
    assert_eq!(calls(&first), get_objects(up.files.len() + 1), "{first}");

    // Every file at its bundle path with its bytes, and the manifest as uploaded.
    for f in &bundle.files {
        let got = std::fs::read(dir.join(&f.path)).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert_eq!(got, f.content.as_bytes(), "{}", f.path);
    }
    let manifest = std::fs::read(dir.join("manifest.json")).unwrap();
    assert_eq!(manifest, up.manifest.body.as_bytes());
    assert_eq!(sha(&manifest), up.manifest.sha256);
    // Nothing else in the folder.
    let present: BTreeSet<PathBuf> = mtimes(&dir).into_keys().filter(|p| p.is_file()).collect();
    let expected: BTreeSet<PathBuf> = bundle
        .files
        .iter()
        .map(|f| dir.join(&f.path))
        .chain([dir.join("manifest.json")])
        .collect();
    assert_eq!(present, expected);
    // What `pdmctl stage` reads back.
    let loaded = pdmctl::bundle::Bundle::load(&dir).unwrap();
    assert_eq!(loaded.environment, "development");
    let contents = |b: &pdmctl::bundle::Bundle| -> Vec<(String, String)> {
        b.files.iter().map(|f| (f.path.clone(), f.content.clone())).collect()
    };
    assert_eq!(contents(&loaded), contents(&bundle));
    assert_eq!(
        node.bundle_entries(),
        std::slice::from_ref(&up.manifest.sha256),
        "no temporary folder left"
    );

    // The binary, executable, runs from the bin folder.
    let bin = node.bin().join("pdmctl");
    assert_eq!(first["binary"]["outcome"], "installed");
    assert_eq!(
        std::fs::read(&bin).unwrap(),
        std::fs::read(env!("CARGO_BIN_EXE_pdmctl")).unwrap()
    );
    assert_eq!(std::fs::metadata(&bin).unwrap().permissions().mode() & 0o777, 0o755);
    let version = Command::new(&bin).arg("--version").output().unwrap();
    assert!(version.status.success() && String::from_utf8_lossy(&version.stdout).starts_with("pdmctl "));

    // Again: nothing fetched, nothing rewritten.
    let before = (mtimes(&dir), mtimes(&node.bin()));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = json_ok(node.run(&m, "development", &uri));
    assert_eq!(second["bundle"]["outcome"], "already_installed", "{second}");
    assert_eq!(second["bundle"]["objects_fetched"], 0);
    assert_eq!(second["binary"]["outcome"], "unchanged");
    assert_eq!(calls(&second), BTreeMap::new(), "no AWS call: {second}");
    assert_eq!((mtimes(&dir), mtimes(&node.bin())), before);
    println!("AWS calls, first bootstrap: {:?}", calls(&first));
    println!("AWS calls, second bootstrap: {:?}", calls(&second));

    // With S3 gone, an installed bundle still bootstraps; the human report says what happened.
    let mut cmd = node.bootstrap(&m, "development", &uri, "human");
    drop(m);
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", out(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Bundle: already installed in"), "{text}");
    assert!(text.contains("nothing fetched"), "{text}");
    assert!(text.contains("pdmctl unchanged"), "{text}");
    assert!(text.contains("AWS calls: 0"), "{text}");
    println!("{text}");
    assert_eq!((mtimes(&dir), mtimes(&node.bin())), before);
}

#[test]
fn a_tampered_object_fails_with_both_hashes_and_installs_nothing() {
    let m = Moto::start();
    let (bundle, up) = upload(&m, "development", DEV_BUCKET);
    let f = &bundle.files[bundle.files.len() / 2];
    let key = format!("pdm/bundles/{}.hql", f.sha256);
    m.put(DEV_BUCKET, &key, "SELECT 'not what was submitted';\n");
    let node = Node::new();
    let o = node.run(&m, "development", &up.manifest_uri());
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    let actual = sha(b"SELECT 'not what was submitted';\n");
    for part in [
        format!("s3://{DEV_BUCKET}/{key}"),
        f.path.clone(),
        format!("expected sha256 {}", f.sha256),
        format!("actual {actual}"),
    ] {
        assert!(err.contains(&part), "{part} in {err}");
    }
    assert!(node.bundle_entries().is_empty(), "{:?}", node.bundle_entries());
    assert!(
        !node.bin().join("pdmctl").exists(),
        "a failed bootstrap installs no binary"
    );
}

#[test]
fn a_missing_object_fails_naming_it() {
    let m = Moto::start();
    let (bundle, up) = upload(&m, "development", DEV_BUCKET);
    let f = bundle.files.last().unwrap();
    let key = format!("pdm/bundles/{}.hql", f.sha256);
    m.block_on(m.aws.s3.delete_object().bucket(DEV_BUCKET).key(&key).send())
        .unwrap();
    let node = Node::new();
    let o = node.run(&m, "development", &up.manifest_uri());
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("S3 GetObject s3://{DEV_BUCKET}/{key}: not found")),
        "{err}"
    );
    assert!(err.contains(&f.path), "{err}");
    assert!(node.bundle_entries().is_empty(), "{:?}", node.bundle_entries());

    // A manifest that is not there, or not the bytes its key names, is refused the same way.
    let missing = format!("s3://{DEV_BUCKET}/pdm/manifests/{}.json", "0".repeat(64));
    let o = node.run(&m, "development", &missing);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(stderr(&o).contains(&format!("{missing}: not found")), "{}", out(&o));
    m.put(
        DEV_BUCKET,
        &up.manifest.key,
        "{\"environment\": \"development\", \"files\": []}\n",
    );
    let o = node.run(&m, "development", &up.manifest_uri());
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        stderr(&o).contains(&format!("expected sha256 {}", up.manifest.sha256)),
        "{}",
        out(&o)
    );
    assert!(node.bundle_entries().is_empty(), "{:?}", node.bundle_entries());
}

#[test]
fn a_tampered_local_file_is_detected_and_repaired() {
    let m = Moto::start();
    let (bundle, up) = upload(&m, "development", DEV_BUCKET);
    let uri = up.manifest_uri();
    let node = Node::new();
    // The library call the command makes.
    let (installed, _) = pdmctl::stage::bootstrap::install_bundle(&m.aws, &uri, &node.home()).unwrap();
    assert_eq!(installed.outcome, pdmctl::stage::bootstrap::InstallOutcome::Installed);
    let dir = installed.dir.clone();

    let f = &bundle.files[3];
    std::fs::write(dir.join(&f.path), "DROP DATABASE uc CASCADE;\n").unwrap();
    let v = json_ok(node.run(&m, "development", &uri));
    assert_eq!(v["bundle"]["outcome"], "reinstalled", "{v}");
    assert!(v["bundle"]["reason"].as_str().unwrap().contains(&f.path), "{v}");
    assert_eq!(calls(&v), get_objects(up.files.len() + 1), "{v}");
    assert_eq!(std::fs::read(dir.join(&f.path)).unwrap(), f.content.as_bytes());

    // A deleted file too; then the bundle verifies again.
    let g = &bundle.files[7];
    std::fs::remove_file(dir.join(&g.path)).unwrap();
    let v = json_ok(node.run(&m, "development", &uri));
    assert_eq!(v["bundle"]["outcome"], "reinstalled", "{v}");
    assert_eq!(std::fs::read(dir.join(&g.path)).unwrap(), g.content.as_bytes());
    let v = json_ok(node.run(&m, "development", &uri));
    assert_eq!(v["bundle"]["outcome"], "already_installed", "{v}");
    assert_eq!(node.bundle_entries(), std::slice::from_ref(&up.manifest.sha256));

    // A copy that does not verify and cannot be repaired is removed: no step may run from it.
    std::fs::write(dir.join(&f.path), "-- changed\n").unwrap();
    let key = format!("pdm/bundles/{}.hql", g.sha256);
    m.block_on(m.aws.s3.delete_object().bucket(DEV_BUCKET).key(&key).send())
        .unwrap();
    let o = node.run(&m, "development", &uri);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(stderr(&o).contains(&format!("{key}: not found")), "{}", out(&o));
    assert!(node.bundle_entries().is_empty(), "{:?}", node.bundle_entries());
}

#[test]
fn a_bundle_of_another_environment_is_refused() {
    let m = Moto::start();
    let (_, up) = upload(&m, "production", PROD_BUCKET);
    let node = Node::new();
    let o = node.run(&m, "development", &up.manifest_uri());
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let err = stderr(&o);
    assert!(err.contains("is for `production`, not `development`"), "{err}");
    assert!(node.bundle_entries().is_empty(), "{:?}", node.bundle_entries());
    assert!(!node.bin().join("pdmctl").exists());

    // Installed for production, then asked for development: refused from the local copy.
    json_ok(node.run(&m, "production", &up.manifest_uri()));
    let o = node.run(&m, "development", &up.manifest_uri());
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(stderr(&o).contains("is for `production`"), "{}", out(&o));
}

#[test]
fn malformed_bundle_uris_are_refused_before_any_aws_call() {
    let node = Node::new();
    let sha = "ab".repeat(32);
    let bad = [
        "s3://b/../x".to_string(),
        format!("s3://{DEV_BUCKET}/pdm/manifests/.json"),
        format!("s3://{DEV_BUCKET}/pdm/manifests/"),
        format!("http://{DEV_BUCKET}/pdm/manifests/{sha}.json"),
        format!("https://{DEV_BUCKET}.s3.amazonaws.com/pdm/manifests/{sha}.json"),
        format!("s3://{DEV_BUCKET}/pdm/manifests/{}.json", sha.to_uppercase()),
        format!("s3://{DEV_BUCKET}/pdm/manifests/{}.json", &sha[1..]),
        format!("s3://{DEV_BUCKET}/pdm/manifests/../bundles/{sha}.json"),
        format!("s3://{DEV_BUCKET}/pdm/bundles/{sha}.hql"),
        format!("s3://{DEV_BUCKET}/pdm/manifests/{sha}.json;rm -rf /"),
        format!("s3://Dataworks_Config/pdm/manifests/{sha}.json"),
        String::new(),
    ];
    for uri in &bad {
        // No AWS at all: an endpoint nothing listens on, so any call would fail as an AWS error.
        let o = Command::new(env!("CARGO_BIN_EXE_pdmctl"))
            .args(["bootstrap", "development", "--bundle", uri, "--home"])
            .arg(node.home())
            .arg("--bin-dir")
            .arg(node.bin())
            .current_dir(node.root.path().join("cwd"))
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{uri:?}: {}", out(&o));
        let err = stderr(&o);
        assert!(err.starts_with("error: --bundle: "), "{uri:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{uri:?}: {err}");
    }
    assert!(!node.home().exists() && !node.bin().exists(), "nothing written");

    let help = Command::new(env!("CARGO_BIN_EXE_pdmctl"))
        .args(["bootstrap", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for part in [
        "--bundle",
        "--home",
        "--bin-dir",
        "PDMCTL_HOME",
        "PDMCTL_BIN_DIR",
        "Examples:",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

#[test]
fn a_manifest_path_leaving_the_bundle_folder_is_refused() {
    let m = Moto::start();
    m.create_bucket(DEV_BUCKET);
    let body = "SELECT 1;\n";
    let file_sha = sha(body.as_bytes());
    m.put(DEV_BUCKET, &format!("pdm/bundles/{file_sha}.hql"), body);
    let node = Node::new();
    // A real manifest whose one file has a path that would leave the bundle folder.
    let project = pdmctl::Project::load(&crate::support::repo().join("pipelines.yaml")).unwrap();
    let run = pdmctl::pipeline::run_values::RunValues::new(Some("2024-03-01"), None, None, None, None).unwrap();
    let real = project.render("development", &run).unwrap().manifest();
    for path in ["../../escaped.hql", "/tmp/escaped.hql"] {
        let mut manifest = real.clone();
        let mut file = manifest["files"][0].clone();
        file["path"] = path.into();
        file["sha256"] = file_sha.clone().into();
        file["bytes"] = body.len().into();
        manifest["files"] = serde_json::json!([file]);
        let manifest = manifest.to_string();
        let key = format!("pdm/manifests/{}.json", sha(manifest.as_bytes()));
        m.put(DEV_BUCKET, &key, &manifest);
        let o = node.run(&m, "development", &format!("s3://{DEV_BUCKET}/{key}"));
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(stderr(&o).contains("is not a plain relative path"), "{}", out(&o));
    }
    assert!(node.bundle_entries().is_empty(), "{:?}", node.bundle_entries());
    assert!(!node.root.path().join("escaped.hql").exists());
    assert!(!node.home().join("escaped.hql").exists());
}
