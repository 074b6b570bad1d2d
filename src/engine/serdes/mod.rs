//! External tables read as their declared SerDe reads them: every data file of the table's
//! folder, line by line, into Arrow with the table's declared columns. Only the openx JSON SerDe
//! is emulated ([`openx`] has its parsing and writing rules); Hive's own JsonSerDe has different
//! rules and is refused by name, as is any property or column type whose reading is not
//! emulated here.
//!
//! Per line, as `JsonSerDe.deserialize` (1.3.8) does: Java-trimmed; `{...}` is a row; any other
//! line, an empty one included, is a row of NULLs; a line that does not parse is a row of NULLs
//! with `ignore.malformed.json`, else the read fails naming the file, line and column (Hive
//! fails the first query that reads the table; here the CREATE fails, before any result).

mod openx;

use crate::sql::row_format::DeclaredSerde;
use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Float32Builder, Float64Builder, Int16Builder, Int32Builder, Int64Builder, Int8Builder,
    ListBuilder, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use openx::Node;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What reading a table's folder gave.
pub struct JsonRead {
    pub batch: RecordBatch,
    /// Lines read as rows of NULLs because they did not parse (ignore.malformed.json):
    /// (file, line number, the parser's message).
    pub malformed: Vec<(PathBuf, usize, String)>,
    /// Lines read as rows of NULLs because they are not JSON objects (empty lines too).
    pub not_objects: Vec<(PathBuf, usize)>,
}

/// Data files of a Hive table folder: regular files, not hidden (`.x`, `_x`), in name order.
pub fn data_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.') && !n.starts_with('_'))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Checks, at CREATE, that the local engine reads this SerDe and these columns as Hive does.
pub fn check_emulated(serde: &DeclaredSerde, schema: &SchemaRef) -> Result<(), String> {
    if serde.kind != crate::sql::row_format::SerdeKind::Openx {
        return Err(format!(
            "ROW FORMAT SERDE '{}': the local engine emulates only the openx JSON SerDe ({}); this one's rules (key case, nested text, malformed lines) differ and are not emulated",
            serde.class,
            crate::sql::row_format::OPENX
        ));
    }
    if serde.dots_in_keys {
        return Err("SERDEPROPERTIES 'dots.in.keys'='true': not emulated by the local engine".into());
    }
    for f in schema.fields() {
        Column::new(f.data_type()).map_err(|e| format!("column {}: {e}", f.name()))?;
    }
    Ok(())
}

/// Reads every line of `dir` with the columns of `schema`, as `serde` reads them.
pub fn read(dir: &Path, schema: SchemaRef, serde: &DeclaredSerde) -> Result<JsonRead, String> {
    check_emulated(serde, &schema)?;
    let files = data_files(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // Hive lower-cases column names; a column reads the key its mapping names (lower-cased
    // with the keys when case-insensitive), else its own name.
    let index: HashMap<String, usize> = schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let column = f.name().to_lowercase();
            let key = match serde.mappings.get(&column) {
                Some(k) if serde.case_insensitive => k.to_lowercase(),
                Some(k) => k.clone(),
                None => column,
            };
            (key, i)
        })
        .collect();
    let mut builders: Vec<Column> = schema
        .fields()
        .iter()
        .map(|f| Column::new(f.data_type()))
        .collect::<Result<_, _>>()?;
    let mut read = JsonRead {
        batch: RecordBatch::new_empty(schema.clone()),
        malformed: Vec::new(),
        not_objects: Vec::new(),
    };
    let mut rows = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for (n, raw) in hadoop_lines(&text).enumerate() {
            let line = raw.trim_matches(|c: char| c <= ' ');
            let at = |col: usize| format!("{}:{}:{}", file.display(), n + 1, col);
            rows += 1;
            if line.starts_with('[') {
                return Err(format!(
                    "{}: a line that is a JSON array is not emulated by the local engine (the openx SerDe reads it by position)",
                    at(1)
                ));
            }
            if !line.starts_with('{') {
                read.not_objects.push((file.clone(), n + 1));
                builders.iter_mut().for_each(|b| b.push_null());
                continue;
            }
            let doc = match openx::parse_object(line, serde.case_insensitive) {
                Ok(doc) => doc,
                Err(e) => {
                    let column = raw.len() - raw.trim_start_matches(|c: char| c <= ' ').len()
                        + line[..e.offset.min(line.len())].chars().count();
                    if !serde.ignore_malformed {
                        return Err(format!(
                            "{}: not a valid JSON object for the openx SerDe: {} (set 'ignore.malformed.json'='true' to read it as a row of NULLs)",
                            at(column),
                            e.message
                        ));
                    }
                    read.malformed.push((file.clone(), n + 1, e.message));
                    builders.iter_mut().for_each(|b| b.push_null());
                    continue;
                }
            };
            let Node::Object(entries) = &doc else {
                unreachable!("parse_object gives an object")
            };
            let mut values: Vec<Option<&Node>> = vec![None; builders.len()];
            for (k, v) in entries {
                if let Some(&i) = index.get(k.as_ref()) {
                    values[i] = Some(v);
                }
            }
            for (i, b) in builders.iter_mut().enumerate() {
                let name = schema.field(i).name();
                b.push(values[i])
                    .map_err(|e| format!("{}: column {name}: {e}", at(1)))?;
            }
        }
    }
    let columns: Vec<ArrayRef> = builders.iter_mut().map(|b| b.finish()).collect();
    read.batch = RecordBatch::try_new_with_options(
        schema,
        columns,
        &datafusion::arrow::record_batch::RecordBatchOptions::new().with_row_count(Some(rows)),
    )
    .map_err(|e| e.to_string())?;
    Ok(read)
}

