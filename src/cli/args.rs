//! The command line's arguments, declared to clap: every command, its flags, their help and
//! examples, and the flag conflicts clap can check before anything runs.

use super::output::Format;
use crate::error::Result;
use crate::pipeline::run_values::RunValues;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "pdmctl",
    version,
    about = "Build the PDM Hive dataset on AWS EMR: render, plan and run templated HQL pipelines",
    after_help = "Examples:\n  pdmctl plan development\n  pdmctl render production --date 2024-03-01 --out dist/production"
)]
pub struct Cli {
    /// The pipeline definition; stage templates are read from sql/ beside it.
    #[arg(long, global = true, default_value = "pipelines.yaml", env = "PDMCTL_CONFIG")]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Render every stage of an environment into a bundle: HQL files plus manifest.json, and for
    /// AWS environments the cluster a first run would get (cluster/run-job-flow.json, cluster/bootstrap.sh).
    #[command(
        after_help = "Examples:\n  pdmctl render development\n  pdmctl render production --date 2024-03-01 --s3-prefix analytical-dataset/full/2024-03-01 --out dist/prod"
    )]
    Render(RenderArgs),
    /// Show the ordered steps with their policies and the files of each stage in dependency levels.
    #[command(
        after_help = "Examples:\n  pdmctl plan production\n  pdmctl plan qa --from model\n  pdmctl plan local --format json"
    )]
    Plan(PlanArgs),
    /// Lint the pipeline (every environment, or those given) or plain Hive SQL files and folders.
    #[command(
        after_help = "Without PATH the pipeline's templates are rendered for each environment and checked; \
with PATHs, .sql/.hql/.q files (folders recursively) are checked as plain Hive SQL.\n\
Exit status: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 usage or configuration error.\n\n\
Examples:\n  pdmctl lint\n  pdmctl lint --env production --format github\n  pdmctl lint scripts/ etl/load.hql\n  pdmctl lint --explain PDM005"
    )]
    Lint(LintArgs),
    /// Write synthetic input data (ADG collections, dictionary, Crown exports), the same bytes
    /// for the same scale and seed. Scale 1 is the sample shipped in sample/.
    #[command(
        after_help = "Examples:\n  pdmctl sample --scale 10\n  pdmctl sample --scale 100 --out /tmp/s100\n  pdmctl sample --scale 1 --out sample   # regenerate the shipped sample"
    )]
    Sample(SampleArgs),
    /// Run the pipeline of an environment. `local` runs every stage on this machine with the
    /// embedded engine, on the sample data in sample/ (or --data DIR). Any other environment
    /// goes to AWS: the run record is claimed in DynamoDB, the bundle uploaded to the config
    /// bucket, and an EMR cluster created with the steps (RunJobFlow from templates/), or the
    /// steps added to the cluster given with --cluster-id.
    #[command(
        after_help = "Without --cluster-id the cluster comes from templates/cluster.yaml (instances, EMR release, \
applications, Hive configuration) rendered for the environment; its bootstrap action (templates/bootstrap.sh, \
uploaded to the config bucket) installs pdmctl and the bundle, and its steps run `pdmctl stage`. \
A failed run resumes at its failed step with Run_Id + 1; an IN_PROGRESS or COMPLETED run \
is refused unless --restart. Nothing is half-submitted: if the EMR call fails, the run record is set \
back to FAILED so a rerun works. Without --correlation-id an AWS run is `<ENV>-<DATE>`.\n\n\
Examples:\n  pdmctl submit local\n  pdmctl submit local --data /tmp/scale-10 --warehouse /tmp/wh\n  pdmctl submit local --restart --from model\n  \
pdmctl submit production --correlation-id nightly-2024-03-01 --date 2024-03-01 --dry-run --format json\n  \
pdmctl submit production --correlation-id nightly-2024-03-01 --date 2024-03-01 --wait\n  \
pdmctl submit qa --cluster-id j-2AXXXXXXGAPLF --correlation-id qa-2024-03-01 --date 2024-03-01"
    )]
    Submit(SubmitArgs),
    /// Run one step of a submitted run on the cluster (what each EMR step executes).
    #[command(
        after_help = "The bundle comes from --manifest, installed under --home by `pdmctl bootstrap` \
(or by this command when missing); the step's plan, policies and variables come from its manifest, \
so no pipelines.yaml is needed. Logs are JSON lines on stderr.\n\n\
Examples:\n  pdmctl stage production model --run nightly-2024-03-01 --run-id 1 \\\n    \
--manifest s3://dataworks-config-production/pdm/manifests/<sha256>.json\n  \
pdmctl stage local transform --run local-2024-03-01 --run-id 1 --manifest s3://local/pdm/manifests/<sha256>.json \\\n    \
--executor engine --warehouse warehouse"
    )]
    Stage(StageArgs),
    /// Show a run on AWS: its run record and its EMR steps with states and durations.
    #[command(
        after_help = "Examples:\n  pdmctl status production --correlation-id nightly-2024-03-01\n  pdmctl status qa --correlation-id qa-2024-03-01 --format json"
    )]
    Status(StatusArgs),
    /// Decide whether a failed cluster's run is relaunched, from an EventBridge
    /// "EMR Cluster State Change" event (DESIGN §2).
    #[command(
        after_help = "Only TERMINATED_WITH_ERRORS is acted on: the run record with the event's Cluster_Id is found \
and relaunched when its CurrentStep is not a step not to retry and its Run_Id is at most the environment's \
relaunch_max_retries. Every other event is ignored with a reason. A relaunch sets the record to FAILED at its \
CurrentStep and starts a new cluster as `pdmctl submit <ENV>` does (templates/), resuming the run at that step \
with Run_Id + 1 and the record's inputs; it prints the new cluster's id. With --dry-run it only decides. \
The exit status is 0 whatever the decision (1 if the relaunch's submit fails).\n\n\
Examples:\n  pdmctl relaunch production --event event.json\n  pdmctl relaunch production --event - --dry-run --format json < event.json"
    )]
    Relaunch(RelaunchArgs),
    /// The EMR bootstrap action: install a submitted bundle and this binary on the node, so the
    /// steps' `pdmctl stage` find both. Needs no pipelines.yaml.
    #[command(
        after_help = "Fetches the manifest and every file it lists from the config bucket, checks each sha256, and \
installs them under <HOME>/bundles/<manifest sha256>/ (atomically: a failure leaves no bundle folder), then \
copies this binary to <BIN_DIR>/pdmctl. A bundle already installed that verifies is not fetched again; one \
that does not is installed afresh. Region: the AWS chain (AWS_REGION, instance metadata), else eu-west-2.\n\n\
Examples:\n  sudo pdmctl bootstrap production --bundle s3://dataworks-config-production/pdm/manifests/<sha256>.json\n  \
pdmctl bootstrap qa --bundle s3://dataworks-config-qa/pdm/manifests/<sha256>.json --home /tmp/pdm --bin-dir /tmp/bin --format json"
    )]
    Bootstrap(BootstrapArgs),
    /// Query the local warehouse with SQL (Hive syntax and functions).
    #[cfg(feature = "engine")]
    #[command(
        after_help = "Examples:\n  pdmctl query local \"SELECT count(*) FROM uc_pdm_model.fact_claim\"\n  pdmctl query local \"SELECT * FROM uc.v_claims_by_site_month\" --format csv"
    )]
    Query(QueryArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

/// Run-level values; each is validated before it reaches a template.
#[derive(Args)]
pub struct RunArgs {
    /// Export date, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The ADG prefix to read (default: pipelines.yaml's s3_prefix).
    #[arg(long, value_name = "PREFIX")]
    pub s3_prefix: Option<String>,
    /// full or incremental (default: full).
    #[arg(long, value_name = "TYPE")]
    pub snapshot_type: Option<String>,
    /// Id of the run.
    #[arg(long, value_name = "ID")]
    pub correlation_id: Option<String>,
    /// Local data folder for the `local` environment (default: sample).
    #[arg(long, value_name = "DIR")]
    pub data: Option<String>,
}

impl RunArgs {
    /// The values, each checked against its pattern.
    pub fn values(&self) -> Result<RunValues> {
        RunValues::new(
            self.date.as_deref(),
            self.s3_prefix.as_deref(),
            self.snapshot_type.as_deref(),
            self.correlation_id.as_deref(),
            self.data.as_deref(),
        )
    }
}

/// `pdmctl stage` arguments.
#[derive(Args)]
pub struct StageArgs {
    /// Environment the bundle was rendered for.
    pub env: String,
    /// The step to run (a step name of the run, e.g. model, create-views-tables).
    pub step: String,
    /// Correlation id of the run.
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,
    /// Run_Id the step was submitted for; a step of an older run is refused.
    #[arg(long = "run-id", value_name = "N")]
    pub run_id: Option<u32>,
    /// The bundle's manifest in S3 (s3://<config_bucket>/pdm/manifests/<sha256>.json).
    #[arg(long, value_name = "URI")]
    pub manifest: String,
    /// Where bundles are installed.
    #[arg(long, env = "PDMCTL_HOME", default_value = crate::stage::bootstrap::DEFAULT_HOME, value_name = "DIR")]
    pub home: PathBuf,
    /// The Hive metrics file; copied to s3://<published_bucket>/metrics/pdm-metrics.json.
    #[arg(
        long,
        env = "PDMCTL_METRICS_FILE",
        default_value = "/var/log/hive/metrics.json",
        value_name = "FILE"
    )]
    pub metrics_file: PathBuf,
    /// What runs the HQL: the Hive CLI (on EMR) or the embedded engine.
    #[arg(long, value_enum, default_value_t = ExecutorKind::Hive)]
    pub executor: ExecutorKind,
    /// The Hive CLI program.
    #[arg(long, env = "PDMCTL_HIVE", default_value = "hive", value_name = "PROGRAM")]
    pub hive: PathBuf,
    /// Warehouse of the embedded engine (--executor engine).
    #[arg(long, value_name = "DIR")]
    pub warehouse: Option<PathBuf>,
    /// Correlation id as the deployed EMR launcher appends it on a relaunch.
    #[arg(long = "correlation_id", value_name = "ID")]
    pub launcher_correlation_id: Vec<String>,
    /// ADG prefix as the EMR launcher appends it (checked against the run record).
    #[arg(long = "s3_prefix", value_name = "PREFIX")]
    pub launcher_s3_prefix: Vec<String>,
    /// Snapshot type as the EMR launcher appends it (checked against the run record).
    #[arg(long = "snapshot_type", value_name = "TYPE")]
    pub launcher_snapshot_type: Vec<String>,
    /// Export date as the EMR launcher appends it (checked against the run record).
    #[arg(long = "export_date", value_name = "DATE")]
    pub launcher_export_date: Vec<String>,
}

