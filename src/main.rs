//! The `pdmctl` command line: parses arguments and calls the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use pdmctl::error::Error;
use pdmctl::run_values::RunValues;
use pdmctl::Project;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pdmctl",
    version,
    about = "Build the PDM Hive dataset on AWS EMR: render, plan and run templated HQL pipelines",
    after_help = "Examples:\n  pdmctl plan development\n  pdmctl render production --date 2024-03-01 --out dist/production"
)]
struct Cli {
    /// The pipeline definition; stage templates are read from sql/ beside it.
    #[arg(long, global = true, default_value = "pipelines.yaml", env = "PDMCTL_CONFIG")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)]
enum Command {
    /// Render every stage of an environment into a bundle: HQL files plus manifest.json, and for
    /// AWS environments the cluster a first run would get (cluster/run-job-flow.json, cluster/bootstrap.sh).
    #[command(
        after_help = "Examples:\n  pdmctl render development\n  pdmctl render production --date 2024-03-01 --s3-prefix analytical-dataset/full/2024-03-01 --out dist/prod"
    )]
    Render {
        /// Environment from pipelines.yaml (development, qa, integration, preprod, production, local).
        env: String,
        /// Output folder (replaced atomically if it holds an earlier bundle).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Show the ordered steps with their policies and the files of each stage in dependency levels.
    #[command(
        after_help = "Examples:\n  pdmctl plan production\n  pdmctl plan qa --from model\n  pdmctl plan local --format json"
    )]
    Plan {
        /// Environment from pipelines.yaml.
        env: String,
        /// Show what a resume at this step would run (earlier steps are skipped).
        #[arg(long, value_name = "STEP")]
        from: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Lint the pipeline (every environment, or those given) or plain Hive SQL files and folders.
    #[command(
        after_help = "Without PATH the pipeline's templates are rendered for each environment and checked; \
with PATHs, .sql/.hql/.q files (folders recursively) are checked as plain Hive SQL.\n\
Exit status: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 usage or configuration error.\n\n\
Examples:\n  pdmctl lint\n  pdmctl lint --env production --format github\n  pdmctl lint scripts/ etl/load.hql\n  pdmctl lint --explain PDM005"
    )]
    Lint {
        /// Environment to lint (repeatable; default: all of pipelines.yaml).
        #[arg(long = "env", value_name = "ENV")]
        envs: Vec<String>,
        #[arg(long, value_enum, default_value_t = LintFormat::Human)]
        format: LintFormat,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Explain a check code (e.g. PDM001) and exit.
        #[arg(long, value_name = "CODE")]
        explain: Option<String>,
        /// Hive SQL files or folders to lint instead of the pipeline.
        paths: Vec<PathBuf>,
    },
    /// Write synthetic input data (ADG collections, dictionary, Crown exports), the same bytes
    /// for the same scale and seed. Scale 1 is the sample shipped in sample/.
    #[command(
        after_help = "Examples:\n  pdmctl sample --scale 10\n  pdmctl sample --scale 100 --out /tmp/s100\n  pdmctl sample --scale 1 --out sample   # regenerate the shipped sample"
    )]
    Sample {
        /// Size: 1 (about 3,000 ADG documents) to 1000; ADG volumes grow linearly.
        #[arg(long, value_name = "N", default_value_t = 1)]
        scale: u32,
        /// Output folder (default: sample-data/scale-N). Replaced only if empty or an earlier sample.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Seed of the generator; another seed gives other data of the same shape.
        #[arg(long, value_name = "S", default_value_t = pdmctl::sample::DEFAULT_SEED)]
        seed: u64,
    },
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
    Submit {
        /// Environment (`local` on this machine; the others on AWS).
        env: String,
        /// Running EMR cluster to add the steps to (AWS environments; default: create one from templates/).
        #[arg(long, value_name = "j-...")]
        cluster_id: Option<String>,
        /// Show what would be uploaded and submitted; write, upload and submit nothing (AWS).
        #[arg(long)]
        dry_run: bool,
        /// Follow the steps until they end (polling with backoff); exit 0 only if all COMPLETED (AWS).
        #[arg(long)]
        wait: bool,
        /// Output of an AWS submit.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Folder of the local warehouse: tables, catalog, run records, metrics (`local` only).
        #[arg(long, value_name = "DIR", default_value = "warehouse")]
        warehouse: PathBuf,
        /// Start at this step (a new run or with --restart; a failed run resumes where it failed).
        #[arg(long, value_name = "STEP")]
        from: Option<String>,
        /// Run a COMPLETED or IN_PROGRESS correlation id again.
        #[arg(long)]
        restart: bool,
        #[command(flatten)]
        run: RunArgs,
    },
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
    Status {
        /// Environment from pipelines.yaml (its region and run-record table are used).
        env: String,
        /// Id of the run.
        #[arg(long, value_name = "ID")]
        correlation_id: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
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
    Relaunch {
        /// Environment from pipelines.yaml.
        env: String,
        /// The event as EventBridge delivers it (JSON), or `-` for standard input.
        #[arg(long, value_name = "FILE|-")]
        event: PathBuf,
        /// A step whose failure is not relaunched (repeatable; default: collect-metrics).
        #[arg(long = "no-retry-step", value_name = "STEP")]
        no_retry_steps: Vec<String>,
        /// Decide and print; write nothing, start no cluster.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
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
    Bootstrap {
        /// Environment the bundle was submitted for (checked against its manifest).
        env: String,
        /// The bundle's manifest, s3://<config_bucket>/pdm/manifests/<sha256>.json.
        #[arg(long, value_name = "S3_URI")]
        bundle: String,
        /// Where bundles are installed.
        #[arg(long, value_name = "DIR", default_value = pdmctl::bootstrap::DEFAULT_HOME, env = "PDMCTL_HOME")]
        home: PathBuf,
        /// Where the binary is installed (on the steps' PATH).
        #[arg(long, value_name = "DIR", default_value = pdmctl::bootstrap::DEFAULT_BIN_DIR, env = "PDMCTL_BIN_DIR")]
        bin_dir: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Query the local warehouse with SQL (Hive syntax and functions).
    #[cfg(feature = "engine")]
    #[command(
        after_help = "Examples:\n  pdmctl query local \"SELECT count(*) FROM uc_pdm_model.fact_claim\"\n  pdmctl query local \"SELECT * FROM uc.v_claims_by_site_month\" --format csv"
    )]
    Query {
        /// Environment (`local`).
        env: String,
        /// The query.
        sql: String,
        #[arg(long, value_name = "DIR", default_value = "warehouse")]
        warehouse: PathBuf,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Table,
    Csv,
    Json,
}

/// Run-level values; each is validated before it reaches a template.
#[derive(Args)]
struct RunArgs {
    /// Export date, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// The ADG prefix to read (default: pipelines.yaml's s3_prefix).
    #[arg(long, value_name = "PREFIX")]
    s3_prefix: Option<String>,
    /// full or incremental (default: full).
    #[arg(long, value_name = "TYPE")]
    snapshot_type: Option<String>,
    /// Id of the run.
    #[arg(long, value_name = "ID")]
    correlation_id: Option<String>,
    /// Local data folder for the `local` environment (default: sample).
    #[arg(long, value_name = "DIR")]
    data: Option<String>,
}

impl RunArgs {
    fn values(&self) -> Result<RunValues, Error> {
        RunValues::new(
            self.date.as_deref(),
            self.s3_prefix.as_deref(),
            self.snapshot_type.as_deref(),
            self.correlation_id.as_deref(),
            self.data.as_deref(),
        )
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Render { env, out, run } => {
            let run = run.values()?;
            let project = Project::load(&cli.config)?;
            // Planning catches SQL that would only fail on the cluster, and the manifest gets
            // the file dependencies the cluster runs by.
            let (bundle, _) = project.plan(&env, &run, None)?;
            // Rendered before anything is written, so a template error leaves the output as it was.
            let cluster = cluster_preview(&project, &env, &run, &bundle)?;
            let out = out.unwrap_or_else(|| PathBuf::from("dist").join(&env));
            bundle.write(&out)?;
            if let Some(c) = &cluster {
                c.write(&out)?;
            }
            println!(
                "rendered {} files for `{env}` into {}{}",
                bundle.files.len(),
                out.display(),
                if cluster.is_some() {
                    " (and the cluster request under cluster/)"
                } else {
                    ""
                }
            );
        }
        Command::Plan { env, from, format, run } => {
            let run = run.values()?;
            let project = Project::load(&cli.config)?;
            let (_, plan) = project.plan(&env, &run, from.as_deref())?;
            match format {
                Format::Human => print!("{}", plan.to_human()),
                Format::Json => println!("{}", serde_json::to_string_pretty(&plan.to_json()).expect("plain JSON")),
            }
        }
        Command::Lint {
            envs,
            format,
            deny_warnings,
            explain,
            paths,
        } => lint(&cli.config, &envs, format, deny_warnings, explain.as_deref(), &paths)?,
        Command::Sample { scale, out, seed } => {
            let out = out.unwrap_or_else(|| PathBuf::from(format!("sample-data/scale-{scale}")));
            let written = pdmctl::sample::generate(scale, seed, &out)?;
            let total: usize = written.iter().map(|w| w.documents).sum();
            println!(
                "wrote {total} documents (scale {scale}, seed {seed}) into {}",
                out.display()
            );
            for w in &written {
                println!("  {:<28} {:>9} documents in {} file(s)", w.folder, w.documents, w.files);
            }
        }
        Command::Submit {
            env,
            cluster_id,
            dry_run,
            wait,
            format,
            warehouse,
            from,
            restart,
            run,
        } => {
            let run = run.values()?;
            if env == "local" {
                if cluster_id.is_some() || dry_run || wait || matches!(format, Format::Json) {
                    return Err(Error::input(
                        "<ENV>",
                        "--cluster-id, --dry-run, --wait and --format apply to the AWS environments, not `local`",
                    ));
                }
                return submit_local(&cli.config, &run, warehouse, from, restart);
            }
            let project = Project::load(&cli.config)?;
            let options = pdmctl::submit::SubmitOptions {
                env,
                cluster_id,
                from,
                restart,
                dry_run,
            };
            if wait && dry_run {
                return Err(Error::input("--wait", "a dry run submits nothing to wait for"));
            }
            let report = pdmctl::submit::submit(&project, &cli.config, &run, &options)?;
            match format {
                Format::Human => print!("{}", report.to_human()),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report.to_json()).expect("plain JSON")
                ),
            }
            if wait {
                pdmctl::wait::wait_for_submit(&project, &report)?;
            }
        }
        Command::Stage(args) => {
            let (executor, hive, warehouse) = (args.executor, args.hive.clone(), args.warehouse.clone());
            let options = stage_options(args)?;
            let make = move |dir: &std::path::Path,
                             _bundle: &pdmctl::bundle::Bundle|
                  -> Result<Box<dyn pdmctl::executor::HqlExecutor>, Error> {
                make_executor(executor, &hive, warehouse.as_deref(), dir)
            };
            let aws = pdmctl::aws::Aws::connect(pdmctl::stage::DEFAULT_REGION)?;
            let report = pdmctl::stage::run(&aws, &options, &make)?;
            print!("{}", report.to_human());
        }
        Command::Status {
            env,
            correlation_id,
            format,
        } => {
            pdmctl::run_values::validate_correlation_id(&correlation_id)
                .map_err(|m| Error::input("--correlation-id", m))?;
            let project = Project::load(&cli.config)?;
            let report = pdmctl::status::status(&project, &env, &correlation_id)?;
            match format {
                Format::Human => print!("{}", report.to_human()),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report.to_json()).expect("plain JSON")
                ),
            }
        }
        Command::Relaunch {
            env,
            event,
            no_retry_steps,
            dry_run,
            format,
        } => {
            let text = if event.as_os_str() == "-" {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                    .map_err(|e| Error::io(std::path::Path::new("<stdin>"), e))?;
                text
            } else {
                std::fs::read_to_string(&event).map_err(|e| Error::io(&event, e))?
            };
            let no_retry = if no_retry_steps.is_empty() {
                pdmctl::relaunch::DEFAULT_STEPS_NOT_TO_RETRY
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            } else {
                no_retry_steps
            };
            let project = Project::load(&cli.config)?;
            let report = pdmctl::relaunch::relaunch(&project, &cli.config, &env, &text, &no_retry, dry_run)?;
            match format {
                Format::Human => print!("{}", report.to_human()),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report.to_json()).expect("plain JSON")
                ),
            }
        }
        Command::Bootstrap {
            env,
            bundle,
            home,
            bin_dir,
            format,
        } => {
            // The URI is checked before any AWS set-up.
            pdmctl::bootstrap::bundle_dir(&home, &bundle)?;
            let aws = pdmctl::aws::Aws::connect(pdmctl::bootstrap::DEFAULT_REGION)?;
            let report = pdmctl::bootstrap::bootstrap(&aws, &env, &bundle, &home, &bin_dir)?;
            match format {
                Format::Human => print!("{}", report.to_human()),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report.to_json()).expect("plain JSON")
                ),
            }
        }
        #[cfg(feature = "engine")]
        Command::Query {
            env,
            sql,
            warehouse,
            format,
        } => {
            if env != pdmctl::local::LOCAL_ENV {
                return Err(Error::input(
                    "<ENV>",
                    format!("`{env}`: only the local warehouse can be queried"),
                ));
            }
            if !warehouse.join("catalog.json").is_file() {
                return Err(Error::input(
                    "--warehouse",
                    format!(
                        "{} holds no warehouse yet; run `pdmctl submit local` first",
                        warehouse.display()
                    ),
                ));
            }
            let engine = pdmctl::engine::Engine::open(&warehouse)?;
            let (schema, batches) = engine.query(&sql)?;
            let text = match format {
                TableFormat::Table => pdmctl::engine::output::table(&schema, &batches),
                TableFormat::Csv => pdmctl::engine::output::csv(&schema, &batches),
                TableFormat::Json => pdmctl::engine::output::json(&schema, &batches),
            };
            print!("{text}");
        }
    }
    Ok(())
}