/// Lines as Hadoop's LineRecordReader splits a text file: at `\n`, `\r\n` or `\r`; a last
/// line without a terminator counts, an empty piece after the last terminator does not.
fn hadoop_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            usize::from(end < rest.len())
        };
        rest = &rest[end + skip..];
        Some(line)
    })
}

/// A column being built, by declared type, with the openx SerDe's object inspectors' rules.
enum Column {
    Str(StringBuilder),
    Bool(BooleanBuilder),
    I8(Int8Builder),
    I16(Int16Builder),
    I32(Int32Builder),
    I64(Int64Builder),
    F32(Float32Builder),
    F64(Float64Builder),
    List(ListBuilder<StringBuilder>),
}

/// A value read into a STRING column: text as is, booleans as `true`/`false`, nested values as
/// the SerDe writes them; JSON null is NULL.
fn text(v: &Node) -> Option<String> {
    match v {
        Node::Null => None,
        Node::Text(s) => Some(s.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        nested => Some(openx::write_text(nested)),
    }
}

/// Java's `Long.parseLong` (and the SerDe's `0x` prefix for hex), range-checked by the caller.
fn java_integer(s: &str) -> Option<i64> {
    let (digits, radix) = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => (hex, 16),
        None => (s, 10),
    };
    let body = digits.strip_prefix(['+', '-']).unwrap_or(digits);
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    i64::from_str_radix(digits, radix).ok()
}

/// Java's `Double.parseDouble`: trimmed, an optional `d`/`f` suffix, `NaN` and `Infinity`
/// spelled exactly.
fn java_double(s: &str) -> Option<f64> {
    let t = s.trim_matches(|c: char| c <= ' ');
    let t = t.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(t);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    match unsigned {
        "NaN" | "Infinity" => t.parse().ok(),
        _ if unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) =>
        {
            t.parse().ok()
        }
        _ => None,
    }
}

impl Column {
    fn new(t: &DataType) -> Result<Column, String> {
        Ok(match t {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Column::Str(StringBuilder::new()),
            DataType::Boolean => Column::Bool(BooleanBuilder::new()),
            DataType::Int8 => Column::I8(Int8Builder::new()),
            DataType::Int16 => Column::I16(Int16Builder::new()),
            DataType::Int32 => Column::I32(Int32Builder::new()),
            DataType::Int64 => Column::I64(Int64Builder::new()),
            DataType::Float32 => Column::F32(Float32Builder::new()),
            DataType::Float64 => Column::F64(Float64Builder::new()),
            DataType::List(f) if matches!(f.data_type(), DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8) => {
                Column::List(ListBuilder::new(StringBuilder::new()))
            }
            other => {
                return Err(format!(
                    "{other} columns of an openx JSON SerDe table are not emulated by the local engine (declare them STRING and cast in the query)"
                ))
            }
        })
    }

