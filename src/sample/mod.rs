//! `pdmctl sample`: a deterministic generator of the pipeline's inputs, the ADG collections in
//! their nested JSON shape (documented at the top of each `sql/source/*.hql`), the five Crown
//! dimension exports (`sql/initial_transactional_load/*_json.hql`) and the dictionary.
//!
//! Scale 1 is the sample shipped in `sample/`; scale N multiplies the ADG volumes (the Crown
//! tables grow with the square root of N, the dictionary not at all). The same scale and seed
//! always give the same bytes: the random numbers come from our own SplitMix64, every document
//! draws from a stream keyed by (seed, collection, index), objects are written with sorted keys
//! whatever serde_json's features, and there are no floats, clocks or hash-map iterations.
//!
//! The data carries the dirt the transform stage must handle: older versions of a document at
//! earlier `_lastModifiedDateTime` (written after the latest one, so file order cannot stand in
//! for the dedup), missing optional fields, explicit nulls, odd casing and whitespace in codes,
//! empty arrays, and a few references to agents, teams, sites and types that Crown does not know
//! (they must land on the model's unknown member -1).
//!
//! May use: `error`, and `bundle`'s atomic folder swap.

mod adg;
mod calendar;
mod crown;
mod output;
mod rng;
mod tables;
mod world;

use adg::*;
use crown::*;
use output::Part;
use world::World;

use crate::bundle::swap;
use crate::error::{Error, Result};
use std::path::Path;

pub const MAX_SCALE: u32 = 1000;
pub const DEFAULT_SEED: u64 = 1;
/// Marks a folder as written by this generator, so it may be replaced.
pub const MARKER: &str = ".pdmctl-sample";
/// Documents per `part-NNNNN.json`; larger scales get several parts per collection.
pub(crate) const LINES_PER_PART: usize = 20_000;
/// The data is "as at" the end of this day (2024-02-29); matches `--date 2024-03-01`.
pub(crate) const AS_AT: (i64, i64, i64) = (2024, 2, 29);
/// Share (percent) of documents that also appear in one or two older versions.
pub(crate) const DUP_PCT: u64 = 8;

/// What was written: one entry per collection folder, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub folder: &'static str,
    pub documents: usize,
    pub files: usize,
}

/// Writes the sample at `scale` into `out`, replacing it only if it is empty or an earlier
/// sample (it holds the `.pdmctl-sample` marker). Nothing is left half-written.
pub fn generate(scale: u32, seed: u64, out: &Path) -> Result<Vec<Written>> {
    if !(1..=MAX_SCALE).contains(&scale) {
        return Err(Error::input(
            "--scale",
            format!("must be between 1 and {MAX_SCALE}, got {scale}"),
        ));
    }
    check_out(out)?;
    swap::replace_dir(out, |tmp| write_all(scale, seed, tmp))
}

/// An error if `out` exists and must not be replaced.
fn check_out(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Error::input(
            "--out",
            format!("{} exists and is not a folder", out.display()),
        ));
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    if entries.next().is_none() || out.join(MARKER).is_file() {
        return Ok(());
    }
    Err(Error::input(
        "--out",
        format!(
            "{} is not empty and is not an earlier sample (no {MARKER} file); choose a new or empty folder",
            out.display()
        ),
    ))
}

/// Writes one collection's documents.
type Fill = fn(&World, &mut Part) -> Result<()>;