/// `pdmctl stage` arguments.
#[derive(Args)]
struct StageArgs {
    /// Environment the bundle was rendered for.
    env: String,
    /// The step to run (a step name of the run, e.g. model, create-views-tables).
    step: String,
    /// Correlation id of the run.
    #[arg(long, value_name = "ID")]
    run: Option<String>,
    /// Run_Id the step was submitted for; a step of an older run is refused.
    #[arg(long = "run-id", value_name = "N")]
    run_id: Option<u32>,
    /// The bundle's manifest in S3 (s3://<config_bucket>/pdm/manifests/<sha256>.json).
    #[arg(long, value_name = "URI")]
    manifest: String,
    /// Where bundles are installed.
    #[arg(long, env = "PDMCTL_HOME", default_value = pdmctl::bootstrap::DEFAULT_HOME, value_name = "DIR")]
    home: PathBuf,
    /// The Hive metrics file; copied to s3://<published_bucket>/metrics/pdm-metrics.json.
    #[arg(
        long,
        env = "PDMCTL_METRICS_FILE",
        default_value = "/var/log/hive/metrics.json",
        value_name = "FILE"
    )]
    metrics_file: PathBuf,
    /// What runs the HQL: the Hive CLI (on EMR) or the embedded engine.
    #[arg(long, value_enum, default_value_t = ExecutorKind::Hive)]
    executor: ExecutorKind,
    /// The Hive CLI program.
    #[arg(long, env = "PDMCTL_HIVE", default_value = "hive", value_name = "PROGRAM")]
    hive: PathBuf,
    /// Warehouse of the embedded engine (--executor engine).
    #[arg(long, value_name = "DIR")]
    warehouse: Option<PathBuf>,
    /// Correlation id as the deployed EMR launcher appends it on a relaunch.
    #[arg(long = "correlation_id", value_name = "ID")]
    launcher_correlation_id: Vec<String>,
    /// ADG prefix as the EMR launcher appends it (checked against the run record).
    #[arg(long = "s3_prefix", value_name = "PREFIX")]
    launcher_s3_prefix: Vec<String>,
    /// Snapshot type as the EMR launcher appends it (checked against the run record).
    #[arg(long = "snapshot_type", value_name = "TYPE")]
    launcher_snapshot_type: Vec<String>,
    /// Export date as the EMR launcher appends it (checked against the run record).
    #[arg(long = "export_date", value_name = "DATE")]
    launcher_export_date: Vec<String>,
}