/// The HQL executor of `pdmctl stage`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExecutorKind {
    /// `hive -f FILE`, one process per file (EMR).
    Hive,
    /// The embedded engine on a local warehouse (tests, trying a step on one machine).
    Engine,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Github,
}

#[derive(Args)]
pub struct RenderArgs {
    /// Environment from pipelines.yaml (development, qa, integration, preprod, production, local).
    pub env: String,
    /// Output folder (replaced atomically if it holds an earlier bundle).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args)]
pub struct PlanArgs {
    /// Environment from pipelines.yaml.
    pub env: String,
    /// Show what a resume at this step would run (earlier steps are skipped).
    #[arg(long, value_name = "STEP")]
    pub from: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args)]
pub struct LintArgs {
    /// Environment to lint (repeatable; default: all of pipelines.yaml).
    #[arg(long = "env", value_name = "ENV")]
    pub envs: Vec<String>,
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Explain a check code (e.g. PDM001) and exit.
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,
    /// Hive SQL files or folders to lint instead of the pipeline.
    pub paths: Vec<PathBuf>,
}

#[derive(Args)]
pub struct SampleArgs {
    /// Size: 1 (about 3,000 ADG documents) to 1000; ADG volumes grow linearly.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub scale: u32,
    /// Output folder (default: sample-data/scale-N). Replaced only if empty or an earlier sample.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Seed of the generator; another seed gives other data of the same shape.
    #[arg(long, value_name = "S", default_value_t = crate::sample::DEFAULT_SEED)]
    pub seed: u64,
}

