//! Output: one folder of `part-NNNNN.json` files per collection, compact JSON with sorted keys.

use super::calendar::{older_ts, ts};
use super::LINES_PER_PART;
use crate::error::{Error, Result};
use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

pub(super) struct Part {
    pub(super) dir: PathBuf,
    pub(super) file: Option<BufWriter<File>>,
    pub(super) files: usize,
    pub(super) lines_in_file: usize,
    pub(super) documents: usize,
    /// Older versions, written after every latest version.
    pub(super) stale: Vec<String>,
    pub(super) line: String,
}

impl Part {
    pub(super) fn new(dir: PathBuf) -> Result<Part> {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Part {
            dir,
            file: None,
            files: 0,
            lines_in_file: 0,
            documents: 0,
            stale: Vec::new(),
            line: String::new(),
        })
    }

    /// A document and `n` older versions of it: version `j` (1-based) is the document changed
    /// by `edit(old, j)`, last modified between `created` and `latest`. The latest goes in
    /// order; the older ones are written after the collection (so file order cannot stand in
    /// for the dedup).
    pub(super) fn push_versions(
        &mut self,
        doc: &Value,
        n: usize,
        created: i64,
        latest: i64,
        edit: impl Fn(&mut Value, usize),
    ) -> Result<()> {
        self.push(doc)?;
        for j in 1..=n {
            let mut old = doc.clone();
            old["_lastModifiedDateTime"] = json!(ts(older_ts(created, latest, j, n)));
            edit(&mut old, j);
            let mut s = String::new();
            write_json(&old, &mut s);
            self.stale.push(s);
        }
        Ok(())
    }

    pub(super) fn push(&mut self, doc: &Value) -> Result<()> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        write_json(doc, &mut line);
        self.write_line(&line)?;
        self.line = line;
        Ok(())
    }

    pub(super) fn write_line(&mut self, line: &str) -> Result<()> {
        if self.file.is_none() || self.lines_in_file == LINES_PER_PART {
            self.close()?;
            let path = self.dir.join(format!("part-{:05}.json", self.files));
            let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
            self.file = Some(BufWriter::new(f));
            self.files += 1;
            self.lines_in_file = 0;
        }
        let f = self.file.as_mut().expect("opened above");
        f.write_all(line.as_bytes())
            .and_then(|_| f.write_all(b"\n"))
            .map_err(|e| Error::io(&self.dir, e))?;
        self.lines_in_file += 1;
        self.documents += 1;
        Ok(())
    }

    pub(super) fn close(&mut self) -> Result<()> {
        if let Some(mut f) = self.file.take() {
            f.flush().map_err(|e| Error::io(&self.dir, e))?;
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<(usize, usize)> {
        for line in std::mem::take(&mut self.stale) {
            self.write_line(&line)?;
        }
        self.close()?;
        Ok((self.documents, self.files))
    }
}

/// Compact JSON with object keys sorted, independent of serde_json's `preserve_order`.
pub(super) fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_json(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}