/// The HQL executor of `pdmctl stage`.
#[derive(Clone, Copy, ValueEnum)]
enum ExecutorKind {
    /// `hive -f FILE`, one process per file (EMR).
    Hive,
    /// The embedded engine on a local warehouse (tests, trying a step on one machine).
    Engine,
}

fn stage_options(args: StageArgs) -> Result<pdmctl::stage::StageOptions, Error> {
    use pdmctl::run_values::{validate_correlation_id, validate_date, validate_s3_prefix, validate_snapshot_type};
    // The EMR launcher appends its four flags to arguments that may already hold them: the
    // last of each wins, and every one must be valid.
    let StageArgs {
        env,
        step,
        run,
        run_id,
        manifest,
        home,
        metrics_file,
        launcher_correlation_id: cids,
        launcher_s3_prefix: prefixes,
        launcher_snapshot_type: types,
        launcher_export_date: dates,
        ..
    } = args;
    for c in &cids {
        validate_correlation_id(c).map_err(|m| Error::input("--correlation_id", m))?;
    }
    for d in &dates {
        validate_date(d).map_err(|m| Error::input("--export_date", m))?;
    }
    for p in &prefixes {
        validate_s3_prefix(p).map_err(|m| Error::input("--s3_prefix", m))?;
    }
    for t in &types {
        validate_snapshot_type(t).map_err(|m| Error::input("--snapshot_type", m))?;
    }
    let correlation_id = match (run, cids.last()) {
        (Some(r), Some(c)) if &r != c => {
            return Err(Error::input(
                "--correlation_id",
                format!("`{c}` differs from --run `{r}`"),
            ))
        }
        (Some(r), _) => r,
        (None, Some(c)) => c.clone(),
        (None, None) => return Err(Error::input("--run", "the run's correlation id is required")),
    };
    validate_correlation_id(&correlation_id).map_err(|m| Error::input("--run", m))?;
    pdmctl::pipeline::check_step_name(&step).map_err(|m| Error::input("<STEP>", m))?;
    Ok(pdmctl::stage::StageOptions {
        env,
        step,
        correlation_id,
        run_id,
        manifest_uri: manifest,
        home,
        metrics_file,
        cluster_id: pdmctl::stage::this_cluster(),
        export_date: dates.last().cloned(),
        s3_prefix: prefixes.last().cloned(),
        snapshot_type: types.last().cloned(),
    })
}

