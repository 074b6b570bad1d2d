//! The executor used on EMR: the Hive CLI, one process per file (`hive [args] -f <file>`).
//! Hive reads files, not text, so every file is first put under the work folder; this also
//! covers the SQL that pdmctl generates (create-views-tables), which is on no disk.

use crate::bundle::BundleFile;
use crate::error::{Error, ExitStatus, Result};
use crate::stage::executor::HqlExecutor;
use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

/// How many stderr lines a failure keeps for the log.
pub const TAIL_LINES: usize = 20;
/// Longer stderr lines are cut: a failure message is at the start, and the tail stays small.
const MAX_LINE_CHARS: usize = 1000;

#[derive(Debug, Clone)]
pub struct HiveCli {
    program: PathBuf,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    work_dir: PathBuf,
}

impl HiveCli {
    /// `program` is a path or a name looked up on PATH; it must exist now, so that a stage
    /// stops before its first file rather than failing every file. Files are written under
    /// `work_dir` at their bundle paths.
    pub fn new(program: impl Into<PathBuf>, work_dir: impl Into<PathBuf>) -> Result<HiveCli> {
        let program = program.into();
        let resolved = find_program(&program).ok_or_else(|| not_found(&program))?;
        Ok(HiveCli {
            program: resolved,
            args: Vec::new(),
            envs: Vec::new(),
            work_dir: work_dir.into(),
        })
    }

    /// Adds arguments given to Hive before `-f <file>`, in order.
    pub fn args<I, S>(mut self, args: I) -> HiveCli
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Adds `--hiveconf key=value`.
    pub fn hiveconf(self, key: &str, value: &str) -> HiveCli {
        self.args(["--hiveconf".to_string(), format!("{key}={value}")])
    }

    /// Adds `-i <file>`: an HQL file Hive runs before each file (settings, jars).
    pub fn init_file(self, path: impl Into<PathBuf>) -> HiveCli {
        self.args([OsString::from("-i"), path.into().into_os_string()])
    }

    /// Sets an environment variable of every Hive process (HADOOP_HEAPSIZE, HIVE_OPTS, ...),
    /// leaving pdmctl's own environment alone.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> HiveCli {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// The program that runs, resolved on PATH.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Where a bundle file is put for Hive to read.
    pub fn script_path(&self, file: &BundleFile) -> Result<PathBuf> {
        let relative = Path::new(&file.path);
        // Bundle paths are `<stage>/<file>.hql`; anything that could escape the work folder is a bug.
        if relative.as_os_str().is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::io(relative, "not a relative bundle path"));
        }
        Ok(self.work_dir.join(relative))
    }

    /// Writes the file's content unless the same bytes are already there (a bundle synced
    /// from S3), through a temporary file so Hive never reads half a file.
    fn materialise(&self, file: &BundleFile) -> Result<PathBuf> {
        let path = self.script_path(file)?;
        if std::fs::read(&path).is_ok_and(|on_disk| on_disk == file.content.as_bytes()) {
            return Ok(path);
        }
        let dir = path.parent().unwrap_or(&self.work_dir);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        // Unique per write, in case two pdmctl processes or threads share the work folder.
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let mut tmp = path.clone().into_os_string();
        tmp.push(format!(
            ".tmp-{}-{}",
            std::process::id(),
            WRITES.fetch_add(1, Ordering::Relaxed)
        ));
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, &file.content).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }
}

impl HqlExecutor for HiveCli {
    fn run_file(&self, file: &BundleFile) -> Result<()> {
        let script = self.materialise(file)?;
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .arg("-f")
            .arg(&script)
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            // Query results; a stage's HQL writes tables and prints nothing worth keeping.
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => not_found(&self.program),
                _ => Error::io(&self.program, e),
            })?;
        // Read as it comes, keeping only the end: Hive's stderr can run to megabytes of logs.
        let stderr = child.stderr.take().expect("stderr is piped");
        let tail = StderrTail::read(BufReader::new(stderr));
        let status = child.wait().map_err(|e| Error::io(&self.program, e))?;
        if status.success() {
            return Ok(());
        }
        Err(Error::Hive {
            file: file.path.clone(),
            status: exit_status(&status),
            message: tail.message(),
            tail: tail.lines.into(),
        })
    }
}

/// The end of Hive's stderr, and the lines that explain a failure, which may be further up.
#[derive(Debug, Default)]
struct StderrTail {
    lines: VecDeque<String>,
    /// Hive's last `FAILED: ...` line.
    failed: Option<String>,
    /// The last line that is neither indented (stack frames, the option list of Hive's usage)
    /// nor the `usage:` header: what Hive or the JVM said before the details.
    telling: Option<String>,
}

