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
enum Command {
    /// Render every stage of an environment into a bundle: HQL files plus manifest.json.
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
            let bundle = project.render(&env, &run)?;
            // Analysis catches SQL that would only fail on the cluster.
            project.analyse(&bundle)?;
            let out = out.unwrap_or_else(|| PathBuf::from("dist").join(&env));
            bundle.write(&out)?;
            println!(
                "rendered {} files for `{env}` into {}",
                bundle.files.len(),
                out.display()
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
    }
    Ok(())
}