fn make_executor(
    kind: ExecutorKind,
    hive: &std::path::Path,
    warehouse: Option<&std::path::Path>,
    bundle_dir: &std::path::Path,
) -> Result<Box<dyn pdmctl::executor::HqlExecutor>, Error> {
    match kind {
        ExecutorKind::Hive => {
            // Hive reads files: the installed bundle stays as verified, and the SQL pdmctl
            // generates (create-views-tables) goes to a work folder beside it.
            let name = bundle_dir.file_name().unwrap_or_default();
            let home = bundle_dir
                .parent()
                .and_then(std::path::Path::parent)
                .unwrap_or(bundle_dir);
            let work = home.join("work").join(name);
            Ok(Box::new(pdmctl::hive_cli::HiveCli::new(hive, work)?))
        }
        #[cfg(feature = "engine")]
        ExecutorKind::Engine => {
            let warehouse = warehouse.ok_or_else(|| Error::input("--warehouse", "required with --executor engine"))?;
            Ok(Box::new(pdmctl::engine::Engine::open(warehouse)?))
        }
        #[cfg(not(feature = "engine"))]
        ExecutorKind::Engine => {
            let _ = warehouse;
            Err(Error::input(
                "--executor",
                "this pdmctl was built without the embedded engine (--no-default-features)",
            ))
        }
    }
}

