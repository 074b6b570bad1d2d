//! The EMR cluster `pdmctl submit <env>` creates when no `--cluster-id` is given:
//! `templates/cluster.yaml` (the RunJobFlow request, in the API's own key names) and
//! `templates/bootstrap.sh` (the bootstrap action that installs pdmctl and the run's bundle),
//! rendered with Tera for an environment and a run into a typed [`RunJobFlow`] ([`request`]),
//! then sent.
//!
//! The bootstrap script is uploaded content-addressed (`pdm/bootstrap/<sha256>.sh`) and takes
//! the manifest URI as its argument, so it only changes with pdmctl's version or the
//! environment, and is usually already in the bucket.
//!
//! May use: `aws`, `pipeline`, `bundle`, `render` (its template checks), `backend::emr::steps`.

use crate::aws::{s3, Aws};
use crate::backend::emr::steps::{self, Step};
use crate::bundle::bucket::{Object, Upload};
use crate::bundle::{sha256_hex, Bundle};
use crate::error::{Error, Location, Result};
use crate::pipeline::run_values::RunValues;
use crate::pipeline::{Environment, Pipeline, LOCAL_ENV};
use crate::render::source_map::SourceMap;
use crate::render::{first_undefined, references, template_error, undefined_references, Template};
use std::collections::BTreeMap;
use std::path::Path;

pub mod request;
pub use request::{run_job_flow, terminate, RunJobFlow};

pub const CLUSTER_TEMPLATE: &str = "templates/cluster.yaml";
pub const BOOTSTRAP_TEMPLATE: &str = "templates/bootstrap.sh";
pub const BOOTSTRAP_PREFIX: &str = "pdm/bootstrap/";
/// Names the cluster template gets besides the environment's variables.
pub const CLUSTER_VALUES: &[&str] = &["correlation_id", "run_id", "manifest", "bootstrap_script"];

/// Both templates, parsed once.
pub struct ClusterTemplates {
    tera: tera::Tera,
    cluster: Template,
    bootstrap: Template,
}

/// The run a cluster is created for.
#[derive(Debug, Clone)]
pub struct ClusterRun<'a> {
    pub correlation_id: &'a str,
    pub run_id: u32,
    /// The bundle's manifest URI, the bootstrap action's argument.
    pub manifest_uri: &'a str,
    /// The steps the cluster runs, in order.
    pub steps: &'a [Step],
}

/// A rendered cluster: the request and the bootstrap script it refers to.
#[derive(Debug, Clone)]
pub struct ClusterLaunch {
    pub request: RunJobFlow,
    pub bootstrap: Object,
    pub bucket: String,
}

impl ClusterLaunch {
    pub fn bootstrap_uri(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.bootstrap.key)
    }

    /// Writes `cluster/run-job-flow.json` and `cluster/bootstrap.sh` under `out` (for review).
    pub fn write(&self, out: &Path) -> Result<()> {
        let dir = out.join("cluster");
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let mut json = self.request.to_pretty_json();
        json.push('\n');
        for (name, text) in [("run-job-flow.json", &json), ("bootstrap.sh", &self.bootstrap.body)] {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }
}

impl ClusterTemplates {
    /// True when the project has cluster templates (projects that only run locally have none).
    pub fn present(pipeline: &Pipeline) -> bool {
        pipeline.root.join("templates").is_dir()
    }