fn write_all(scale: u32, seed: u64, dir: &Path) -> Result<Vec<Written>> {
    let world = World::new(scale, seed);
    let mut written = Vec::new();
    let collections: [(&'static str, Fill); 15] = [
        ("adg/core/claimant", claimants),
        ("adg/core/contract", contracts),
        ("adg/core/person", persons),
        ("adg/core/address", addresses),
        ("adg/core/statement", statements),
        ("adg/core/toDo", to_dos),
        ("adg/core/appointment", appointments),
        ("adg/agent_core/agent", agents),
        ("adg/agent_core/team", teams),
        ("dictionary", dictionary),
        ("crown/agent_dim", crown_agents),
        ("crown/team_dim", crown_teams),
        ("crown/site_dim", crown_sites),
        ("crown/appointment_type_dim", crown_appointment_types),
        ("crown/to_do_type_type_dim", crown_to_do_types),
    ];
    for (folder, fill) in collections {
        let mut part = Part::new(dir.join(folder))?;
        fill(&world, &mut part)?;
        let (documents, files) = part.finish()?;
        written.push(Written {
            folder,
            documents,
            files,
        });
    }
    let readme = dir.join("README.md");
    std::fs::write(&readme, readme_text(scale, seed, &written)).map_err(|e| Error::io(&readme, e))?;
    let marker = dir.join(MARKER);
    std::fs::write(&marker, format!("pdmctl sample --scale {scale} --seed {seed}\n"))
        .map_err(|e| Error::io(&marker, e))?;
    Ok(written)
}

fn readme_text(scale: u32, seed: u64, written: &[Written]) -> String {
    let mut rows = String::new();
    for w in written {
        rows.push_str(&format!("| `{}/` | {} | {} |\n", w.folder, w.documents, w.files));
    }
    let out = if scale == 1 {
        "sample".to_string()
    } else {
        format!("sample-data/scale-{scale}")
    };
    let seed_flag = if seed == DEFAULT_SEED {
        String::new()
    } else {
        format!(" --seed {seed}")
    };
    format!(
        "# Sample data (scale {scale}, seed {seed})

Synthetic inputs for a local run of the PDM pipeline (`pdmctl submit local`), written by
`pdmctl sample`. Every name, id and amount is made up. Regenerate it with:

```sh
cargo run --release -- sample --scale {scale}{seed_flag} --out {out}
```

The generator is deterministic: the same scale and seed give the same bytes, and a test checks
that the shipped `sample/` is exactly what scale 1 produces, so edit the generator
(`src/sample/`), never these files.

## Layout

The folders are the `LOCATION`s of the rendered `local` templates (`data_dir` = this folder):
`adg/` holds the ADG collections (`data_path`), `dictionary/` the dictionary
(`dictionary_path`) and `crown/` the five Crown exports (`crown_path`). Files are
newline-delimited JSON, one document per line, in parts of at most {LINES_PER_PART} lines.

| folder | documents | files |
| --- | --- | --- |
{rows}
Document shapes: the comment at the top of each `sql/source/*.hql` (ADG and dictionary) and
`sql/initial_transactional_load/*_json.hql` (Crown).

## Dirt on purpose

- About {DUP_PCT}% of the documents of most ADG collections also appear in one or two older
  versions (earlier `_lastModifiedDateTime`, different content such as an earlier status),
  written after the latest version: the transform's dedup must keep the latest by timestamp, not by file order.
- Missing optional fields and explicit nulls (nino, contact details, identity verification,
  attendance before the appointment, outcome before completion, tenure, disability...).
- Codes and names in odd casing or with spaces (`\" wsr\"`, `f2f`, postcodes typed as `b192ez`),
  empty arrays (payments, deductions, assignees, payment details).
- A few references Crown does not know (agents, teams, sites, appointment and to-do types),
  which the model maps to the unknown member -1; Crown rows loaded twice (the latest
  `last_updated` wins), rows with no id, and ids in lower case.
- Statements that are CANCELLED, contracts whose status is stale beside a closed date, to-dos
  completed while their status still says IN_PROGRESS, dictionary codes loaded twice.
"
    )
}

#[cfg(test)]
mod tests {
    use super::calendar::*;
    use super::output::write_json;
    use super::rng::*;
    use serde_json::{json, Value};

    #[test]
    fn calendar_days_and_timestamps() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(date(19_782), "2024-02-29");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(date(add_months(days_from_civil(2024, 1, 31), 1)), "2024-02-29");
        assert_eq!(date(add_months(days_from_civil(2023, 11, 30), 3)), "2024-02-29");
        assert_eq!(
            ts(days_from_civil(2021, 3, 9) * DAY_MS + 36_013_640),
            "2021-03-09T10:00:13.640+0000"
        );
        assert_eq!(crown_ts(0), "1970-01-01 00:00:00");
    }

    #[test]
    fn keys_are_sorted_whatever_the_insertion_order() {
        let mut m = serde_json::Map::new();
        m.insert("b".into(), json!(1));
        m.insert("_id".into(), json!({"z": null, "a": [true, "x\"y"]}));
        let mut s = String::new();
        write_json(&Value::Object(m), &mut s);
        assert_eq!(s, r#"{"_id":{"a":[true,"x\"y"],"z":null},"b":1}"#);
    }

    #[test]
    fn uuids_are_version_4() {
        let mut r = Rng::new(1, "t", 0);
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]), "{u}");
    }
}