impl StderrTail {
    fn read(mut reader: impl BufRead) -> StderrTail {
        let mut tail = StderrTail::default();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => tail.push(&String::from_utf8_lossy(&buf)),
            }
        }
        tail
    }

    fn push(&mut self, line: &str) {
        let line = line.trim_end();
        if line.trim().is_empty() {
            return;
        }
        let line: String = line.chars().take(MAX_LINE_CHARS).collect();
        // Log4j may prefix it (`... ERROR ql.Driver: FAILED: ...`): keep the part Hive wrote.
        if let Some(at) = line.find("FAILED:") {
            self.failed = Some(line[at..].to_string());
        }
        if !line.starts_with(char::is_whitespace) && !line.starts_with("usage:") {
            self.telling = Some(line.clone());
        }
        if self.lines.len() == TAIL_LINES {
            self.lines.pop_front();
        }
        self.lines.push_back(line);
    }

    /// The line that says why: Hive's `FAILED:` line, else the last telling line, else the last.
    fn message(&self) -> String {
        self.failed
            .clone()
            .or_else(|| self.telling.clone())
            .or_else(|| self.lines.back().map(|l| l.trim().to_string()))
            .unwrap_or_else(|| "nothing on stderr".to_string())
    }
}

fn exit_status(status: &std::process::ExitStatus) -> ExitStatus {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return ExitStatus::Signal(signal);
        }
    }
    ExitStatus::Code(status.code().unwrap_or(-1))
}

fn not_found(program: &Path) -> Error {
    let where_ = if program.components().count() > 1 {
        "no such executable file"
    } else {
        "not found on PATH"
    };
    Error::input(
        "--hive",
        format!(
            "Hive program `{}`: {where_}; install the Hive CLI or point --hive (or PDMCTL_HIVE) at it",
            program.display()
        ),
    )
}

/// A path with a folder is taken as is; a bare name is looked up on PATH, as the OS would.
fn find_program(program: &Path) -> Option<PathBuf> {
    if program.as_os_str().is_empty() {
        return None;
    }
    if program.components().count() > 1 {
        return is_executable(program).then(|| program.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail_of(text: &str) -> StderrTail {
        StderrTail::read(text.as_bytes())
    }

    #[test]
    fn the_failed_line_wins_over_later_lines() {
        let tail = tail_of(
            "Hive Session ID = 1\n2024-03-01 ERROR ql.Driver: FAILED: SemanticException [Error 10001]: Line 1:14 Table not found 'x'\n\nShutting down\n",
        );
        assert_eq!(
            tail.message(),
            "FAILED: SemanticException [Error 10001]: Line 1:14 Table not found 'x'"
        );
        assert_eq!(tail.lines.len(), 3, "blank lines are dropped");
    }

    #[test]
    fn without_a_failed_line_the_last_line_explains() {
        let tail = tail_of("starting\nCould not open input file for reading. (File file:/x does not exist)\n");
        assert_eq!(
            tail.message(),
            "Could not open input file for reading. (File file:/x does not exist)"
        );
        assert_eq!(tail_of("").message(), "nothing on stderr");
    }

    #[test]
    fn usage_lists_and_stack_frames_do_not_explain() {
        let usage = tail_of(
            "Unrecognized option: --bogus\nusage: hive\n -d,--define <key=value>  Variable\n    --database <name>\n",
        );
        assert_eq!(usage.message(), "Unrecognized option: --bogus");
        let trace = tail_of(
            "Exception in thread \"main\" java.lang.RuntimeException: boom\n\tat a.B.c(B.java:1)\nCaused by: java.io.IOException: disk full\n\tat d.E.f(E.java:2)\n\t... 5 more\n",
        );
        assert_eq!(trace.message(), "Caused by: java.io.IOException: disk full");
    }

    #[test]
    fn only_the_last_lines_are_kept() {
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let tail = tail_of(&text);
        assert_eq!(tail.lines.len(), TAIL_LINES);
        assert_eq!(tail.lines.front().map(String::as_str), Some("line 80"));
        assert_eq!(tail.message(), "line 99");
    }

    #[test]
    fn a_path_that_could_escape_the_work_folder_is_refused() {
        let hive = HiveCli {
            program: PathBuf::from("hive"),
            args: Vec::new(),
            envs: Vec::new(),
            work_dir: PathBuf::from("/tmp/w"),
        };
        let file = |path: &str| BundleFile {
            path: path.to_string(),
            stage: String::new(),
            template: String::new(),
            content: String::new(),
            sha256: String::new(),
            variables: Default::default(),
        };
        assert!(hive.script_path(&file("../x.hql")).is_err());
        assert!(hive.script_path(&file("/etc/x.hql")).is_err());
        assert_eq!(
            hive.script_path(&file("model/a.hql")).unwrap(),
            PathBuf::from("/tmp/w/model/a.hql")
        );
    }
}