/// The cluster request `render` writes beside the bundle (AWS environments of projects with
/// templates/).
fn cluster_preview(
    project: &Project,
    env: &str,
    run: &RunValues,
    bundle: &pdmctl::bundle::Bundle,
) -> Result<Option<pdmctl::cluster::ClusterLaunch>, Error> {
    use pdmctl::cluster::ClusterTemplates;
    if env == "local" || !ClusterTemplates::present(&project.pipeline) {
        return Ok(None);
    }
    let templates = ClusterTemplates::load(&project.pipeline)?;
    let environment = project.pipeline.environment(env)?;
    let correlation_id = run
        .correlation_id
        .clone()
        .unwrap_or_else(|| pdmctl::submit::default_correlation_id(env, run));
    templates.first_run(environment, run, bundle, &correlation_id).map(Some)
}

#[cfg(feature = "engine")]
fn submit_local(
    config: &std::path::Path,
    run: &RunValues,
    warehouse: PathBuf,
    from: Option<String>,
    restart: bool,
) -> Result<(), Error> {
    let project = Project::load(config)?;
    let options = pdmctl::local::LocalOptions {
        warehouse,
        from,
        restart,
    };
    let summary = pdmctl::local::submit(
        &project,
        run,
        &options,
        pdmctl::local::ProgressBars::for_stderr().as_ref(),
    )?;
    print!("{}", summary.to_human());
    Ok(())
}

