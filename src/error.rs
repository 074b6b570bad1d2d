//! Typed errors of the library. Each one prints as a single line; the ones about a file carry
//! its location as `file:line:col` so editors and CI annotations can jump to it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a file, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// pipelines.yaml is malformed or inconsistent.
    #[error("{location}: {message}")]
    Config { location: Location, message: String },
    /// A template cannot be rendered (syntax, undefined variable).
    #[error("{location}: {message}")]
    Template { location: Location, message: String },
    /// A rendered statement does not parse.
    #[error("{location}: {message}")]
    Sql { location: Location, message: String },
    /// The files of the pipeline cannot be ordered (cycle, duplicate writer, missing input).
    #[error("{location}: {message}")]
    Plan { location: Location, message: String },
    /// A step of a run failed; `message` says where and why.
    #[error("step `{step}` failed: {message}")]
    Step { step: String, message: String },
    /// A command-line value is invalid; `flag` names the option or argument.
    #[error("{flag}: {message}")]
    Input { flag: String, message: String },
    /// A pipeline variable is missing or unusable where it is used (a bucket, a URL, a number).
    #[error("variable {name}: {message}")]
    Variable { name: String, message: String },
    /// The run's state refuses what was asked: another submit or cluster won the race, the run
    /// is COMPLETED or IN_PROGRESS, a newer run owns the record, the step is stale or of another
    /// run. `flag` names what would change the answer (`--restart`, `--correlation-id`, ...).
    #[error("{flag}: {message}")]
    Refused { flag: String, message: String },
    /// A submit failed after it claimed the run; `message` says what failed, what was undone
    /// and where the run record was left.
    #[error("submit `{correlation_id}`: {message}")]
    Submit { correlation_id: String, message: String },
    /// An AWS call failed; `operation` names the service call and its target.
    #[error("{operation}: {message}")]
    Aws { operation: String, message: String },
    /// A bundle manifest is not what it must be (malformed, a path leaving the bundle, a file
    /// or the manifest itself not matching its sha256); `origin` is the file or S3 object.
    #[error("{origin}: {message}")]
    Manifest { origin: String, message: String },
    /// A file or folder could not be read or written.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// Hive failed on a file. `message` is Hive's most telling stderr line (its `FAILED:` line
    /// where there is one); `tail` keeps the last stderr lines for the log, see [`Error::detail`].
    #[error("{file}: Hive {status}: {message}")]
    Hive {
        file: String,
        status: ExitStatus,
        message: String,
        tail: Vec<String>,
    },
}

/// How a child process ended when it did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Code(i32),
    Signal(i32),
}

impl fmt::Display for ExitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExitStatus::Code(code) => write!(f, "exited with code {code}"),
            ExitStatus::Signal(signal) => write!(f, "was killed by signal {signal}"),
        }
    }
}

impl Error {
    pub fn input(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            flag: flag.into(),
            message: message.into(),
        }
    }

    pub fn variable(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Variable {
            name: name.into(),
            message: message.into(),
        }
    }

    pub fn refused(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Refused {
            flag: flag.into(),
            message: message.into(),
        }
    }

    pub fn io(path: &Path, err: impl fmt::Display) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    }

    pub fn aws(operation: impl Into<String>, message: impl fmt::Display) -> Self {
        Error::Aws {
            operation: operation.into(),
            message: message.to_string(),
        }
    }

    /// More than the one line: the last stderr lines of a failed Hive run, for the log.
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::Hive { tail, .. } if !tail.is_empty() => Some(tail.join("\n")),
            _ => None,
        }
    }

    /// Usage and input mistakes exit with 2; failures of the work, and refusals of the run's
    /// state, with 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Config { .. } | Error::Input { .. } | Error::Variable { .. } => 2,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
