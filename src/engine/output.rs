//! Query results for people (an aligned table) and for programs (CSV, JSON lines).

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

fn formatters<'a>(b: &'a RecordBatch, options: &'a FormatOptions) -> Vec<ArrayFormatter<'a>> {
    b.columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), options).expect("every Arrow type formats"))
        .collect()
}

/// Every cell as text, row by row; NULL is shown as `NULL` (table) or empty (CSV).
fn cells(batches: &[RecordBatch], null: &str) -> Vec<Vec<String>> {
    let options = FormatOptions::default().with_null(null);
    let mut rows = Vec::new();
    for b in batches {
        let formatters = formatters(b, &options);
        for r in 0..b.num_rows() {
            rows.push(formatters.iter().map(|f| f.value(r).to_string()).collect());
        }
    }
    rows
}

pub fn table(schema: &SchemaRef, batches: &[RecordBatch]) -> String {
    let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let rows = cells(batches, "NULL");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| -> String {
        let cells: Vec<String> = cols.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let rule: String = format!(
        "+{}+\n",
        widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+")
    );
    let mut out = String::new();
    out.push_str(&rule);
    out.push_str(&line(&header));
    out.push_str(&rule);
    for r in &rows {
        out.push_str(&line(r));
    }
    out.push_str(&rule);
    out.push_str(&format!(
        "{} row{}\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(schema: &SchemaRef, batches: &[RecordBatch]) -> String {
    let mut out = String::new();
    let header: Vec<String> = schema.fields().iter().map(|f| csv_field(f.name())).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for r in cells(batches, "") {
        out.push_str(&r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// One JSON object per row (JSON lines), values as their text, NULL as null.
pub fn json(schema: &SchemaRef, batches: &[RecordBatch]) -> String {
    let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
    let mut out = String::new();
    let options = FormatOptions::default();
    for b in batches {
        let formatters = formatters(b, &options);
        for r in 0..b.num_rows() {
            let mut object = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let text = formatters[i].value(r).to_string();
                let value = if b.column(i).is_null(r) {
                    serde_json::Value::Null
                } else if b.column(i).data_type().is_numeric() {
                    serde_json::from_str::<serde_json::Number>(&text)
                        .map(serde_json::Value::Number)
                        .unwrap_or(serde_json::Value::String(text))
                } else if let Some(bool_value) = b.column(i).as_boolean_opt() {
                    serde_json::Value::Bool(bool_value.value(r))
                } else {
                    serde_json::Value::String(text)
                };
                object.insert((*name).clone(), value);
            }
            out.push_str(&serde_json::Value::Object(object).to_string());
            out.push('\n');
        }
    }
    out
}
