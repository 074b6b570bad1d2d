//! External tables with a JSON SerDe: every file of the table's folder, one JSON document per
//! line, read into Arrow with the table's declared columns. Like the openx SerDe, keys match
//! columns case-insensitively, a nested object or array declared STRING arrives as its JSON
//! text, and (with `ignore.malformed.json`) a line that is not a JSON object is rejected and
//! counted, not fatal.

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Decimal128Builder, Float32Builder, Float64Builder, Int16Builder,
    Int32Builder, Int64Builder, Int8Builder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What reading a table's folder gave.
pub struct JsonRead {
    pub batch: RecordBatch,
    /// Lines that were not JSON objects: (file, line number).
    pub rejected: Vec<(PathBuf, usize)>,
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

/// Reads every document of `dir` with the columns of `schema`.
pub fn read(dir: &Path, schema: SchemaRef, ignore_malformed: bool) -> Result<JsonRead, String> {
    let files = data_files(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let index: HashMap<String, usize> = schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name().to_lowercase(), i))
        .collect();
    let mut builders: Vec<Column> = schema
        .fields()
        .iter()
        .map(|f| Column::new(f.data_type()))
        .collect::<Result<_, _>>()?;
    let mut rejected = Vec::new();
    let mut rows = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let doc: Option<serde_json::Map<String, Value>> = match serde_json::from_str(line) {
                Ok(Value::Object(m)) => Some(m),
                _ => None,
            };
            let Some(doc) = doc else {
                if ignore_malformed {
                    rejected.push((file.clone(), n + 1));
                    continue;
                }
                return Err(format!("{}:{}: not a JSON object", file.display(), n + 1));
            };
            let mut seen = vec![false; builders.len()];
            for (k, v) in &doc {
                if let Some(&i) = index.get(&k.to_lowercase()) {
                    if !seen[i] {
                        builders[i].push(Some(v));
                        seen[i] = true;
                    }
                }
            }
            for (i, s) in seen.iter().enumerate() {
                if !s {
                    builders[i].push(None);
                }
            }
            rows += 1;
        }
    }
    let columns: Vec<ArrayRef> = builders.iter_mut().map(|b| b.finish()).collect();
    let batch = RecordBatch::try_new_with_options(
        schema,
        columns,
        &datafusion::arrow::record_batch::RecordBatchOptions::new().with_row_count(Some(rows)),
    )
    .map_err(|e| e.to_string())?;
    Ok(JsonRead { batch, rejected })
}

/// A column being built, by declared type. Values that do not fit the type become NULL, as
/// they do through the SerDe.
enum Column {
    Str(StringBuilder),
    Bool(BooleanBuilder),
    I8(Int8Builder),
    I16(Int16Builder),
    I32(Int32Builder),
    I64(Int64Builder),
    F32(Float32Builder),
    F64(Float64Builder),
    Dec(Decimal128Builder, u8, i8),
    Date(Date32Builder),
    Ts(TimestampMicrosecondBuilder),
    List(ListBuilder<StringBuilder>),
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
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
            DataType::Decimal128(p, s) => Column::Dec(
                Decimal128Builder::new()
                    .with_precision_and_scale(*p, *s)
                    .map_err(|e| e.to_string())?,
                *p,
                *s,
            ),
            DataType::Date32 => Column::Date(Date32Builder::new()),
            DataType::Timestamp(_, _) => Column::Ts(TimestampMicrosecondBuilder::new()),
            DataType::List(f) if matches!(f.data_type(), DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8) => {
                Column::List(ListBuilder::new(StringBuilder::new()))
            }
            other => {
                return Err(format!(
                    "JSON tables with {other} columns are not supported by the local engine"
                ))
            }
        })
    }

    fn push(&mut self, v: Option<&Value>) {
        let v = v.filter(|v| !v.is_null());
        match self {
            Column::Str(b) => b.append_option(v.and_then(text)),
            Column::Bool(b) => b.append_option(v.and_then(|v| match v {
                Value::Bool(x) => Some(*x),
                Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
                Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
                _ => None,
            })),
            Column::I8(b) => b.append_option(v.and_then(integer).and_then(|x| i8::try_from(x).ok())),
            Column::I16(b) => b.append_option(v.and_then(integer).and_then(|x| i16::try_from(x).ok())),
            Column::I32(b) => b.append_option(v.and_then(integer).and_then(|x| i32::try_from(x).ok())),
            Column::I64(b) => b.append_option(v.and_then(integer)),
            Column::F32(b) => b.append_option(v.and_then(number).map(|x| x as f32)),
            Column::F64(b) => b.append_option(v.and_then(number)),
            Column::Dec(b, p, s) => {
                let scaled = v
                    .and_then(number)
                    .map(|x| (x * 10f64.powi(i32::from(*s))).round() as i128);
                let fits = scaled.filter(|x| x.unsigned_abs() < 10u128.pow(u32::from(*p)));
                b.append_option(fits)
            }
            Column::Date(b) => b.append_option(v.and_then(text).and_then(|s| {
                let d = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
                Some(d.signed_duration_since(chrono::NaiveDate::default()).num_days() as i32)
            })),
            Column::Ts(b) => b.append_option(v.and_then(text).and_then(|s| {
                let s = s.trim().replace('T', " ");
                let t = chrono::NaiveDateTime::parse_from_str(s.get(..19.min(s.len()))?, "%Y-%m-%d %H:%M:%S")
                    .ok()
                    .or_else(|| {
                        chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
                            .ok()?
                            .and_hms_opt(0, 0, 0)
                    })?;
                Some(t.and_utc().timestamp_micros())
            })),
            Column::List(b) => match v {
                Some(Value::Array(items)) => {
                    for item in items {
                        b.values().append_option(text(item));
                    }
                    b.append(true);
                }
                _ => b.append(false),
            },
        }
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
            Column::Dec(b, _, _) => Arc::new(b.finish()),
            Column::Date(b) => Arc::new(b.finish()),
            Column::Ts(b) => Arc::new(b.finish()),
            Column::List(b) => Arc::new(b.finish()),
        }
    }
}

/// The Arrow type the builder produces for a declared type (timestamps are microseconds).
pub fn stored_type(t: &DataType) -> DataType {
    match t {
        DataType::Timestamp(_, tz) => DataType::Timestamp(TimeUnit::Microsecond, tz.clone()),
        DataType::Utf8View | DataType::LargeUtf8 => DataType::Utf8,
        DataType::List(f) => DataType::List(Arc::new(
            f.as_ref().clone().with_data_type(DataType::Utf8).with_nullable(true),
        )),
        other => other.clone(),
    }
}