    pub fn load(pipeline: &Pipeline) -> Result<ClusterTemplates> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![]);
        let mut load = |rel: &str| -> Result<Template> {
            let full = pipeline.root.join(rel);
            let source = std::fs::read_to_string(&full).map_err(|e| {
                Error::io(
                    &full,
                    format!("{e} (creating a cluster needs {CLUSTER_TEMPLATE} and {BOOTSTRAP_TEMPLATE})"),
                )
            })?;
            let template = Template {
                name: rel.to_string(),
                path: display_path(pipeline, rel),
                references: references(&source),
                source,
            };
            tera.add_raw_template(&template.name, &template.source)
                .map_err(|e| template_error(&template, &e))?;
            Ok(template)
        };
        let cluster = load(CLUSTER_TEMPLATE)?;
        let bootstrap = load(BOOTSTRAP_TEMPLATE)?;
        Ok(ClusterTemplates {
            tera,
            cluster,
            bootstrap,
        })
    }

    /// Renders both templates with the bundle's variables for this run; `bucket` is the
    /// config bucket the bootstrap script goes to.
    pub fn render(&self, bundle: &Bundle, cluster: &ClusterRun, bucket: &str) -> Result<ClusterLaunch> {
        let mut variables = bundle.variables.clone();
        // The bootstrap script sees only the environment's values, so it stays the same object
        // from run to run.
        let script = self.render_one(&self.bootstrap, &variables)?;
        check_shell_words(&self.bootstrap, &variables)?;
        let sha256 = sha256_hex(script.as_bytes());
        let bootstrap = Object {
            key: format!("{BOOTSTRAP_PREFIX}{sha256}.sh"),
            body: script,
            sha256,
        };
        variables.insert("correlation_id".into(), cluster.correlation_id.to_string());
        variables.insert("run_id".into(), cluster.run_id.to_string());
        variables.insert("manifest".into(), cluster.manifest_uri.to_string());
        variables.insert("bootstrap_script".into(), format!("s3://{bucket}/{}", bootstrap.key));
        let yaml = self.render_one(&self.cluster, &variables)?;
        let mut request: RunJobFlow = serde_saphyr::from_str(&yaml).map_err(|e| {
            // Positions are in the rendered text; map them back to the template.
            match crate::pipeline::yaml_error(&self.cluster.path, &e) {
                Error::Config { location, message } => {
                    let map = SourceMap::new(&self.cluster.path, &self.cluster.source, &yaml);
                    Error::Template {
                        location: map.locate(location.line, location.column),
                        message,
                    }
                }
                other => other,
            }
        })?;
        request.steps = cluster.steps.to_vec();
        Ok(ClusterLaunch {
            request,
            bootstrap,
            bucket: bucket.to_string(),
        })
    }

    /// The cluster a first run (Run_Id 1) of this bundle gets: what `pdmctl render` writes
    /// and what submit renders before any AWS call, so template errors stop it early.
    pub fn first_run(&self, env: &Environment, bundle: &Bundle, correlation_id: &str) -> Result<ClusterLaunch> {
        let bucket = bundle
            .variables
            .get("config_bucket")
            .ok_or_else(|| Error::variable("config_bucket", format!("`{}` does not define it", env.name)))?;
        let manifest_uri = Upload::new(bundle, bucket).manifest_uri();
        let start = bundle.steps.first().map(|s| s.name.as_str()).unwrap_or_default();
        let steps = steps::for_run(bundle, correlation_id, 1, &manifest_uri, start);
        let cluster = ClusterRun {
            correlation_id,
            run_id: 1,
            manifest_uri: &manifest_uri,
            steps: &steps,
        };
        self.render(bundle, &cluster, bucket)
    }

    /// The cluster request `render` writes beside the bundle: for the AWS environments of
    /// projects with cluster templates, the one a first run of the bundle would get.
    pub fn preview(pipeline: &Pipeline, env: &str, run: &RunValues, bundle: &Bundle) -> Result<Option<ClusterLaunch>> {
        if env == LOCAL_ENV || !ClusterTemplates::present(pipeline) {
            return Ok(None);
        }
        let templates = ClusterTemplates::load(pipeline)?;
        let environment = pipeline.environment(env)?;
        templates
            .first_run(environment, bundle, &run.correlation_id_or_default(env))
            .map(Some)
    }

    fn render_one(&self, template: &Template, variables: &BTreeMap<String, String>) -> Result<String> {
        let extra = if template.name == CLUSTER_TEMPLATE {
            format!(" or {}", CLUSTER_VALUES.join(", "))
        } else {
            String::new()
        };
        first_undefined(undefined_references(
            template,
            &|name| variables.contains_key(name),
            &format!("templates get pipelines.yaml's variables{extra}"),
        ))?;
        let mut context = tera::Context::new();
        for (k, v) in variables {
            context.insert(k.as_str(), v);
        }
        self.tera
            .render(&template.name, &context)
            .map_err(|e| template_error(template, &e))
    }
}

/// A value the bootstrap script substitutes must stay one shell word inside its quotes.
fn check_shell_words(template: &Template, variables: &BTreeMap<String, String>) -> Result<()> {
    for r in &template.references {
        let Some(value) = variables.get(&r.name) else {
            continue;
        };
        let safe = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-./:=+@".contains(c));
        if !safe {
            return Err(Error::Template {
                location: Location::new(&template.path, r.line, r.column),
                message: format!(
                    "`{}` is `{}`, not safe in a shell script (letters, digits and _ - . / : = + @ only)",
                    r.name,
                    value.escape_debug()
                ),
            });
        }
    }
    Ok(())
}

fn display_path(pipeline: &Pipeline, rel: &str) -> String {
    if pipeline.root == Path::new(".") {
        rel.to_string()
    } else {
        pipeline.root.join(rel).display().to_string()
    }
}

/// The variable naming the pdmctl build the bootstrap script downloads.
pub const BINARY_VARIABLE: &str = "pdmctl_binary";

/// Fails unless the environment's `pdmctl_binary` (an `s3://bucket/key`) exists (one HeadObject).
pub fn check_binary(aws: &Aws, variables: &BTreeMap<String, String>) -> Result<()> {
    let Some(uri) = variables.get(BINARY_VARIABLE) else {
        return Ok(());
    };
    let (bucket, key) = s3::parse_uri(uri)
        .filter(|(_, k)| !k.is_empty())
        .ok_or_else(|| Error::variable(BINARY_VARIABLE, format!("`{uri}` is not an s3://bucket/key URI")))?;
    if !s3::exists(aws, &bucket, &key)? {
        return Err(Error::variable(
            BINARY_VARIABLE,
            format!("{uri} does not exist; upload the cluster build of pdmctl there first (the bootstrap action downloads it)"),
        ));
    }
    Ok(())
}

/// Uploads the bootstrap script unless the bucket has it (its key is its hash); true if uploaded.
pub fn upload_bootstrap(aws: &Aws, launch: &ClusterLaunch) -> Result<bool> {
    if s3::exists(aws, &launch.bucket, &launch.bootstrap.key)? {
        return Ok(false);
    }
    s3::put(
        aws,
        &launch.bucket,
        &launch.bootstrap.key,
        launch.bootstrap.body.as_bytes(),
        "text/x-shellscript",
    )?;
    Ok(true)
}
