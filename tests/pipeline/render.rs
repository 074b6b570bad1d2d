//! The project's own pipeline: render and plan for every environment, bundle contents,
//! determinism, dependency levels and the command line.

use crate::support::*;
use pdmctl::pipeline::run_values::RunValues;
use pdmctl::pipeline::{FailureAction, StageKind};
use pdmctl::Project;
use std::collections::BTreeMap;

const ENVS: [&str; 6] = ["development", "qa", "integration", "preprod", "production", "local"];

fn project() -> Project {
    Project::load(&repo().join("pipelines.yaml")).expect("the project's pipeline loads")
}

fn run() -> RunValues {
    RunValues::new(Some("2024-03-01"), None, None, Some("nightly-2024-03-01"), None).unwrap()
}

#[test]
fn every_environment_renders_and_plans() {
    let p = project();
    assert_eq!(p.pipeline.environment_names(), ENVS.to_vec());
    for env in ENVS {
        let (bundle, plan) = p.plan(env, &run(), None).unwrap_or_else(|e| panic!("{env}: {e}"));
        // Every .hql of the stages the environment runs: production skips the initial load (10).
        let files = if env == "production" { 58 } else { 68 };
        assert_eq!(bundle.files.len(), files, "{env}");
        assert_eq!(plan.steps.len(), bundle.steps.len());
        let names: Vec<&str> = plan.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.first(), Some(&"courtesy-flush"));
        assert_eq!(&names[names.len() - 2..], &["flush-gateway", "flush-s3"]);
    }
}

#[test]
fn production_has_no_initial_load_and_terminates_on_failure() {
    let p = project();
    let prod = p.render("production", &run()).unwrap();
    assert!(prod.step("initial_transactional_load").is_none());
    assert!(prod.files.iter().all(|f| f.stage != "initial_transactional_load"));
    for env in ["development", "qa", "integration", "preprod", "local"] {
        let b = p.render(env, &run()).unwrap();
        assert_eq!(b.step("initial_transactional_load").unwrap().files.len(), 10, "{env}");
    }
    let hql_action = |env: &str| p.render(env, &run()).unwrap().step("model").unwrap().failure_action;
    assert_eq!(hql_action("development"), FailureAction::Continue);
    for env in ["qa", "integration", "preprod", "production"] {
        assert_eq!(hql_action(env), FailureAction::TerminateCluster, "{env}");
    }
    // The flush steps continue everywhere.
    for env in ENVS {
        let b = p.render(env, &run()).unwrap();
        assert_eq!(
            b.step("flush-s3").unwrap().failure_action,
            FailureAction::Continue,
            "{env}"
        );
        assert_eq!(
            b.step("flush-gateway").unwrap().failure_action,
            FailureAction::Continue,
            "{env}"
        );
    }
}

#[test]
fn settings_and_variables_differ_where_pipelines_yaml_says() {
    let p = project();
    let settings = |env: &str| p.pipeline.environment(env).unwrap().settings.clone();
    assert_eq!(settings("production").parallelism, 30);
    assert_eq!(settings("production").retry.attempts, 12);
    assert_eq!(settings("production").relaunch_max_retries, 2);
    assert_eq!(settings("development").relaunch_max_retries, 0);
    assert!(!settings("production").initial_transactional_load);

    let location_of = |env: &str| {
        let b = p.render(env, &run()).unwrap();
        b.file("source/claimant.hql").unwrap().variables["data_path"].clone()
    };
    assert_eq!(
        location_of("production"),
        "s3://dataworks-published-production/analytical-dataset/full/2024-03-01"
    );
    assert_eq!(
        location_of("qa"),
        "s3://dataworks-published-qa/analytical-dataset/full/2024-03-01"
    );
    assert_eq!(location_of("local"), "sample/adg");
    let prod = p.render("production", &run()).unwrap();
    let claimant = &prod.file("source/claimant.hql").unwrap().content;
    assert!(
        claimant.contains("'s3://dataworks-published-production/analytical-dataset/full/2024-03-01/"),
        "{claimant}"
    );
    assert!(!claimant.contains("{{"), "rendered text has no template left");

    // --s3-prefix replaces the default prefix.
    let custom = RunValues::new(Some("2024-03-01"), Some("adg/incremental/2024-03-01"), None, None, None).unwrap();
    let b = p.render("qa", &custom).unwrap();
    assert_eq!(
        b.file("source/claimant.hql").unwrap().variables["data_path"],
        "s3://dataworks-published-qa/adg/incremental/2024-03-01"
    );
}