    fn push_null(&mut self) {
        match self {
            Column::Str(b) => b.append_null(),
            Column::Bool(b) => b.append_null(),
            Column::I8(b) => b.append_null(),
            Column::I16(b) => b.append_null(),
            Column::I32(b) => b.append_null(),
            Column::I64(b) => b.append_null(),
            Column::F32(b) => b.append_null(),
            Column::F64(b) => b.append_null(),
            Column::List(b) => b.append(false),
        }
    }

    /// Appends one value. A value the SerDe's inspector cannot read as the declared type is an
    /// error: Hive then gives 0 or fails the task depending on the operator, so no guess here.
    fn push(&mut self, v: Option<&Node>) -> Result<(), String> {
        let Some(v) = v.filter(|v| **v != Node::Null) else {
            self.push_null();
            return Ok(());
        };
        let unreadable = |what: &str| {
            let shown = text(v).unwrap_or_default();
            let shown: String = shown.chars().take(40).collect();
            Err(format!(
                "'{shown}' is not {what} as the openx SerDe reads it; declare the column STRING and cast in the query"
            ))
        };
        let integer = |min: i64, max: i64| match v {
            Node::Text(s) => java_integer(s).filter(|x| (min..=max).contains(x)),
            _ => None,
        };
        match self {
            // Text is appended borrowed: one allocation less per cell on the hot path.
            Column::Str(b) => match v {
                Node::Text(s) => b.append_value(s),
                other => b.append_option(text(other)),
            },
            Column::Bool(b) => match v {
                Node::Bool(x) => b.append_value(*x),
                Node::Text(s) => b.append_value(s.eq_ignore_ascii_case("true")),
                _ => return unreadable("a BOOLEAN"),
            },
            Column::I8(b) => match integer(i8::MIN.into(), i8::MAX.into()) {
                Some(x) => b.append_value(x as i8),
                None => return unreadable("a TINYINT"),
            },
            Column::I16(b) => match integer(i16::MIN.into(), i16::MAX.into()) {
                Some(x) => b.append_value(x as i16),
                None => return unreadable("a SMALLINT"),
            },
            Column::I32(b) => match integer(i32::MIN.into(), i32::MAX.into()) {
                Some(x) => b.append_value(x as i32),
                None => return unreadable("an INT"),
            },
            Column::I64(b) => match integer(i64::MIN, i64::MAX) {
                Some(x) => b.append_value(x),
                None => return unreadable("a BIGINT"),
            },
            Column::F32(b) => match v {
                Node::Text(s) => match java_double(s) {
                    Some(x) => b.append_value(x as f32),
                    None => return unreadable("a FLOAT"),
                },
                _ => return unreadable("a FLOAT"),
            },
            Column::F64(b) => match v {
                Node::Text(s) => match java_double(s) {
                    Some(x) => b.append_value(x),
                    None => return unreadable("a DOUBLE"),
                },
                _ => return unreadable("a DOUBLE"),
            },
            Column::List(b) => match v {
                Node::Array(items) => {
                    for item in items {
                        b.values().append_option(text(item));
                    }
                    b.append(true);
                }
                _ => return unreadable("an ARRAY"),
            },
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Str(b) => Arc::new(b.finish()),
            Column::Bool(b) => Arc::new(b.finish()),
            Column::I8(b) => Arc::new(b.finish()),
            Column::I16(b) => Arc::new(b.finish()),
            Column::I32(b) => Arc::new(b.finish()),
            Column::I64(b) => Arc::new(b.finish()),
            Column::F32(b) => Arc::new(b.finish()),
            Column::F64(b) => Arc::new(b.finish()),
            Column::List(b) => Arc::new(b.finish()),
        }
    }
}

/// The Arrow type the builder produces for a declared type.
pub fn stored_type(t: &DataType) -> DataType {
    match t {
        DataType::Utf8View | DataType::LargeUtf8 => DataType::Utf8,
        DataType::List(f) => DataType::List(Arc::new(
            f.as_ref().clone().with_data_type(DataType::Utf8).with_nullable(true),
        )),
        other => other.clone(),
    }
}
