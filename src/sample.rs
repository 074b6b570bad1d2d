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

use crate::error::{Error, Result};
use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub const MAX_SCALE: u32 = 1000;
pub const DEFAULT_SEED: u64 = 1;
/// Marks a folder as written by this generator, so it may be replaced.
pub const MARKER: &str = ".pdmctl-sample";
/// Documents per `part-NNNNN.json`; larger scales get several parts per collection.
const LINES_PER_PART: usize = 20_000;
/// The data is "as at" the end of this day (2024-02-29); matches `--date 2024-03-01`.
const AS_AT: (i64, i64, i64) = (2024, 2, 29);
/// Share (percent) of documents that also appear in one or two older versions.
const DUP_PCT: u64 = 8;

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
    let replace = check_out(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sample".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = write_all(scale, seed, &tmp).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&tmp);
    })?;
    // Swap: the old folder moves aside first, so a failed rename can be undone.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if replace {
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if replace {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::io(out, e));
    }
    if replace {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(written)
}

/// Whether `out` exists and may be replaced; an error if it must not be touched.
fn check_out(out: &Path) -> Result<bool> {
    if !out.exists() {
        return Ok(false);
    }
    if !out.is_dir() {
        return Err(Error::input(
            "--out",
            format!("{} exists and is not a folder", out.display()),
        ));
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    if entries.next().is_none() || out.join(MARKER).is_file() {
        return Ok(true);
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
(`src/sample.rs`), never these files.

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

// ---------------------------------------------------------------------------------------------
// Output: one folder of parts per collection.

struct Part {
    dir: PathBuf,
    file: Option<BufWriter<File>>,
    files: usize,
    lines_in_file: usize,
    documents: usize,
    /// Older versions, written after every latest version.
    stale: Vec<String>,
    line: String,
}

impl Part {
    fn new(dir: PathBuf) -> Result<Part> {
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

    /// The versions of one document, latest first.
    fn push_versions(&mut self, versions: Vec<Value>) -> Result<()> {
        let mut it = versions.into_iter();
        if let Some(latest) = it.next() {
            self.push(&latest)?;
        }
        for v in it {
            let mut s = String::new();
            write_json(&v, &mut s);
            self.stale.push(s);
        }
        Ok(())
    }

    fn push(&mut self, doc: &Value) -> Result<()> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        write_json(doc, &mut line);
        self.write_line(&line)?;
        self.line = line;
        Ok(())
    }

    fn write_line(&mut self, line: &str) -> Result<()> {
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

    fn close(&mut self) -> Result<()> {
        if let Some(mut f) = self.file.take() {
            f.flush().map_err(|e| Error::io(&self.dir, e))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(usize, usize)> {
        for line in std::mem::take(&mut self.stale) {
            self.write_line(&line)?;
        }
        self.close()?;
        Ok((self.documents, self.files))
    }
}

/// Compact JSON with object keys sorted, independent of serde_json's `preserve_order`.
fn write_json(v: &Value, out: &mut String) {
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

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64, one independent stream per (seed, collection, index).

struct Rng(u64);

impl Rng {
    fn new(seed: u64, tag: &str, index: u64) -> Rng {
        // FNV-1a of the tag, mixed with the seed and the index.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in tag.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        let mut r = Rng(seed ^ h.rotate_left(17) ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// lo..hi, hi exclusive (hi > lo).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64) as i64
    }

    fn pct(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A random (version 4) UUID.
    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let a = (a & !0xf000) | 0x4000;
        let b = (b & !(0xc << 60)) | (0x8 << 60);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }

    /// The number of older versions of a document: none for most.
    fn older_versions(&mut self) -> usize {
        if self.pct(DUP_PCT) {
            1 + self.below(2) as usize
        } else {
            0
        }
    }
}

/// Lower case, padded with spaces, or as is: the casing dirt of hand-typed codes.
fn odd_case(r: &mut Rng, s: &str, pct: u64) -> String {
    if !r.pct(pct) {
        return s.to_string();
    }
    match r.below(3) {
        0 => s.to_lowercase(),
        1 => format!(" {s} "),
        _ => format!(" {}", s.to_lowercase()),
    }
}

// ---------------------------------------------------------------------------------------------
// Dates: days and milliseconds since 1970-01-01 (UTC), civil conversions by H. Hinnant.

const DAY_MS: i64 = 86_400_000;

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn month_len(y: i64, m: i64) -> i64 {
    days_from_civil(if m == 12 { y + 1 } else { y }, if m == 12 { 1 } else { m + 1 }, 1) - days_from_civil(y, m, 1)
}

/// The same day of the month `k` months later, clamped to the month's length.
fn add_months(day: i64, k: i64) -> i64 {
    let (y, m, d) = civil_from_days(day);
    let months = y * 12 + (m - 1) + k;
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    days_from_civil(y, m, d.min(month_len(y, m)))
}

fn date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `yyyy-MM-ddTHH:mm:ss.SSS+0000`, the ADG timestamp format.
fn ts(ms: i64) -> String {
    let (day, rest) = (ms.div_euclid(DAY_MS), ms.rem_euclid(DAY_MS));
    let (h, mi, s, milli) = (rest / 3_600_000, rest / 60_000 % 60, rest / 1000 % 60, rest % 1000);
    format!("{}T{h:02}:{mi:02}:{s:02}.{milli:03}+0000", date(day))
}

/// `yyyy-MM-dd HH:mm:ss`, the Crown export's format.
fn crown_ts(ms: i64) -> String {
    ts(ms)[..19].replace('T', " ")
}

/// A time during office hours on `day`.
fn at_work(r: &mut Rng, day: i64) -> i64 {
    day * DAY_MS + r.range(8 * 3600, 18 * 3600) * 1000 + r.range(0, 1000)
}

/// A time during office hours `lo..hi` days before `day`.
fn recent(r: &mut Rng, day: i64, lo: i64, hi: i64) -> i64 {
    let d = day - r.range(lo, hi);
    at_work(r, d)
}

fn as_at() -> i64 {
    days_from_civil(AS_AT.0, AS_AT.1, AS_AT.2)
}

/// The `_lastModifiedDateTime` of older version `j` (1-based) of `n`, between created and latest.
fn older_ts(created: i64, latest: i64, j: usize, n: usize) -> i64 {
    latest - (latest - created) * j as i64 / (n as i64 + 1)
}

// ---------------------------------------------------------------------------------------------
// Reference lists.

struct Town {
    name: &'static str,
    la_code: &'static str,
    area: &'static str,
    country: &'static str,
    region: &'static str,
    district: &'static str,
}

const TOWNS: &[Town] = &[
    Town {
        name: "Birmingham",
        la_code: "E08000025",
        area: "B",
        country: "ENGLAND",
        region: "Central England",
        district: "Birmingham and Solihull",
    },
    Town {
        name: "Manchester",
        la_code: "E08000003",
        area: "M",
        country: "ENGLAND",
        region: "North West England",
        district: "Greater Manchester Central",
    },
    Town {
        name: "Leeds",
        la_code: "E08000035",
        area: "LS",
        country: "ENGLAND",
        region: "North East England",
        district: "West Yorkshire",
    },
    Town {
        name: "Cardiff",
        la_code: "W06000015",
        area: "CF",
        country: "WALES",
        region: "Wales",
        district: "South East Wales",
    },
    Town {
        name: "Glasgow",
        la_code: "S12000049",
        area: "G",
        country: "SCOTLAND",
        region: "Scotland",
        district: "West of Scotland",
    },
    Town {
        name: "Liverpool",
        la_code: "E08000012",
        area: "L",
        country: "ENGLAND",
        region: "North West England",
        district: "Merseyside",
    },
    Town {
        name: "Bristol",
        la_code: "E06000023",
        area: "BS",
        country: "ENGLAND",
        region: "South West England",
        district: "Avon, Severn and Wessex",
    },
    Town {
        name: "Newcastle upon Tyne",
        la_code: "E08000021",
        area: "NE",
        country: "ENGLAND",
        region: "North East England",
        district: "Northumbria",
    },
    Town {
        name: "Sheffield",
        la_code: "E08000019",
        area: "S",
        country: "ENGLAND",
        region: "North East England",
        district: "South Yorkshire",
    },
    Town {
        name: "Nottingham",
        la_code: "E06000018",
        area: "NG",
        country: "ENGLAND",
        region: "Central England",
        district: "East Midlands",
    },
    Town {
        name: "Swansea",
        la_code: "W06000011",
        area: "SA",
        country: "WALES",
        region: "Wales",
        district: "South West Wales",
    },
    Town {
        name: "Edinburgh",
        la_code: "S12000036",
        area: "EH",
        country: "SCOTLAND",
        region: "Scotland",
        district: "East and South East Scotland",
    },
];

const FIRST_NAMES: &[&str] = &[
    "Jane", "Oliver", "Priya", "Mohammed", "Amelia", "George", "Aisha", "Harry", "Olivia", "Jack", "Sofia", "Noah",
    "Grace", "Leo", "Fatima", "Thomas", "Emily", "Daniel", "Chloe", "Arjun", "Megan", "Liam", "Zara", "Ryan",
    "Siobhan", "Dafydd", "Ewan", "Nia", "Kwame", "Ana",
];

const LAST_NAMES: &[&str] = &[
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
    "Khan", "Patel", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood",
    "Harris", "Clarke", "Jackson", "O'Brien", "McDonald", "Campbell", "Murphy", "Nowak", "Okafor",
];

const STREETS: &[&str] = &[
    "Wheeler Street",
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Park Avenue",
    "Mill Lane",
    "Queen Street",
    "Albert Road",
    "Green Lane",
    "Castle View",
    "Canal Side",
];

const POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// (id, code, name, category, default minutes, mandatory, channel)
type AppointmentType = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    u32,
    &'static str,
    &'static str,
);
const APPOINTMENT_TYPES: &[AppointmentType] = &[
    (
        "AT0001",
        "IEI",
        "Initial Evidence Interview",
        Some("EVIDENCE"),
        60,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0002",
        "CC",
        "Claimant Commitment",
        Some("COMMITMENT"),
        45,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0003",
        "WSR",
        "Work Search Review",
        Some("WORK_SEARCH"),
        10,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0004",
        "WFI",
        "Work Focused Interview",
        Some("WORK_SEARCH"),
        30,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0005",
        "HCP",
        "Health Care Professional Assessment",
        Some("HEALTH"),
        60,
        "N",
        "FACE_TO_FACE",
    ),
    (
        "AT0006",
        "CCR",
        "Claimant Commitment Review",
        Some("COMMITMENT"),
        20,
        "yes",
        "TELEPHONE",
    ),
    (
        "AT0007",
        "JSP",
        "Job Search Progress",
        Some("work_search"),
        15,
        "N",
        "VIDEO",
    ),
    ("AT0008", "SER", "Self-Employment Review", None, 30, "n", "telephone"),
];

/// (id, code, name, category, owning team type, target days, automated)
type ToDoType = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
);
const TO_DO_TYPES: &[ToDoType] = &[
    (
        "TD0001",
        "VERIFY_HOUSING_COSTS",
        "Verify housing costs",
        "HOUSING",
        "CASE_MANAGEMENT",
        7,
        "Y",
    ),
    (
        "TD0002",
        "VERIFY_CHILDCARE_COSTS",
        "Verify childcare costs",
        "CHILDCARE",
        "CASE_MANAGEMENT",
        10,
        "N",
    ),
    (
        "TD0003",
        "VERIFY_IDENTITY",
        "Verify identity",
        "VERIFICATION",
        "CASE_MANAGEMENT",
        5,
        "Y",
    ),
    (
        "TD0004",
        "REVIEW_EVIDENCE",
        "Review evidence",
        "VERIFICATION",
        "WORK_COACH",
        5,
        "N",
    ),
    (
        "TD0005",
        "MAKE_DECISION",
        "Make a decision",
        "DECISION",
        "DECISION_MAKING",
        14,
        "N",
    ),
    (
        "TD0006",
        "CHANGE_OF_CIRCUMSTANCES",
        "Process a change of circumstances",
        "change_of_circumstances",
        "CASE_MANAGEMENT",
        7,
        "n",
    ),
    (
        "TD0007",
        "ADVANCE_REQUEST",
        "Advance payment request",
        "PAYMENT",
        "CASE_MANAGEMENT",
        3,
        "N",
    ),
    (
        "TD0008",
        "PAYMENT_QUERY",
        "Payment query",
        "PAYMENT",
        "TELEPHONY",
        5,
        "N",
    ),
    (
        "TD0009",
        "VERIFY_EARNINGS",
        "Verify earnings",
        "VERIFICATION",
        "CASE_MANAGEMENT",
        7,
        "YES",
    ),
    (
        "TD0010",
        "SANCTION_REFERRAL",
        "Sanction referral",
        "DECISION",
        "DECISION_MAKING",
        14,
        "N",
    ),
    (
        "TD0011",
        "RECORD_FIT_NOTE",
        "Record a fit note",
        "CHANGE_OF_CIRCUMSTANCES",
        "WORK_COACH",
        3,
        "N",
    ),
    (
        "TD0012",
        "VERIFY_RENT",
        "Verify rent",
        "HOUSING",
        "CASE_MANAGEMENT",
        7,
        "1",
    ),
];

const DICTIONARY: &[(&str, &[(&str, &str)])] = &[
    (
        "MARITAL_STATUS",
        &[
            ("SINGLE", "Single"),
            ("MARRIED", "Married"),
            ("CIVIL_PARTNERSHIP", "In a civil partnership"),
            ("SEPARATED", "Separated"),
            ("DIVORCED", "Divorced"),
            ("WIDOWED", "Widowed"),
        ],
    ),
    (
        "CLOSURE_REASON",
        &[
            ("EARNINGS_TOO_HIGH", "Earnings too high for an award"),
            ("CLAIMANT_REQUEST", "Closed at the claimant's request"),
            ("FAILED_TO_ACCEPT_COMMITMENT", "Claimant commitment not accepted"),
            ("NOT_UK_RESIDENT", "Not resident in the UK"),
            ("DECEASED", "Claimant deceased"),
        ],
    ),
    (
        "DEDUCTION_TYPE",
        &[
            ("ADVANCE_REPAYMENT", "Advance repayment"),
            ("OVERPAYMENT_RECOVERY", "Overpayment recovery"),
            ("THIRD_PARTY_RENT_ARREARS", "Third party deduction: rent arrears"),
            ("THIRD_PARTY_COUNCIL_TAX", "Third party deduction: council tax arrears"),
            ("SANCTION", "Sanction"),
            ("CHILD_MAINTENANCE", "Child maintenance"),
        ],
    ),
    (
        "ATTENDANCE_STATUS",
        &[
            ("ATTENDED", "Attended"),
            ("FAILED_TO_ATTEND", "Failed to attend"),
            ("LATE", "Attended late"),
            ("CANCELLED_BY_CLAIMANT", "Cancelled by the claimant"),
            ("CANCELLED_BY_DWP", "Cancelled by DWP"),
            ("RESCHEDULED", "Rescheduled"),
        ],
    ),
    (
        "CONTRACT_STATUS",
        &[("OPEN", "Open"), ("SUSPENDED", "Suspended"), ("CLOSED", "Closed")],
    ),
    (
        "TO_DO_STATUS",
        &[
            ("OPEN", "Open"),
            ("IN_PROGRESS", "In progress"),
            ("COMPLETED", "Completed"),
            ("CANCELLED", "Cancelled"),
        ],
    ),
    (
        "PAYEE_TYPE",
        &[
            ("CLAIMANT", "Claimant"),
            ("LANDLORD", "Landlord (managed payment)"),
            ("THIRD_PARTY", "Third party"),
        ],
    ),
];

const MARITAL: &[&str] = &[
    "SINGLE",
    "MARRIED",
    "CIVIL_PARTNERSHIP",
    "SEPARATED",
    "DIVORCED",
    "WIDOWED",
];
const CLOSURE: &[&str] = &[
    "EARNINGS_TOO_HIGH",
    "CLAIMANT_REQUEST",
    "FAILED_TO_ACCEPT_COMMITMENT",
    "NOT_UK_RESIDENT",
    "DECEASED",
];
const TEAM_TYPES: &[&str] = &["CASE_MANAGEMENT", "TELEPHONY", "DECISION_MAKING"];

// ---------------------------------------------------------------------------------------------
// The world the documents describe: Crown reference data, claimants and their claims.

struct Site {
    id: String,
    town: usize,
    site_type: &'static str,
    parent: Option<usize>,
}

struct Team {
    id: String,
    team_type: &'static str,
    site: usize,
    agents: Vec<usize>,
}

struct Agent {
    id: String,
    first: &'static str,
    last: &'static str,
    staff_number: u32,
    /// The team Crown knows; `moved_to` is a newer team only the ADG agent record knows.
    team: usize,
    moved_to: Option<usize>,
    role: &'static str,
    grade: &'static str,
    start: i64,
    end: Option<i64>,
}

struct Claimant {
    id: String,
    person_id: String,
    /// Couples share the lead's address; `owns_address` says who writes the address document.
    address_id: String,
    owns_address: bool,
    first: &'static str,
    last: &'static str,
    gender: &'static str,
    dob: i64,
    site: usize,
    /// Tenure type, landlord type, monthly rent in pence.
    tenure: Option<(&'static str, &'static str, i64)>,
    registered: i64,
    partner: Option<usize>,
}

struct Contract {
    id: String,
    members: Vec<usize>,
    declared: i64,
    start: i64,
    closed: Option<(i64, &'static str)>,
    suspended: bool,
    site: usize,
    children: i64,
    housing: bool,
    childcare: bool,
    lcw: bool,
    carer: bool,
    /// Housing paid to the landlord (managed payment).
    managed: bool,
}

struct World {
    seed: u64,
    as_at: i64,
    sites: Vec<Site>,
    teams: Vec<Team>,
    agents: Vec<Agent>,
    claimants: Vec<Claimant>,
    contracts: Vec<Contract>,
}

impl World {
    fn new(scale: u32, seed: u64) -> World {
        let as_at = as_at();
        // Crown grows with the square root of the scale: 5 sites, 10 teams, 40 agents at 1.
        let n_sites = ((5.0 * (scale as f64).sqrt()).round() as usize).max(1);
        let mut sites = Vec::new();
        for i in 0..n_sites {
            let site_type = if i % 5 == 4 {
                "OUTREACH"
            } else if i % 5 == 2 {
                "SERVICE_CENTRE"
            } else {
                "JOBCENTRE"
            };
            let parent = (site_type == "OUTREACH").then_some(i - 4);
            sites.push(Site {
                id: format!("ST{:06}", 101 + i),
                town: i % TOWNS.len(),
                site_type,
                parent,
            });
        }
        let mut teams = Vec::new();
        let mut agents = Vec::new();
        for (s, _) in sites.iter().enumerate() {
            for k in 0..2 {
                let team_type = if k == 0 {
                    "WORK_COACH"
                } else {
                    TEAM_TYPES[s % TEAM_TYPES.len()]
                };
                let t = teams.len();
                let mut members = Vec::new();
                for j in 0..4 {
                    let a = agents.len();
                    let mut r = Rng::new(seed, "agent", a as u64);
                    let role = match (j, team_type) {
                        (0, _) => "TEAM_LEADER",
                        (_, "WORK_COACH") => "WORK_COACH",
                        (_, "CASE_MANAGEMENT") => "CASE_MANAGER",
                        (_, "TELEPHONY") => "SERVICE_AGENT",
                        _ => "DECISION_MAKER",
                    };
                    let start = as_at - r.range(200, 3500);
                    let end = (j > 0 && r.pct(8)).then(|| as_at - r.range(5, 150));
                    agents.push(Agent {
                        id: format!("AG{:07}", 1001 + a),
                        first: r.pick(FIRST_NAMES),
                        last: r.pick(LAST_NAMES),
                        staff_number: 10_000_000 + r.below(9_000_000) as u32,
                        team: t,
                        moved_to: None,
                        role,
                        grade: if j == 0 {
                            "HEO"
                        } else {
                            r.pick(&["AO", "EO", "EO", "EO", "AA"])
                        },
                        start,
                        end,
                    });
                    members.push(a);
                }
                teams.push(Team {
                    id: format!("TM{:06}", 301 + t),
                    team_type,
                    site: s,
                    agents: members,
                });
            }
        }
        // A few agents moved team since the Crown export: only ADG knows.
        let n_teams = teams.len();
        for (a, agent) in agents.iter_mut().enumerate() {
            if a % 13 == 5 && n_teams > 1 {
                agent.moved_to = Some((agent.team + 2) % n_teams);
            }
        }

        let n = 250 * scale as usize;
        let mut claimants: Vec<Claimant> = (0..n)
            .map(|i| {
                let mut r = Rng::new(seed, "claimant", i as u64);
                let gender = r.pick(&["M", "F", "F", "M", "X"]);
                let tenure = match r.below(10) {
                    0..=3 => Some(("SOCIAL_RENTED", "HOUSING_ASSOCIATION", r.range(350, 900) * 100)),
                    4..=6 => Some(("PRIVATE_RENTED", "PRIVATE", r.range(450, 1400) * 100)),
                    7 => Some(("OWNER_OCCUPIER", "NONE", 0)),
                    _ => None,
                };
                Claimant {
                    id: r.uuid(),
                    person_id: r.uuid(),
                    address_id: r.uuid(),
                    owns_address: true,
                    first: r.pick(FIRST_NAMES),
                    last: r.pick(LAST_NAMES),
                    gender,
                    dob: as_at - r.range(17 * 365, 66 * 365),
                    site: 0,
                    tenure,
                    registered: 0,
                    partner: None,
                }
            })
            .collect();

        // Households: singles and couples (two consecutive claimants); some leads also had an
        // earlier claim that closed, for the repeat-claim measures.
        let mut contracts = Vec::new();
        let mut i = 0;
        while i < n {
            let mut r = Rng::new(seed, "household", i as u64);
            let couple = i + 1 < n && r.pct(20);
            let members = if couple { vec![i, i + 1] } else { vec![i] };
            let site = r.below(n_sites as u64) as usize;
            if couple {
                claimants[i].partner = Some(i + 1);
                claimants[i + 1].partner = Some(i);
                claimants[i + 1].address_id = claimants[i].address_id.clone();
                claimants[i + 1].owns_address = false;
                if r.pct(60) {
                    claimants[i + 1].last = claimants[i].last;
                }
            }
            for &m in &members {
                claimants[m].site = site;
            }
            let lead = &claimants[i];
            let housing = matches!(lead.tenure, Some((t, _, _)) if t != "OWNER_OCCUPIER");
            let children = if r.pct(45) { r.range(1, 4) } else { 0 };
            let household =
                |r: &mut Rng, members: Vec<usize>, start: i64, closed: Option<(i64, &'static str)>| Contract {
                    id: r.uuid(),
                    members,
                    declared: {
                        let day = start - r.range(0, 3);
                        at_work(r, day)
                    },
                    start,
                    closed,
                    suspended: closed.is_none() && r.pct(5),
                    site,
                    children,
                    housing,
                    childcare: children > 0 && r.pct(25),
                    lcw: r.pct(12),
                    carer: r.pct(6),
                    managed: housing && r.pct(25),
                };
            if r.pct(15) {
                let start = as_at - r.range(400, 750);
                let closed = add_months(start, r.range(1, 6)) + r.range(0, 20);
                let reason = r.pick(CLOSURE);
                contracts.push(household(&mut r, vec![i], start, Some((closed, reason))));
            }
            let start = as_at - r.range(20, 150);
            let days = as_at - start;
            let closed = (days >= 45 && r.pct(10)).then(|| (start + r.range(35, days), r.pick(CLOSURE)));
            contracts.push(household(&mut r, members.clone(), start, closed));
            i += members.len();
        }
        for c in &contracts {
            for &m in &c.members {
                let reg = c.declared - 3_600_000 * (1 + (m as i64 % 47));
                if claimants[m].registered == 0 || reg < claimants[m].registered {
                    claimants[m].registered = reg;
                }
            }
        }
        World {
            seed,
            as_at,
            sites,
            teams,
            agents,
            claimants,
            contracts,
        }
    }

    fn rng(&self, tag: &str, index: usize) -> Rng {
        Rng::new(self.seed, tag, index as u64)
    }

    fn end_ms(&self) -> i64 {
        (self.as_at + 1) * DAY_MS - 1
    }

    /// A team of `team_type` at `site`, else any team of that type, else the site's first team.
    fn team_for(&self, site: usize, team_type: &str) -> usize {
        self.teams
            .iter()
            .position(|t| t.site == site && t.team_type == team_type)
            .or_else(|| self.teams.iter().position(|t| t.team_type == team_type))
            .unwrap_or(site * 2)
    }

    /// An agent of `team`, or (rarely) one Crown has never heard of.
    fn agent_ref(&self, r: &mut Rng, team: usize) -> String {
        if r.pct(2) {
            return format!("AG9{:06}", r.below(1_000_000));
        }
        let id = &self.agents[r.pick(&self.teams[team].agents)].id;
        if r.pct(3) {
            id.to_lowercase()
        } else {
            id.clone()
        }
    }
}

/// A last modified time after `created` (by up to an hour at least) and before `end`.
fn modified_after(r: &mut Rng, created: i64, end: i64) -> i64 {
    let span = (end - created).max(2);
    created + r.range((span / 2).clamp(1, 3_600_000), span)
}

/// Drop `key` from an object (a missing optional field).
fn drop_key(v: &mut Value, key: &str) {
    if let Some(m) = v.as_object_mut() {
        m.remove(key);
    }
}

// ---------------------------------------------------------------------------------------------
// ADG collections.

fn claimants(w: &World, out: &mut Part) -> Result<()> {
    for (i, c) in w.claimants.iter().enumerate() {
        let mut r = w.rng("claimant-doc", i);
        let created = c.registered;
        let latest = modified_after(&mut r, created, w.end_ms());
        let verified = created + r.range(3_600_000, 5 * DAY_MS);
        let nino_digits = r.below(1_000_000);
        let nino = match r.below(100) {
            0..=79 => json!(format!(
                "{}{nino_digits:06}{}",
                r.pick(&["QQ", "AB", "JT", "NP", "SK"]),
                r.pick(&["A", "B", "C", "D"])
            )),
            80..=86 => json!(null),
            87..=93 => json!(format!(
                "qq {:02} {:02} {:02} c",
                nino_digits / 10_000,
                nino_digits / 100 % 100,
                nino_digits % 100
            )),
            _ => json!(format!("XX{nino_digits:06}")),
        };
        let title = match c.gender {
            "M" => "MR",
            "F" => r.pick(&["MS", "MRS", "MISS"]),
            _ => "MX",
        };
        let marital = match r.below(100) {
            0..=4 => json!(null),
            5..=9 => json!(format!(" {}", r.pick(MARITAL).to_lowercase())),
            10..=11 => json!("COHABITING"),
            _ => json!(if c.partner.is_some() {
                "MARRIED"
            } else {
                r.pick(MARITAL)
            }),
        };
        let email = format!("{}.{}{}@example.com", c.first, c.last.replace('\'', ""), i % 97).to_lowercase();
        let mobile = format!("07700 9{:05}", r.below(100_000));
        let mut contact = json!({
            "emailAddress": if r.pct(5) { format!(" {} ", email.to_uppercase()) } else { email.clone() },
            "mobileNumber": if r.pct(50) { mobile.clone() } else { mobile.replace(' ', "") },
            "preferredContactMethod": r.pick(&["JOURNAL", "JOURNAL", "JOURNAL", "EMAIL", "SMS", "PHONE", "journal"]),
        });
        if r.pct(5) {
            contact = json!(null);
        }
        let identity = match r.below(100) {
            0..=3 => json!(null),
            4..=11 => json!({"status": "PENDING", "method": null, "verifiedDateTime": null}),
            12..=14 => json!({"status": "FAILED", "method": "GOV_UK_VERIFY", "verifiedDateTime": null}),
            _ => {
                json!({"status": r.pick(&["VERIFIED", "VERIFIED", "verified"]), "method": r.pick(&["GOV_UK_VERIFY", "FACE_TO_FACE", "TELEPHONE"]), "verifiedDateTime": ts(verified)})
            }
        };
        let account = |r: &mut Rng, current: bool, from: i64| {
            json!({"accountType": r.pick(&["BANK", "BANK", "BANK", "BUILDING_SOCIETY", "CREDIT_UNION"]),
                   "sortCode": format!("{:06}", r.below(1_000_000)), "accountNumberLastFour": format!("{:04}", r.below(10_000)),
                   "effectiveFromDate": date(from.div_euclid(DAY_MS)), "isCurrent": current})
        };
        let payment_details = match r.below(100) {
            0..=4 => Some(json!([])),
            5..=9 => None,
            10..=19 => Some(json!([
                account(&mut r, false, created - 400 * DAY_MS),
                account(&mut r, true, created)
            ])),
            _ => Some(json!([account(&mut r, true, created)])),
        };
        let mut doc = json!({
            "_id": {"claimantId": c.id},
            "_lastModifiedDateTime": ts(latest),
            "nino": nino,
            "personId": c.person_id,
            "personDetails": {"title": if r.pct(5) { title.to_lowercase() } else { title.to_string() },
                              "firstName": if r.pct(3) { format!("{} ", c.first) } else { c.first.to_string() },
                              "lastName": c.last, "dateOfBirth": date(c.dob),
                              "gender": if r.pct(4) { c.gender.to_lowercase() } else { c.gender.to_string() },
                              "maritalStatus": marital},
            "contactDetails": contact,
            "addressId": c.address_id,
            "identityVerification": identity,
            "registrationDateTime": ts(created),
            "createdDateTime": ts(created),
            "isDeleted": r.pct(2),
        });
        if let Some(p) = payment_details {
            doc["paymentDetails"] = p;
        }
        if r.pct(3) {
            drop_key(&mut doc, "isDeleted");
        }
        if r.pct(2) {
            drop_key(&mut doc, "nino");
        }
        let n = r.older_versions();
        let mut versions = vec![doc.clone()];
        for j in 1..=n {
            // Earlier: identity not yet verified, and an older email address.
            let mut old = doc.clone();
            old["_lastModifiedDateTime"] = json!(ts(older_ts(created, latest, j, n)));
            old["identityVerification"] = json!({"status": "PENDING", "method": null, "verifiedDateTime": null});
            old["contactDetails"] = json!({"emailAddress": format!("old.{j}.{email}"), "mobileNumber": mobile, "preferredContactMethod": "EMAIL"});
            versions.push(old);
        }
        out.push_versions(versions)?;
    }
    Ok(())
}

fn contract_status(c: &Contract) -> &'static str {
    if c.closed.is_some() {
        "CLOSED"
    } else if c.suspended {
        "SUSPENDED"
    } else {
        "OPEN"
    }
}

fn contracts(w: &World, out: &mut Part) -> Result<()> {
    for (i, c) in w.contracts.iter().enumerate() {
        let mut r = w.rng("contract-doc", i);
        let created = c.declared - r.range(60_000, 3_600_000);
        let end = c.closed.map(|(d, _)| at_work(&mut r, d)).unwrap_or(w.end_ms());
        let latest = modified_after(&mut r, c.declared, end.min(w.end_ms()));
        let joined = date(c.start);
        let claimants: Vec<Value> = c
            .members
            .iter()
            .enumerate()
            .map(|(k, &m)| {
                let role = if k == 0 {
                    "LEAD"
                } else if r.pct(5) {
                    "partner"
                } else {
                    "PARTNER"
                };
                json!({"claimantId": w.claimants[m].id, "role": role, "joinedDate": joined,
                       "leftDate": c.closed.map(|(d, _)| date(d))})
            })
            .collect();
        let status = contract_status(c);
        // Dirt: a status that went stale beside the closed date, codes in odd case.
        let status = if status == "CLOSED" && r.pct(20) {
            "OPEN".to_string()
        } else {
            odd_case(&mut r, status, 5)
        };
        let claim_type = if c.members.len() > 1 { "COUPLE" } else { "SINGLE" };
        let mut doc = json!({
            "_id": {"contractId": c.id},
            "_lastModifiedDateTime": ts(latest),
            "claimType": if r.pct(5) { json!(null) } else { json!(odd_case(&mut r, claim_type, 5)) },
            "status": status,
            "claimants": claimants,
            "declarationDateTime": ts(c.declared),
            "startDate": joined,
            "closedDate": c.closed.map(|(d, _)| date(d)),
            "closureReasonCode": c.closed.map(|(_, reason)| odd_case(&mut r, reason, 10)),
            "assessmentPeriodDay": civil_from_days(c.start).2,
            "homeSiteId": odd_case(&mut r, &w.sites[c.site].id, 3),
            "circumstances": {"housingCostsClaimed": c.housing, "childcareCostsClaimed": c.childcare,
                              "numberOfChildren": c.children, "hasLimitedCapabilityForWork": c.lcw, "isCarer": c.carer},
            "createdDateTime": ts(created),
        });
        if r.pct(3) {
            drop_key(&mut doc, "circumstances");
        }
        let n = r.older_versions();
        let mut versions = vec![doc.clone()];
        for j in 1..=n {
            // Earlier: a different status (suspended, or still open), no closure yet.
            let mut old = doc.clone();
            old["_lastModifiedDateTime"] = json!(ts(older_ts(c.declared, latest, j, n)));
            old["status"] = json!(if contract_status(c) == "OPEN" {
                "SUSPENDED"
            } else {
                "OPEN"
            });
            old["closedDate"] = Value::Null;
            old["closureReasonCode"] = Value::Null;
            versions.push(old);
        }
        out.push_versions(versions)?;
    }
    Ok(())
}

fn persons(w: &World, out: &mut Part) -> Result<()> {
    let mut last_contract = vec![0; w.claimants.len()];
    for (k, c) in w.contracts.iter().enumerate() {
        for &m in &c.members {
            last_contract[m] = k;
        }
    }
    let disability = |r: &mut Rng, lcw: bool, from: i64| -> Option<Value> {
        match r.below(100) {
            _ if lcw => Some(json!({"hasDisability": true, "level": "HIGHER", "awardedDateTime": ts(from)})),
            0..=9 => Some(
                json!({"hasDisability": true, "level": r.pick(&["LOWER", "lower", "HIGHER"]), "awardedDateTime": ts(from)}),
            ),
            10..=14 => None,
            15..=29 => Some(json!({"hasDisability": false, "level": null, "awardedDateTime": null})),
            _ => Some(Value::Null),
        }
    };
    let push = |out: &mut Part, r: &mut Rng, mut doc: Value, created: i64| -> Result<()> {
        let latest = modified_after(r, created, w.end_ms());
        doc["_lastModifiedDateTime"] = json!(ts(latest));
        let n = r.older_versions();
        let mut versions = vec![doc.clone()];
        for j in 1..=n {
            // Earlier: gender and disability not recorded, no relationships yet.
            let mut old = doc.clone();
            old["_lastModifiedDateTime"] = json!(ts(older_ts(created, latest, j, n)));
            old["gender"] = Value::Null;
            old["disability"] = Value::Null;
            old["relationships"] = json!([]);
            versions.push(old);
        }
        out.push_versions(versions)
    };
    for (i, c) in w.claimants.iter().enumerate() {
        let mut r = w.rng("person", i);
        let contract = &w.contracts[last_contract[i]];
        let is_lead = contract.members[0] == i;
        let person_type = odd_case(&mut r, if is_lead { "CLAIMANT" } else { "PARTNER" }, 3);
        let relationships: Vec<Value> = c
            .partner
            .map(|p| json!({"relatedPersonId": w.claimants[p].person_id, "relationshipType": "PARTNER"}))
            .into_iter()
            .collect();
        let mut doc = json!({
            "_id": {"personId": c.person_id},
            "personType": person_type,
            "contractId": contract.id,
            "firstName": c.first, "lastName": c.last,
            "dateOfBirth": date(c.dob),
            "gender": c.gender,
            "relationships": relationships,
            "createdDateTime": ts(c.registered),
        });
        match disability(&mut r, is_lead && contract.lcw, c.registered) {
            Some(d) => doc["disability"] = d,
            None => drop_key(&mut doc, "disability"),
        }
        push(out, &mut r, doc, c.registered)?;
    }
    // Children and the odd non-dependant of every claim, linked to the claim's adults.
    for (k, c) in w.contracts.iter().enumerate() {
        let mut r = w.rng("dependant", k);
        let others = c.children + if r.pct(3) { 1 } else { 0 };
        for d in 0..others {
            let child = d < c.children;
            let lead = &w.claimants[c.members[0]];
            let dob = if child {
                w.as_at - r.range(100, 16 * 365)
            } else {
                w.as_at - r.range(18 * 365, 80 * 365)
            };
            let relationships: Vec<Value> = c
                .members
                .iter()
                .map(|&m| {
                    json!({"relatedPersonId": w.claimants[m].person_id,
                                  "relationshipType": if child { "PARENT" } else { "OTHER" }})
                })
                .collect();
            let mut doc = json!({
                "_id": {"personId": r.uuid()},
                "personType": if child { "CHILD" } else { "NON_DEPENDANT" },
                "contractId": c.id,
                "firstName": r.pick(FIRST_NAMES), "lastName": lead.last,
                "dateOfBirth": date(dob),
                "gender": r.pick(&["M", "F"]),
                "relationships": relationships,
                "createdDateTime": ts(c.declared + 600_000),
            });
            match disability(&mut r, false, c.declared) {
                Some(v) => doc["disability"] = v,
                None => drop_key(&mut doc, "disability"),
            }
            push(out, &mut r, doc, c.declared + 600_000)?;
        }
    }
    Ok(())
}

fn addresses(w: &World, out: &mut Part) -> Result<()> {
    for (i, c) in w.claimants.iter().enumerate().filter(|(_, c)| c.owns_address) {
        let mut r = w.rng("address", i);
        let town = &TOWNS[w.sites[c.site].town];
        let outward = format!("{}{}", town.area, r.range(1, 30));
        let inward = format!(
            "{}{}{}",
            r.range(1, 10),
            r.pick(POSTCODE_LETTERS) as char,
            r.pick(POSTCODE_LETTERS) as char
        );
        let postcode = match r.below(10) {
            0 => format!("{outward}{inward}").to_lowercase(),
            1 => format!("{outward} {inward}").to_lowercase(),
            2 => format!(" {outward}{inward} "),
            _ => format!("{outward} {inward}"),
        };
        let street = format!("{} {}", r.range(1, 200), r.pick(STREETS));
        let lines: Vec<String> = match r.below(4) {
            0 => vec![format!("Flat {}", r.range(1, 40)), street],
            1 => vec![
                format!("Flat {}", r.range(1, 12)),
                format!("{} House", r.pick(LAST_NAMES)),
                street,
                "Central".into(),
            ],
            _ => vec![street],
        };
        let tenure = match c.tenure {
            Some((t, l, rent)) => {
                json!({"type": odd_case(&mut r, t, 4), "landlordType": l, "monthlyRentInPence": rent})
            }
            None => Value::Null,
        };
        let created = c.registered + 60_000;
        let latest = modified_after(&mut r, created, w.end_ms());
        let doc = json!({
            "_id": {"addressId": c.address_id},
            "_lastModifiedDateTime": ts(latest),
            "lines": lines,
            "town": if r.pct(5) { town.name.to_uppercase() } else { town.name.to_string() },
            "postcode": postcode,
            "uprn": if r.pct(12) { Value::Null } else { json!(format!("{}", 100_000_000_000 + r.below(900_000_000_000))) },
            "localAuthority": {"code": odd_case(&mut r, town.la_code, 2), "name": town.name},
            "country": odd_case(&mut r, town.country, 3),
            "tenure": tenure,
            "createdDateTime": ts(created),
        });
        let n = r.older_versions();
        let mut versions = vec![doc.clone()];
        for j in 1..=n {
            // Earlier: tenure not declared, local authority not yet looked up.
            let mut old = doc.clone();
            old["_lastModifiedDateTime"] = json!(ts(older_ts(created, latest, j, n)));
            old["tenure"] = Value::Null;
            old["localAuthority"] = Value::Null;
            versions.push(old);
        }
        out.push_versions(versions)?;
    }
    Ok(())
}

fn statements(w: &World, out: &mut Part) -> Result<()> {
    const DEDUCTIONS: &[&str] = &[
        "ADVANCE_REPAYMENT",
        "ADVANCE_REPAYMENT",
        "OVERPAYMENT_RECOVERY",
        "THIRD_PARTY_RENT_ARREARS",
        "THIRD_PARTY_COUNCIL_TAX",
        "SANCTION",
        "CHILD_MAINTENANCE",
    ];
    for (k, c) in w.contracts.iter().enumerate() {
        let lead = &w.claimants[c.members[0]];
        let couple = c.members.len() > 1;
        let rent = lead.tenure.map(|(_, _, rent)| rent).unwrap_or(0);
        let last_day = c.closed.map(|(d, _)| d).unwrap_or(w.as_at + 1);
        for ap in 0.. {
            let (ap_start, ap_end) = (add_months(c.start, ap), add_months(c.start, ap + 1) - 1);
            if ap_end >= w.as_at || ap_start >= last_day {
                break;
            }
            let mut r = w.rng("statement", k * 64 + ap as usize);
            let young = ap_start - lead.dob < 25 * 365;
            let standard = match (couple, young) {
                (false, true) => 29_211,
                (false, false) => 36_874,
                (true, true) => 45_856,
                (true, false) => 57_887,
            };
            let housing = if c.housing { rent } else { 0 };
            let child = c.children.min(2) * 28_750;
            let childcare = if c.childcare { r.range(100, 800) * 100 } else { 0 };
            let lcw = if c.lcw { 41_681 } else { 0 };
            let carer = if c.carer { 18_553 } else { 0 };
            let earned = if r.pct(40) { r.range(200, 2000) * 100 } else { 0 };
            let unearned = if r.pct(8) { r.range(50, 300) * 100 } else { 0 };
            let work_allowance = match (c.children > 0 || c.lcw, c.housing) {
                (false, _) => 0,
                (true, true) => 37_900,
                (true, false) => 63_100,
            };
            let reduction = (earned - work_allowance).max(0) * 55 / 100;
            let total = (standard + housing + child + childcare + lcw + carer - reduction - unearned).max(0);
            let mut deductions = Vec::new();
            let mut deducted = 0;
            for _ in 0..r.below(3) {
                let kind = match r.below(100) {
                    0 => "COURT_FINE".to_string(),
                    1..=3 => r.pick(DEDUCTIONS).to_lowercase(),
                    _ => r.pick(DEDUCTIONS).to_string(),
                };
                let amount = r.range(10, 90) * 100;
                if deducted + amount <= total / 3 {
                    deducted += amount;
                    deductions.push((kind, amount));
                }
            }
            let take_home = total - deducted;
            let calculated = at_work(&mut r, ap_end + 1) - 7 * 3_600_000;
            let pay_day = ap_end + 7;
            let cancelled = r.pct(3);
            let paid = !cancelled && pay_day <= w.as_at;
            let status = if cancelled {
                "CANCELLED"
            } else if paid {
                "PAID"
            } else {
                "CALCULATED"
            };
            let payment_status = |r: &mut Rng| {
                if !paid {
                    "SCHEDULED"
                } else if r.pct(2) {
                    "FAILED"
                } else {
                    "PAID"
                }
            };
            let mut payments = Vec::new();
            let landlord = if c.managed { housing.min(take_home) } else { 0 };
            if landlord > 0 {
                payments.push(
                    json!({"paymentId": r.uuid(), "payeeType": "LANDLORD", "amountInPence": landlord,
                                     "paymentDate": date(pay_day), "paymentStatus": payment_status(&mut r)}),
                );
            }
            if take_home - landlord > 0 {
                payments.push(
                    json!({"paymentId": r.uuid(), "payeeType": if r.pct(3) { "claimant" } else { "CLAIMANT" },
                                     "amountInPence": take_home - landlord, "paymentDate": date(pay_day),
                                     "paymentStatus": payment_status(&mut r)}),
                );
            }
            for (kind, amount) in &deductions {
                if kind.to_uppercase().starts_with("THIRD_PARTY") {
                    payments.push(
                        json!({"paymentId": r.uuid(), "payeeType": "THIRD_PARTY", "amountInPence": amount,
                                         "paymentDate": date(pay_day), "paymentStatus": payment_status(&mut r)}),
                    );
                }
            }
            if !paid && r.pct(50) {
                payments.clear();
            }
            let latest = if paid {
                at_work(&mut r, pay_day)
            } else {
                calculated + r.range(60_000, 3_600_000)
            };
            let doc = json!({
                "_id": {"statementId": r.uuid()},
                "_lastModifiedDateTime": ts(latest),
                "contractId": c.id,
                "assessmentPeriod": {"startDate": date(ap_start), "endDate": date(ap_end)},
                "status": odd_case(&mut r, status, 3),
                "awardComponents": {"standardAllowanceInPence": standard, "housingElementInPence": housing,
                                    "childElementInPence": child, "childcareCostsElementInPence": childcare,
                                    "limitedCapabilityForWorkElementInPence": lcw, "carerElementInPence": carer},
                "earnedIncomeInPence": earned, "unearnedIncomeInPence": unearned, "workAllowanceInPence": work_allowance,
                "earningsReductionInPence": reduction,
                "totalAwardInPence": total,
                "deductions": deductions.iter().map(|(t, a)| json!({"deductionType": t, "amountInPence": a})).collect::<Vec<_>>(),
                "totalDeductionsInPence": deducted,
                "takeHomePayInPence": take_home,
                "payments": payments,
                "calculationDateTime": ts(calculated),
                "createdDateTime": ts(calculated),
            });
            let n = if paid { r.older_versions() } else { 0 };
            let mut versions = vec![doc.clone()];
            for j in 1..=n {
                // Earlier: calculated but not paid yet, with a provisional deduction.
                let mut old = doc.clone();
                old["_lastModifiedDateTime"] = json!(ts(older_ts(calculated, latest, j, n)));
                old["status"] = json!("CALCULATED");
                old["payments"] = json!([]);
                old["deductions"] = json!([{"deductionType": "ADVANCE_REPAYMENT", "amountInPence": 1000 * j}]);
                versions.push(old);
            }
            out.push_versions(versions)?;
        }
    }
    Ok(())
}

fn to_dos(w: &World, out: &mut Part) -> Result<()> {
    for (k, c) in w.contracts.iter().enumerate() {
        let mut r = w.rng("to-do", k);
        let last_day = c.closed.map(|(d, _)| d).unwrap_or(w.as_at);
        for _ in 0..r.range(1, 3) {
            let (_, code, _, _, owner, target, _) = r.pick(TO_DO_TYPES);
            let code = match r.below(100) {
                0 | 1 => "LEGACY_REVIEW".to_string(),
                2..=4 => format!(" {}", code.to_lowercase()),
                _ => code.to_string(),
            };
            let created_day = c.start + r.range(0, (last_day - c.start).max(1));
            let created = at_work(&mut r, created_day);
            let due = created_day + target as i64;
            let age = w.as_at - created_day;
            let status = match r.below(100) {
                _ if age < 3 => "OPEN",
                0..=59 => "COMPLETED",
                60..=69 => "CANCELLED",
                70..=84 => "IN_PROGRESS",
                _ => "OPEN",
            };
            let team = w.team_for(c.site, owner);
            let team_id = match r.below(100) {
                0 | 1 => "TM999901".to_string(),
                2..=4 => w.teams[team].id.to_lowercase(),
                _ => w.teams[team].id.clone(),
            };
            let finished = match status {
                "COMPLETED" | "CANCELLED" => {
                    let day = (created_day + r.range(0, 2 * target as i64 + 1)).min(w.as_at);
                    Some(at_work(&mut r, day).max(created + 60_000))
                }
                _ => None,
            };
            let until = finished.unwrap_or(w.end_ms());
            let n_assignees = if status == "OPEN" && r.pct(40) {
                0
            } else {
                r.range(1, 4)
            };
            let mut assignees = Vec::new();
            let mut agents = Vec::new();
            for a in 0..n_assignees {
                let from = created + (until - created) * a / n_assignees.max(1) + 60_000;
                let to = (a + 1 < n_assignees).then(|| created + (until - created) * (a + 1) / n_assignees);
                let agent = w.agent_ref(&mut r, team);
                assignees
                    .push(json!({"agentId": agent, "assignedDateTime": ts(from), "unassignedDateTime": to.map(ts)}));
                agents.push(agent);
            }
            let outcome = match (status, finished) {
                ("COMPLETED", Some(done)) => json!({
                    "outcomeCode": r.pick(&["VERIFIED", "VERIFIED", "NOT_VERIFIED", "NO_ACTION_NEEDED", "REFERRED"]),
                    "completedByAgentId": agents.last().cloned().unwrap_or_else(|| w.agent_ref(&mut r, team)),
                    "completedDateTime": ts(done)}),
                _ => Value::Null,
            };
            // Dirt: a completed to-do whose status was never moved on.
            let shown_status = if status == "COMPLETED" && r.pct(4) {
                "IN_PROGRESS".to_string()
            } else {
                odd_case(&mut r, status, 4)
            };
            let latest = finished.unwrap_or_else(|| modified_after(&mut r, created, w.end_ms()));
            let mut doc = json!({
                "_id": {"toDoId": r.uuid()},
                "_lastModifiedDateTime": ts(latest),
                "contractId": c.id,
                "claimantId": w.claimants[c.members[0]].id,
                "toDoTypeCode": code,
                "status": shown_status,
                "priority": match r.below(100) { 0..=4 => Value::Null, 5..=7 => json!("high"), _ => json!(r.pick(&["LOW", "NORMAL", "NORMAL", "NORMAL", "HIGH", "URGENT"])) },
                "teamId": team_id,
                "assignees": assignees,
                "dueDate": date(due),
                "outcome": outcome,
                "createdDateTime": ts(created),
            });
            if r.pct(3) {
                drop_key(&mut doc, "priority");
            }
            let n = if status == "OPEN" { 0 } else { r.older_versions() };
            let mut versions = vec![doc.clone()];
            for j in 1..=n {
                // Earlier: still open with the first assignee only.
                let mut old = doc.clone();
                old["_lastModifiedDateTime"] = json!(ts(older_ts(created, latest, j, n)));
                old["status"] = json!("OPEN");
                old["outcome"] = Value::Null;
                let first: Vec<Value> = doc["assignees"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .take(1)
                    .cloned()
                    .collect();
                old["assignees"] = json!(first
                    .into_iter()
                    .map(|mut a| {
                        a["unassignedDateTime"] = Value::Null;
                        a
                    })
                    .collect::<Vec<_>>());
                versions.push(old);
            }
            out.push_versions(versions)?;
        }
    }
    Ok(())
}

fn appointments(w: &World, out: &mut Part) -> Result<()> {
    for (k, c) in w.contracts.iter().enumerate() {
        let mut r = w.rng("appointment", k);
        let last_day = c.closed.map(|(d, _)| d).unwrap_or(w.as_at + 21);
        let team = w.team_for(c.site, "WORK_COACH");
        let mut day = c.start + r.range(1, 8);
        for n_appt in 0..r.range(1, 4) {
            if day > last_day {
                break;
            }
            let code = match n_appt {
                0 => "IEI",
                1 => "CC",
                _ => r.pick(&["WSR", "WSR", "WFI", "HCP", "CCR", "JSP", "SER"]),
            };
            let code = match r.below(100) {
                0 => "XYZ".to_string(),
                1..=3 => format!(" {}", code.to_lowercase()),
                _ => code.to_string(),
            };
            let minutes = APPOINTMENT_TYPES
                .iter()
                .find(|t| t.1 == code.trim().to_uppercase())
                .map(|t| t.4)
                .unwrap_or(30);
            let start = day * DAY_MS + (9 * 60 + 10 * r.range(0, 45)) * 60_000;
            let end = start + minutes as i64 * 60_000;
            let booked_day = (day - r.range(1, 14)).min(w.as_at);
            let booked = at_work(&mut r, booked_day);
            let agent = w.agent_ref(&mut r, team);
            let (attendance, latest) = if day > w.as_at {
                (Value::Null, booked + r.range(0, 3_600_000))
            } else {
                let status = match r.below(100) {
                    0..=69 => "ATTENDED",
                    70..=75 => "LATE",
                    76..=85 => "FAILED_TO_ATTEND",
                    86..=90 => "CANCELLED_BY_CLAIMANT",
                    91..=94 => "CANCELLED_BY_DWP",
                    _ => "RESCHEDULED",
                };
                let arrived = match status {
                    "ATTENDED" => Some(start - r.range(0, 15 * 60_000)),
                    "LATE" => Some(start + r.range(5 * 60_000, 20 * 60_000)),
                    _ => None,
                };
                let recorded = end + r.range(5 * 60_000, 120 * 60_000);
                (
                    json!({"status": odd_case(&mut r, status, 2), "arrivedDateTime": arrived.map(ts),
                           "recordedByAgentId": agent, "recordedDateTime": ts(recorded)}),
                    recorded + r.range(0, 1000),
                )
            };
            let site = match r.below(100) {
                0 => "ST999999".to_string(),
                1..=3 => w.sites[c.site].id.to_lowercase(),
                _ => w.sites[c.site].id.clone(),
            };
            let channel = match r.below(100) {
                0..=3 => "F2F",
                4..=6 => "phone",
                7..=14 => "TELEPHONE",
                15..=19 => "VIDEO",
                _ => "FACE_TO_FACE",
            };
            let doc = json!({
                "_id": {"appointmentId": r.uuid()},
                "_lastModifiedDateTime": ts(latest),
                "claimantId": w.claimants[c.members[r.below(c.members.len() as u64) as usize]].id,
                "contractId": c.id,
                "appointmentTypeCode": code,
                "siteId": site,
                "agentId": agent,
                "channel": channel,
                "scheduledStartDateTime": ts(start),
                "scheduledEndDateTime": ts(end),
                "attendance": attendance,
                "bookedDateTime": ts(booked),
                "createdDateTime": ts(booked),
            });
            let n = if doc["attendance"].is_null() {
                0
            } else {
                r.older_versions()
            };
            let mut versions = vec![doc.clone()];
            for j in 1..=n {
                // Earlier: booked, attendance not yet recorded.
                let mut old = doc.clone();
                old["_lastModifiedDateTime"] = json!(ts(older_ts(booked, latest, j, n)));
                old["attendance"] = Value::Null;
                versions.push(old);
            }
            out.push_versions(versions)?;
            day += r.range(10, 35);
        }
    }
    Ok(())
}

fn agents(w: &World, out: &mut Part) -> Result<()> {
    for (a, agent) in w.agents.iter().enumerate() {
        let mut r = w.rng("agent-doc", a);
        let created = agent.start * DAY_MS + 8 * 3_600_000;
        let latest = modified_after(&mut r, created, w.end_ms());
        let team = agent.moved_to.unwrap_or(agent.team);
        let mut roles = vec![agent.role];
        if agent.role == "WORK_COACH" && r.pct(50) {
            roles.push("JOURNAL_RESPONDER");
        }
        let roles: Vec<Value> = if a % 17 == 9 {
            vec![]
        } else {
            roles.into_iter().map(|x| json!(odd_case(&mut r, x, 5))).collect()
        };
        let staff = agent.staff_number.to_string();
        let mut doc = json!({
            "_id": {"agentId": agent.id},
            "_lastModifiedDateTime": ts(latest),
            "staffNumber": if r.pct(10) { staff.trim_start_matches('1').to_string() } else { staff },
            "name": {"firstName": agent.first, "lastName": agent.last},
            "emailAddress": format!("{}.{}@dwp.gov.uk", agent.first, agent.last.replace('\'', "")).to_lowercase(),
            "teamId": odd_case(&mut r, &w.teams[team].id, 5),
            "roles": roles,
            "grade": odd_case(&mut r, agent.grade, 5),
            "startDate": date(agent.start),
            "endDate": agent.end.map(date),
            "isActive": agent.end.is_none(),
            "createdDateTime": ts(created),
        });
        if r.pct(5) {
            drop_key(&mut doc, "isActive");
        }
        let mut versions = vec![doc.clone()];
        if let Some(_moved) = agent.moved_to {
            // Earlier: still in the team Crown knows.
            let mut old = doc.clone();
            old["_lastModifiedDateTime"] = json!(ts(older_ts(created, latest, 1, 1)));
            old["teamId"] = json!(w.teams[agent.team].id);
            versions.push(old);
        }
        out.push_versions(versions)?;
    }
    Ok(())
}

fn teams(w: &World, out: &mut Part) -> Result<()> {
    for (t, team) in w.teams.iter().enumerate() {
        let mut r = w.rng("team-doc", t);
        let leader = &w.agents[team.agents[0]];
        let created = leader.start * DAY_MS + 8 * 3_600_000;
        let latest = modified_after(&mut r, created, w.end_ms());
        // Crown's members plus the agents who moved in since the Crown export.
        let moved_in = (0..w.agents.len()).filter(|&a| w.agents[a].moved_to == Some(t));
        let members: Vec<Value> = team
            .agents
            .iter()
            .copied()
            .chain(moved_in)
            .map(|a| json!({"agentId": w.agents[a].id, "joinedDate": date(w.agents[a].start.max(leader.start))}))
            .collect();
        let site = &w.sites[team.site];
        let doc = json!({
            "_id": {"teamId": team.id},
            "_lastModifiedDateTime": ts(latest),
            "name": team_name(team, site, t),
            "siteId": site.id,
            "teamType": if t == 1 { Value::Null } else { json!(odd_case(&mut r, team.team_type, 10)) },
            "leaderAgentId": leader.id,
            "members": members,
            "isActive": true,
            "createdDateTime": ts(created),
        });
        let n = r.older_versions();
        let mut versions = vec![doc.clone()];
        for j in 1..=n {
            // Earlier: the leader alone.
            let mut old = doc.clone();
            old["_lastModifiedDateTime"] = json!(ts(older_ts(created, latest, j, n)));
            old["members"] = json!([members[0]]);
            versions.push(old);
        }
        out.push_versions(versions)?;
    }
    Ok(())
}

fn team_name(team: &Team, site: &Site, t: usize) -> String {
    let kind = match team.team_type {
        "WORK_COACH" => "Work Coach",
        "CASE_MANAGEMENT" => "Case Management",
        "TELEPHONY" => "Telephony",
        _ => "Decision Making",
    };
    format!("{} {kind} Team {}", TOWNS[site.town].name, t / 2 + 1)
}

// ---------------------------------------------------------------------------------------------
// Dictionary and Crown exports (flat rows, every value a string or null).

fn dictionary(_w: &World, out: &mut Part) -> Result<()> {
    for (name, codes) in DICTIONARY {
        for (i, (code, description)) in codes.iter().enumerate() {
            // Dirt: one dictionary name in odd case, codes with spaces.
            let name = if *name == "PAYEE_TYPE" {
                " payee_type ".to_string()
            } else {
                name.to_string()
            };
            let code = if i == 1 { format!("{code} ") } else { code.to_string() };
            out.push(
                &json!({"dictionary_name": name, "code": code, "description": description,
                             "start_date": "2013-04-29", "end_date": null}),
            )?;
        }
    }
    // A code loaded twice (the later start date wins), an ended code, a row with no code.
    out.push(
        &json!({"dictionary_name": "MARITAL_STATUS", "code": "SEPARATED", "description": "Separated (old wording)",
                     "start_date": "2010-01-01", "end_date": "2013-04-28"}),
    )?;
    out.push(
        &json!({"dictionary_name": "CLOSURE_REASON", "code": "MOVED_TO_LEGACY_BENEFIT",
                     "description": "Moved to a legacy benefit", "start_date": "2013-04-29", "end_date": "2019-01-15"}),
    )?;
    out.push(&json!({"dictionary_name": "DEDUCTION_TYPE", "code": null, "description": "Blank row", "start_date": null, "end_date": null}))?;
    Ok(())
}

fn flag(r: &mut Rng, on: bool) -> &'static str {
    if on {
        r.pick(&["Y", "Y", "Y", "Y", "y", "YES", "1"])
    } else {
        r.pick(&["N", "N", "n", "0"])
    }
}

fn crown_agents(w: &World, out: &mut Part) -> Result<()> {
    let mut older = Vec::new();
    for (a, agent) in w.agents.iter().enumerate() {
        let mut r = w.rng("crown-agent", a);
        let updated = recent(&mut r, w.as_at, 1, 60);
        let role_name = match agent.role {
            "TEAM_LEADER" => "Team Leader",
            "WORK_COACH" => "Work Coach",
            "CASE_MANAGER" => "Case Manager",
            "SERVICE_AGENT" => "Service Agent",
            _ => "Decision Maker",
        };
        let row = json!({
            "agent_id": odd_case(&mut r, &agent.id, 5),
            "staff_number": if r.pct(10) { agent.staff_number.to_string().trim_start_matches('1').to_string() } else { agent.staff_number.to_string() },
            "first_name": if r.pct(5) { format!(" {}", agent.first) } else { agent.first.to_string() },
            "last_name": agent.last,
            "email_address": format!("{}.{}@DWP.GOV.UK", agent.first, agent.last.replace('\'', "")),
            "team_id": odd_case(&mut r, &w.teams[agent.team].id, 5),
            "role_code": odd_case(&mut r, agent.role, 5),
            "role_name": role_name,
            "grade_code": agent.grade,
            "start_date": date(agent.start),
            "end_date": agent.end.map(date),
            "active_flag": if r.pct(3) { Value::Null } else { json!(flag(&mut r, agent.end.is_none())) },
            "last_updated": crown_ts(updated),
        });
        out.push(&row)?;
        if a % 11 == 3 {
            // The same agent exported earlier, in another team: the later row must win.
            let mut old = row.clone();
            old["last_updated"] = json!(crown_ts(updated - 90 * DAY_MS));
            old["team_id"] = json!(w.teams[(agent.team + 1) % w.teams.len()].id);
            older.push(old);
        }
    }
    older.push(
        json!({"agent_id": null, "staff_number": "00000000", "first_name": "Test", "last_name": "Account",
                      "email_address": null, "team_id": null, "role_code": null, "role_name": null, "grade_code": null,
                      "start_date": null, "end_date": null, "active_flag": "N", "last_updated": "2020-01-01 00:00:00"}),
    );
    older.push(json!({"agent_id": " ", "staff_number": null, "first_name": null, "last_name": null,
                      "email_address": null, "team_id": null, "role_code": null, "role_name": null, "grade_code": null,
                      "start_date": null, "end_date": null, "active_flag": null, "last_updated": "2020-01-01 00:00:00"}));
    for row in &older {
        out.push(row)?;
    }
    Ok(())
}

fn crown_teams(w: &World, out: &mut Part) -> Result<()> {
    for (t, team) in w.teams.iter().enumerate() {
        let mut r = w.rng("crown-team", t);
        let site = &w.sites[team.site];
        let leader = &w.agents[team.agents[0]];
        let prefix: String = TOWNS[site.town]
            .name
            .chars()
            .filter(|c| c.is_ascii_uppercase())
            .collect();
        out.push(&json!({
            "team_id": odd_case(&mut r, &team.id, 5),
            "team_code": format!("{prefix}{}-{}-{:02}", team.site + 1, &team.team_type[..2], t + 1).to_lowercase(),
            "team_name": team_name(team, site, t),
            "team_type": odd_case(&mut r, team.team_type, 5),
            "site_id": odd_case(&mut r, &site.id, 10),
            "parent_team_id": (t % 2 == 1).then(|| w.teams[t - 1].id.clone()),
            "team_leader_agent_id": leader.id,
            "start_date": date(leader.start),
            "end_date": null,
            "active_flag": flag(&mut r, true),
            "last_updated": crown_ts(recent(&mut r, w.as_at, 1, 90)),
        }))?;
    }
    // A team at a site Crown does not list (its site key is the unknown member).
    out.push(
        &json!({"team_id": "TM999990", "team_code": "XX-CM-99", "team_name": "Closed Office Case Management",
                     "team_type": "CASE_MANAGEMENT", "site_id": "ST999999", "parent_team_id": null,
                     "team_leader_agent_id": null, "start_date": "2015-01-05", "end_date": "2022-12-31",
                     "active_flag": "N", "last_updated": "2023-01-03 06:00:00"}),
    )
}

fn crown_sites(w: &World, out: &mut Part) -> Result<()> {
    let mut older = Vec::new();
    for (s, site) in w.sites.iter().enumerate() {
        let mut r = w.rng("crown-site", s);
        let town = &TOWNS[site.town];
        let kind = match site.site_type {
            "JOBCENTRE" => "Jobcentre",
            "SERVICE_CENTRE" => "Service Centre",
            _ => "Outreach",
        };
        let postcode = format!(
            "{}{} {}{}{}",
            town.area,
            r.range(1, 30),
            r.range(1, 10),
            r.pick(POSTCODE_LETTERS) as char,
            r.pick(POSTCODE_LETTERS) as char
        );
        let updated = recent(&mut r, w.as_at, 1, 120);
        let row = json!({
            "site_id": odd_case(&mut r, &site.id, 5),
            "site_code": format!("JCP{:04}", 400 + s),
            "site_name": format!("{} {kind} {}", town.name, s / TOWNS.len() + 1),
            "site_type": odd_case(&mut r, site.site_type, 5),
            "address_line_1": format!("{} {}", r.range(1, 120), r.pick(STREETS)),
            "town": town.name,
            "postcode": if r.pct(30) { postcode.replace(' ', "").to_lowercase() } else { postcode },
            "local_authority_code": town.la_code,
            "district_name": town.district,
            "region_name": town.region,
            "parent_site_id": site.parent.map(|p| w.sites[p].id.to_lowercase()),
            "start_date": "2013-04-29",
            "end_date": null,
            "active_flag": flag(&mut r, true),
            "last_updated": crown_ts(updated),
        });
        out.push(&row)?;
        if s == 0 {
            // Renamed since an earlier export: the later row must win.
            let mut old = row.clone();
            old["site_name"] = json!(format!("{} Jobcentre Plus", town.name));
            old["last_updated"] = json!(crown_ts(updated - 400 * DAY_MS));
            older.push(old);
        }
    }
    for row in &older {
        out.push(row)?;
    }
    Ok(())
}

fn crown_appointment_types(w: &World, out: &mut Part) -> Result<()> {
    let mut r = w.rng("crown-appointment-type", 0);
    for &(id, code, name, category, minutes, mandatory, channel) in APPOINTMENT_TYPES {
        out.push(&json!({
            "appointment_type_id": id,
            "appointment_type_code": if code == "WFI" { " wfi".to_string() } else { code.to_string() },
            "appointment_type_name": name,
            "appointment_category": category,
            "default_duration_minutes": minutes.to_string(),
            "mandatory_flag": mandatory,
            "default_channel": channel,
            "start_date": "2016-05-09",
            "end_date": null,
            "active_flag": "Y",
            "last_updated": crown_ts(recent(&mut r, w.as_at, 100, 400)),
        }))?;
    }
    // An older row of WSR under its own id (the later wins) and a retired type reusing a code
    // (the model keeps the active one per code).
    out.push(&json!({"appointment_type_id": "AT0003", "appointment_type_code": "WSR", "appointment_type_name": "Fortnightly Work Search Review",
                     "appointment_category": "WORK_SEARCH", "default_duration_minutes": "15", "mandatory_flag": "Y",
                     "default_channel": "FACE_TO_FACE", "start_date": "2013-04-29", "end_date": null, "active_flag": "Y",
                     "last_updated": "2016-05-09 02:00:00"}))?;
    out.push(&json!({"appointment_type_id": "AT0099", "appointment_type_code": "WFI", "appointment_type_name": "Work Focused Interview (legacy)",
                     "appointment_category": "WORK_SEARCH", "default_duration_minutes": "40", "mandatory_flag": "N",
                     "default_channel": "FACE_TO_FACE", "start_date": "2013-04-29", "end_date": "2016-05-08", "active_flag": "N",
                     "last_updated": "2016-05-09 02:00:00"}))
}

fn crown_to_do_types(w: &World, out: &mut Part) -> Result<()> {
    let mut r = w.rng("crown-to-do-type", 0);
    for &(id, code, name, category, owner, target, automated) in TO_DO_TYPES {
        out.push(&json!({
            "to_do_type_id": id,
            "to_do_type_code": code,
            "to_do_type_name": name,
            "to_do_category": category,
            "owning_team_type": owner,
            "target_days": target.to_string(),
            "automated_flag": automated,
            "start_date": "2016-05-09",
            "end_date": null,
            "active_flag": flag(&mut r, true),
            "last_updated": crown_ts(recent(&mut r, w.as_at, 100, 400)),
        }))?;
    }
    out.push(&json!({"to_do_type_id": null, "to_do_type_code": "TEST", "to_do_type_name": "Test row", "to_do_category": null,
                     "owning_team_type": null, "target_days": "n/a", "automated_flag": null, "start_date": null, "end_date": null,
                     "active_flag": "N", "last_updated": null}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for day in [-1, 0, 11_016, 19_782, 19_783, 60_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(date(days_from_civil(2024, 2, 29)), "2024-02-29");
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