#[test]
fn manifest_lists_steps_files_hashes_and_variables() {
    let p = project();
    let b = p.render("preprod", &run()).unwrap();
    let m = b.manifest();
    assert_eq!(m["environment"], "preprod");
    assert_eq!(m["pdmctl_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["run"]["export_date"], "2024-03-01");
    let steps: Vec<&str> = m["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = b.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(steps, expected);
    for f in m["files"].as_array().unwrap() {
        let file = b.file(f["path"].as_str().unwrap()).unwrap();
        assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(f["sha256"], file.sha256.as_str());
        // A used variable's value is in the rendered text.
        for (name, value) in f["variables"].as_object().unwrap() {
            assert!(file.content.contains(value.as_str().unwrap()), "{}: {name}", file.path);
        }
    }
    let model_file = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "model/fact_claim.hql")
        .unwrap();
    assert_eq!(model_file["variables"]["model_database"], "uc_pdm_model");
}

#[test]
fn written_bundle_loads_back_with_its_plan_and_refuses_a_changed_file() {
    let p = project();
    let (b, plan) = p.plan("production", &run(), None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    b.write(&out).unwrap();
    let loaded = pdmctl::bundle::Bundle::load(&out).unwrap();
    assert_eq!(loaded.manifest_text(), b.manifest_text());
    assert_eq!(loaded.settings.region, "eu-west-2");
    assert_eq!(loaded.variables["published_bucket"], "dataworks-published-production");
    // The cluster rebuilds each step's plan from the manifest alone.
    for step in &plan.steps {
        let again = pdmctl::plan::step_from_bundle(&loaded, &step.name).unwrap();
        assert_eq!(again.depends_on, step.depends_on, "{}", step.name);
        assert_eq!(again.levels, step.levels, "{}", step.name);
        assert_eq!(again.views, step.views, "{}", step.name);
        assert_eq!((again.parallelism, again.retry.attempts), (30, 12));
    }
    assert!(loaded.step("model").unwrap().depends_on["model/fact_claim.hql"]
        .contains(&"model/dim_claimant.hql".to_string()));

    std::fs::write(out.join("model/fact_claim.hql"), "DROP DATABASE uc_pdm_model CASCADE;").unwrap();
    let err = pdmctl::bundle::Bundle::load(&out).unwrap_err().to_string();
    assert!(
        err.contains("model/fact_claim.hql") && err.contains("does not match the manifest"),
        "{err}"
    );
}

#[test]
fn rendering_is_byte_identical_and_hashes_match_the_files() {
    let dir = tempfile::tempdir().unwrap();
    for out in ["a", "b"] {
        let o = pdmctl(
            repo(),
            &[
                "render",
                "integration",
                "--date",
                "2024-03-01",
                "--out",
                dir.path().join(out).to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let read_all = |root: &std::path::Path| {
        let mut files = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.insert(
                        path.strip_prefix(root).unwrap().to_path_buf(),
                        std::fs::read(&path).unwrap(),
                    );
                }
            }
        }
        files
    };
    let a = read_all(&dir.path().join("a"));
    let b = read_all(&dir.path().join("b"));
    assert_eq!(a, b);
    let manifest: serde_json::Value = serde_json::from_slice(&a[std::path::Path::new("manifest.json")]).unwrap();
    for f in manifest["files"].as_array().unwrap() {
        use sha2::Digest;
        let bytes = &a[std::path::Path::new(f["path"].as_str().unwrap())];
        let digest: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(f["sha256"].as_str().unwrap(), digest);
    }
    // The bundle's files, its manifest, and the cluster request a first run would get.
    assert_eq!(a.len(), manifest["files"].as_array().unwrap().len() + 3);
    let request: serde_json::Value =
        serde_json::from_slice(&a[std::path::Path::new("cluster/run-job-flow.json")]).unwrap();
    assert_eq!(request["Name"], "pdm-integration-integration-2024-03-01-1");
    assert!(a.contains_key(std::path::Path::new("cluster/bootstrap.sh")));
}

#[test]
fn every_fact_comes_after_all_the_dimensions_it_joins() {
    let p = project();
    for env in ENVS {
        let (bundle, plan) = p.plan(env, &run(), None).unwrap();
        let analyses = p.analyse(&bundle).unwrap();
        let model = plan.steps.iter().find(|s| s.name == "model").unwrap();
        let level: BTreeMap<&str, usize> = model
            .levels
            .iter()
            .enumerate()
            .flat_map(|(i, files)| files.iter().map(move |f| (f.as_str(), i)))
            .collect();
        let writer_of = |table: &str| {
            analyses
                .iter()
                .find(|a| a.stage == "model" && a.creates.contains_key(table))
        };
        let mut facts = 0;
        for a in analyses.iter().filter(|a| a.stage == "model") {
            if !a.creates.keys().any(|t| t.starts_with("uc_pdm_model.fact_")) {
                continue;
            }
            facts += 1;
            let dims: Vec<&String> = a.reads.keys().filter(|t| t.starts_with("uc_pdm_model.dim_")).collect();
            assert!(!dims.is_empty(), "{} joins no dimension", a.path);
            for dim in dims {
                let w = writer_of(dim).unwrap_or_else(|| panic!("{dim} has no writer in model"));
                assert!(
                    level[w.path.as_str()] < level[a.path.as_str()],
                    "{env}: {} must come after {}",
                    a.path,
                    w.path
                );
                // And the runner knows it: the fact waits for the dimension's file.
                assert!(
                    model.depends_on[&a.path].contains(&w.path),
                    "{} should wait for {}",
                    a.path,
                    w.path
                );
            }
        }
        assert_eq!(
            facts, 4,
            "{env}: fact_appointment, fact_claim, fact_statement, fact_to_do"
        );
    }
}

#[test]
fn analysis_covers_the_projects_sql() {
    let p = project();
    let bundle = p.render("development", &run()).unwrap();
    let analyses = p.analyse(&bundle).unwrap();
    let dims = analyses
        .iter()
        .flat_map(|a| a.creates.keys())
        .filter(|t| t.starts_with("uc_pdm_model.dim_"))
        .count();
    assert_eq!(
        dims, 7,
        "dimensions: agent, appointment_type, claimant, date, site, team, to_do_type"
    );
    for crown in ["agent", "appointment_type", "site", "team", "to_do_type"] {
        assert!(
            analyses
                .iter()
                .any(|a| a.creates.contains_key(&format!("uc_pdm_model.dim_{crown}"))),
            "dim_{crown}"
        );
    }
    let views = analyses.iter().filter(|a| a.stage == "views").count();
    assert_eq!(views, 12, "sql/views has 12 files");
    let sources = analyses.iter().filter(|a| a.stage == "source").count();
    assert_eq!(sources, 10, "sql/source has 10 files");
    // Every HQL file writes something and every statement is classified.
    for a in &analyses {
        assert!(
            !a.writes.is_empty() || !a.databases.is_empty(),
            "{} writes nothing",
            a.path
        );
        assert!(a.statements.iter().all(|s| !s.kind.is_empty()), "{}", a.path);
    }
}

#[test]
fn plan_from_a_step_shows_exactly_what_a_resume_runs() {
    let p = project();
    let (_, full) = p.plan("qa", &run(), None).unwrap();
    let (_, resumed) = p.plan("qa", &run(), Some("model")).unwrap();
    let at = full.steps.iter().position(|s| s.name == "model").unwrap();
    let expected: Vec<&str> = full.steps[at..].iter().map(|s| s.name.as_str()).collect();
    let got: Vec<&str> = resumed.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(got, expected);
    let skipped: Vec<&str> = full.steps[..at].iter().map(|s| s.name.as_str()).collect();
    assert_eq!(resumed.skipped, skipped);
    let o = pdmctl(
        repo(),
        &[
            "plan",
            "qa",
            "--from",
            "model",
            "--format",
            "json",
            "--date",
            "2024-03-01",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["steps"][0]["name"], "model");
    assert_eq!(v["steps"][0]["parallelism"], 15);
    assert_eq!(v["steps"][0]["retry"]["attempts"], 10);
    assert_eq!(v["skipped"].as_array().unwrap().len(), skipped.len());
}

#[test]
fn builtin_steps_have_no_files_and_views_are_materialised() {
    let p = project();
    let (bundle, plan) = p.plan("production", &run(), None).unwrap();
    for s in bundle.steps.iter().filter(|s| s.kind == StageKind::Builtin) {
        assert!(s.files.is_empty(), "{}", s.name);
    }
    let cvt = plan.steps.iter().find(|s| s.name == "create-views-tables").unwrap();
    assert_eq!(cvt.views.len(), 12, "pipelines.yaml lists 12 views");
    assert!(cvt.views.iter().all(|v| v.starts_with("uc_views_tables.v_")));
}

#[test]
fn help_has_examples_for_every_command() {
    for args in [vec!["--help"], vec!["render", "--help"], vec!["plan", "--help"]] {
        let o = pdmctl(repo(), &args);
        assert!(o.status.success());
        assert!(stdout(&o).contains("Examples:\n  pdmctl "), "{args:?}: {}", stdout(&o));
    }
}

#[test]
fn cli_errors_are_one_line_with_exit_codes_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let out_s = out.to_str().unwrap();
    let o = pdmctl(repo(), &["render", "prod", "--out", out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: <ENV>: unknown environment `prod` (pipelines.yaml defines: development, qa, integration, preprod, production, local)\n"
    );
    let o = pdmctl(repo(), &["render", "qa", "--date", "2024-02-30", "--out", out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --date: `2024-02-30` is not a date (YYYY-MM-DD, years 2000-2099)\n"
    );
    let o = pdmctl(repo(), &["plan", "qa", "--from", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: --from: `nope` is not a step of `qa` (steps: courtesy-flush, "),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written on failure");

    // A folder that is not a bundle is never replaced.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let o = pdmctl(repo(), &["render", "qa", "--out", out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a pdmctl bundle; refusing to replace it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn a_broken_template_fails_render_and_leaves_the_old_bundle() {
    let files = vec![
        MINI_SOURCE,
        (
            "model/b.hql",
            "CREATE TABLE {{ model_database }}.b AS SELECT x FROM {{ source_database }}.a;\n",
        ),
    ];
    let p = MiniProject::new(MINI_YAML, &files);
    let o = pdmctl(p.path(), &["render", "dev", "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(p.path().join("out/manifest.json")).unwrap();
    std::fs::write(
        p.path().join("sql/model/b.hql"),
        "CREATE TABLE {{ model_database }}.b AS SELECT x FROM {{ nope }}.a;\n",
    )
    .unwrap();
    let o = pdmctl(p.path(), &["render", "dev", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: sql/model/b.hql:1:57: undefined variable `nope` (stage `model` receives: model_database, source_database)\n"
    );
    assert_eq!(std::fs::read(p.path().join("out/manifest.json")).unwrap(), before);
}