#[derive(Args)]
pub struct SubmitArgs {
    /// Environment (`local` on this machine; the others on AWS).
    pub env: String,
    /// Running EMR cluster to add the steps to (AWS environments; default: create one from templates/).
    #[arg(long, value_name = "j-...")]
    pub cluster_id: Option<String>,
    /// Show what would be uploaded and submitted; write, upload and submit nothing (AWS).
    #[arg(long)]
    pub dry_run: bool,
    /// Follow the steps until they end (polling with backoff); exit 0 only if all COMPLETED (AWS).
    #[arg(long, conflicts_with = "dry_run")]
    pub wait: bool,
    /// Output of an AWS submit.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Folder of the local warehouse: tables, catalog, run records, metrics (`local` only).
    #[arg(long, value_name = "DIR", default_value = "warehouse")]
    pub warehouse: PathBuf,
    /// Start at this step (a new run or with --restart; a failed run resumes where it failed).
    #[arg(long, value_name = "STEP")]
    pub from: Option<String>,
    /// Run a COMPLETED or IN_PROGRESS correlation id again.
    #[arg(long)]
    pub restart: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args)]
pub struct StatusArgs {
    /// Environment from pipelines.yaml (its region and run-record table are used).
    pub env: String,
    /// Id of the run.
    #[arg(long, value_name = "ID")]
    pub correlation_id: String,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Args)]
pub struct RelaunchArgs {
    /// Environment from pipelines.yaml.
    pub env: String,
    /// The event as EventBridge delivers it (JSON), or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    pub event: PathBuf,
    /// A step whose failure is not relaunched (repeatable; default: collect-metrics).
    #[arg(long = "no-retry-step", value_name = "STEP")]
    pub no_retry_steps: Vec<String>,
    /// Decide and print; write nothing, start no cluster.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Args)]
pub struct BootstrapArgs {
    /// Environment the bundle was submitted for (checked against its manifest).
    pub env: String,
    /// The bundle's manifest, s3://<config_bucket>/pdm/manifests/<sha256>.json.
    #[arg(long, value_name = "S3_URI")]
    pub bundle: String,
    /// Where bundles are installed.
    #[arg(long, value_name = "DIR", default_value = crate::stage::bootstrap::DEFAULT_HOME, env = "PDMCTL_HOME")]
    pub home: PathBuf,
    /// Where the binary is installed (on the steps' PATH).
    #[arg(long, value_name = "DIR", default_value = crate::stage::bootstrap::DEFAULT_BIN_DIR, env = "PDMCTL_BIN_DIR")]
    pub bin_dir: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[cfg(feature = "engine")]
#[derive(Args)]
pub struct QueryArgs {
    /// Environment (`local`).
    pub env: String,
    /// The query.
    pub sql: String,
    #[arg(long, value_name = "DIR", default_value = "warehouse")]
    pub warehouse: PathBuf,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}