#[cfg(not(feature = "engine"))]
fn submit_local(
    _config: &std::path::Path,
    _run: &RunValues,
    _warehouse: PathBuf,
    _from: Option<String>,
    _restart: bool,
) -> Result<(), Error> {
    Err(Error::input(
        "<ENV>",
        "`local` needs the embedded engine, which this build leaves out (built with --no-default-features); build with the default features",
    ))
}

#[derive(Clone, Copy, ValueEnum)]
enum LintFormat {
    Human,
    Json,
    Github,
}

/// Prints the lint report and exits 1 when it fails (usage and config errors return as errors: 2).
fn lint(
    config: &std::path::Path,
    envs: &[String],
    format: LintFormat,
    deny_warnings: bool,
    explain: Option<&str>,
    paths: &[PathBuf],
) -> Result<(), Error> {
    use pdmctl::lint;
    use std::io::{IsTerminal, Write};
    if let Some(code) = explain {
        let codes: Vec<&str> = lint::CHECKS.iter().map(|c| c.code).collect();
        let text = lint::explain(code).ok_or_else(|| {
            Error::input(
                "--explain",
                format!("unknown code `{code}` (codes: {})", codes.join(", ")),
            )
        })?;
        print!("{text}");
        return Ok(());
    }
    let report = if paths.is_empty() {
        lint::lint_pipeline(config, envs)?
    } else {
        lint::lint_paths(paths)?
    };
    let text = match format {
        LintFormat::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            report.to_human(color)
        }
        LintFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report.to_json()).expect("plain JSON")
        ),
        LintFormat::Github => report.to_github(),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    let code = report.exit_code(deny_warnings);
    if code != 0 {
        std::process::exit(code);
    }
    Ok(())
}
