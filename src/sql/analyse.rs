//! Analysis of rendered HQL: parse every statement with the Hive dialect and find the tables
//! each file creates, writes and reads. Positions point at the template, not the rendered text.

use crate::bundle::{Bundle, BundleFile};
use crate::error::{Error, Location, Result};
use crate::render::source_map::SourceMap;
use crate::sql::dialect;
use sqlparser::ast::{
    visit_relations, CreateTableLikeKind, Ident, ObjectName, ObjectType, Query, SetExpr, Spanned, Statement,
    TableObject, Use, Visit, Visitor,
};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

/// Tables without a database live in Hive's current database, `default` unless a `USE` says.
const DEFAULT_DATABASE: &str = "default";

#[derive(Debug, Clone, Default)]
pub struct FileAnalysis {
    /// Bundle path, `<stage folder>/<file>.hql`.
    pub path: String,
    pub stage: String,
    pub statements: Vec<StatementSummary>,
    /// Tables and views the file creates (CREATE TABLE/VIEW, CTAS), first position of each.
    pub creates: BTreeMap<String, Location>,
    /// Everything the file changes: created, inserted into, dropped.
    pub writes: BTreeMap<String, Location>,
    /// Tables that must exist before the file runs: read by a query, inserted into without
    /// being created here, or copied by CREATE TABLE ... LIKE.
    pub reads: BTreeMap<String, Location>,
    /// Databases created.
    pub databases: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct StatementSummary {
    /// e.g. `CREATE TABLE`, `INSERT OVERWRITE`, `SET`.
    pub kind: String,
    pub location: Location,
}

/// Parses a rendered file into statements; errors point at the template.
pub fn parse_file(file: &BundleFile, template_source: &str) -> Result<Vec<Statement>> {
    let map = SourceMap::new(&file.template, template_source, &file.content);
    dialect::parse_strict(&file.content).map_err(|e| Error::Sql {
        location: map.locate(e.line, e.column),
        message: format!("syntax error: {}", e.message),
    })
}

/// Analyses one rendered file.
pub fn analyse_file(file: &BundleFile, template_source: &str) -> Result<FileAnalysis> {
    let statements = parse_file(file, template_source)?;
    Ok(analyse_statements(file, template_source, &statements))
}

/// Analyses the statements parsed from a rendered file.
pub fn analyse_statements(file: &BundleFile, template_source: &str, statements: &[Statement]) -> FileAnalysis {
    let map = SourceMap::new(&file.template, template_source, &file.content);
    let mut out = FileAnalysis {
        path: file.path.clone(),
        stage: file.stage.clone(),
        ..FileAnalysis::default()
    };
    let mut database = DEFAULT_DATABASE.to_string();
    // A FROM-first multi-insert counts as its inserts, one after the other.
    let statements: Vec<&Statement> = statements
        .iter()
        .flat_map(|s| dialect::multi_insert_branches(s).unwrap_or_else(|| vec![s]))
        .collect();
    for stmt in statements {
        let span = stmt.span();
        let at = |name: &ObjectName| -> Location {
            let s = name.span();
            let pos = if s.start.line > 0 { s.start } else { span.start };
            map.locate(pos.line as usize, pos.column as usize)
        };
        let table = |name: &ObjectName| qualified(name, &database);
        let mut queries: Vec<&Query> = Vec::new();
        // `WITH c AS (...) INSERT ...` parses as a query around the insert: the CTEs are read,
        // the insert does the writing.
        let mut outer_ctes = BTreeSet::new();
        let stmt = match stmt {
            Statement::Query(q) => match &*q.body {
                SetExpr::Insert(inner) => {
                    if let Some(with) = &q.with {
                        for cte in &with.cte_tables {
                            outer_ctes.insert(ident_lower(&cte.alias.name));
                            queries.push(&cte.query);
                        }
                    }
                    inner
                }
                _ => stmt,
            },
            _ => stmt,
        };
        let kind: String;
        match stmt {
            Statement::Query(q) => {
                kind = "SELECT".into();
                queries.push(q);
            }
            Statement::Insert(insert) => {
                kind = if insert.overwrite {
                    "INSERT OVERWRITE"
                } else {
                    "INSERT INTO"
                }
                .into();
                if let TableObject::TableName(name) = &insert.table {
                    let t = table(name);
                    if !out.creates.contains_key(&t) {
                        out.reads.entry(t.clone()).or_insert_with(|| at(name));
                    }
                    out.writes.entry(t).or_insert_with(|| at(name));
                }
                if let Some(q) = &insert.source {
                    queries.push(q);
                }
            }
            Statement::CreateTable(ct) => {
                kind = match (ct.external, ct.query.is_some()) {
                    (true, _) => "CREATE EXTERNAL TABLE",
                    (false, true) => "CREATE TABLE AS SELECT",
                    (false, false) => "CREATE TABLE",
                }
                .into();
                let t = table(&ct.name);
                out.creates.entry(t.clone()).or_insert_with(|| at(&ct.name));
                out.writes.entry(t).or_insert_with(|| at(&ct.name));
                if let Some(q) = &ct.query {
                    queries.push(q);
                }
                if let Some(CreateTableLikeKind::Plain(like) | CreateTableLikeKind::Parenthesized(like)) = &ct.like {
                    out.reads.entry(table(&like.name)).or_insert_with(|| at(&like.name));
                }
            }
            Statement::CreateView(cv) => {
                kind = if cv.materialized {
                    "CREATE MATERIALIZED VIEW"
                } else {
                    "CREATE VIEW"
                }
                .into();
                let t = table(&cv.name);
                out.creates.entry(t.clone()).or_insert_with(|| at(&cv.name));
                out.writes.entry(t).or_insert_with(|| at(&cv.name));
                queries.push(&cv.query);
            }
            Statement::Drop { object_type, names, .. } => {
                kind = format!("DROP {object_type}");
                if matches!(
                    object_type,
                    ObjectType::Table | ObjectType::View | ObjectType::MaterializedView
                ) {
                    for name in names {
                        out.writes.entry(table(name)).or_insert_with(|| at(name));
                    }
                }
            }
            // LOAD DATA and TRUNCATE change a table that must already exist.
            Statement::LoadData { table_name, .. } => {
                kind = "LOAD DATA".into();
                let t = table(table_name);
                if !out.creates.contains_key(&t) {
                    out.reads.entry(t.clone()).or_insert_with(|| at(table_name));
                }
                out.writes.entry(t).or_insert_with(|| at(table_name));
            }
            Statement::Truncate(tr) => {
                kind = "TRUNCATE".into();
                for target in &tr.table_names {
                    let t = table(&target.name);
                    if !out.creates.contains_key(&t) {
                        out.reads.entry(t.clone()).or_insert_with(|| at(&target.name));
                    }
                    out.writes.entry(t).or_insert_with(|| at(&target.name));
                }
            }
            Statement::Directory { source, .. } => {
                kind = "INSERT OVERWRITE DIRECTORY".into();
                queries.push(source);
            }
            Statement::CreateDatabase { db_name, .. } => {
                kind = "CREATE DATABASE".into();
                out.databases
                    .insert(db_name.to_string().to_lowercase().replace('`', ""));
            }
            Statement::CreateSchema { schema_name, .. } => {
                kind = "CREATE SCHEMA".into();
                out.databases
                    .insert(schema_name.to_string().to_lowercase().replace('`', ""));
            }
            Statement::Use(u) => {
                kind = "USE".into();
                if let Use::Object(name) | Use::Database(name) | Use::Schema(name) = u {
                    database = name.to_string().to_lowercase().replace('`', "");
                }
            }
            other => {
                kind = match dialect::opaque_kind(other) {
                    Some(k) => k.to_string(),
                    None => first_words(&other.to_string()),
                };
                // `ALTER MATERIALIZED VIEW mv REBUILD` changes a view that must exist.
                if let Some(name) = dialect::opaque_writes(other) {
                    let t = table(&name);
                    if !out.creates.contains_key(&t) {
                        out.reads.entry(t.clone()).or_insert_with(|| at(&name));
                    }
                    out.writes.entry(t).or_insert_with(|| at(&name));
                }
            }
        }
        for q in queries {
            let mut ctes = cte_names(q);
            ctes.extend(outer_ctes.iter().cloned());
            let _ = visit_relations(q, |name: &ObjectName| {
                let single = name.0.len() == 1;
                let bare = name
                    .0
                    .last()
                    .and_then(|p| p.as_ident())
                    .map(ident_lower)
                    .unwrap_or_default();
                if !(single && ctes.contains(&bare)) {
                    let t = qualified(name, &database);
                    if !out.creates.contains_key(&t) {
                        out.reads.entry(t).or_insert_with(|| at(name));
                    }
                }
                ControlFlow::<()>::Continue(())
            });
        }
        out.statements.push(StatementSummary {
            kind,
            location: map.locate(span.start.line.max(1) as usize, span.start.column.max(1) as usize),
        });
    }
    out
}

/// Analyses every file of a bundle, in bundle order.
pub fn analyse_bundle(bundle: &Bundle, template_source: &dyn Fn(&str) -> Option<String>) -> Result<Vec<FileAnalysis>> {
    bundle
        .files
        .iter()
        .map(|f| {
            let source = template_source(&f.path).unwrap_or_else(|| f.content.clone());
            analyse_file(f, &source)
        })
        .collect()
}

fn ident_lower(i: &Ident) -> String {
    i.value.to_lowercase()
}

/// `db.table` in lower case; unqualified names get the current database.
pub fn qualified(name: &ObjectName, database: &str) -> String {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| {
            p.as_ident()
                .map(ident_lower)
                .unwrap_or_else(|| p.to_string().to_lowercase())
        })
        .collect();
    match parts.len() {
        1 => format!("{database}.{}", parts[0]),
        _ => parts[parts.len() - 2..].join("."),
    }
}

/// Names bound by WITH clauses anywhere in the query (they are not tables).
fn cte_names(q: &Query) -> BTreeSet<String> {
    struct Ctes(BTreeSet<String>);
    impl Visitor for Ctes {
        type Break = ();
        fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
            if let Some(with) = &query.with {
                for cte in &with.cte_tables {
                    self.0.insert(ident_lower(&cte.alias.name));
                }
            }
            ControlFlow::Continue(())
        }
    }
    let mut v = Ctes(BTreeSet::new());
    let _ = q.visit(&mut v);
    v.0
}

/// The statement's leading keywords, e.g. `SET`, `ALTER TABLE`.
fn first_words(sql: &str) -> String {
    sql.split_whitespace()
        .take_while(|w| w.chars().all(|c| c.is_ascii_uppercase()))
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(sql: &str) -> BundleFile {
        BundleFile {
            path: "model/x.hql".into(),
            stage: "model".into(),
            template: "sql/model/x.hql".into(),
            content: sql.into(),
            sha256: String::new(),
            variables: BTreeMap::new(),
        }
    }

    fn keys(m: &BTreeMap<String, Location>) -> Vec<&str> {
        m.keys().map(String::as_str).collect()
    }

    #[test]
    fn reads_and_writes_through_ctes_joins_and_subqueries() {
        let sql = "DROP TABLE IF EXISTS m.f;\n\
            CREATE TABLE m.f (a INT) STORED AS ORC;\n\
            WITH c AS (SELECT * FROM t.a) INSERT OVERWRITE TABLE m.f \
            SELECT c.x FROM c JOIN m.d ON c.k = d.k WHERE c.y IN (SELECT y FROM t.b) \
            AND EXISTS (SELECT 1 FROM (SELECT * FROM t.e) s);\n\
            CREATE OR REPLACE VIEW v.w AS SELECT * FROM m.f LEFT JOIN `M`.`G` g ON 1=1;";
        let a = analyse_file(&file(sql), sql).unwrap();
        assert_eq!(keys(&a.creates), vec!["m.f", "v.w"]);
        assert_eq!(keys(&a.writes), vec!["m.f", "v.w"]);
        assert_eq!(keys(&a.reads), vec!["m.d", "m.g", "t.a", "t.b", "t.e"]);
        assert_eq!(a.statements.len(), 4);
        assert_eq!(a.statements[2].kind, "INSERT OVERWRITE");
    }

    #[test]
    fn insert_into_a_table_made_elsewhere_needs_it() {
        let sql = "INSERT INTO TABLE x.h PARTITION (d) SELECT a, d FROM y.s LATERAL VIEW explode(arr) e AS col;";
        let a = analyse_file(&file(sql), sql).unwrap();
        assert_eq!(keys(&a.reads), vec!["x.h", "y.s"]);
        assert_eq!(keys(&a.writes), vec!["x.h"]);
    }

    #[test]
    fn from_first_multi_insert_writes_each_target_and_reads_the_source() {
        let sql = "FROM y.src s\nINSERT OVERWRITE TABLE x.a SELECT s.k\nINSERT INTO TABLE x.b PARTITION (d) SELECT s.k, s.d\n\
            INSERT OVERWRITE DIRECTORY '/tmp/o' SELECT s.k;\n\
            INSERT OVERWRITE LOCAL DIRECTORY '/tmp/p' STORED AS ORC SELECT * FROM y.other;";
        let a = analyse_file(&file(sql), sql).unwrap();
        assert_eq!(keys(&a.writes), vec!["x.a", "x.b"]);
        assert_eq!(keys(&a.reads), vec!["x.a", "x.b", "y.other", "y.src"]);
        let kinds: Vec<&str> = a.statements.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "INSERT OVERWRITE",
                "INSERT INTO",
                "INSERT OVERWRITE DIRECTORY",
                "INSERT OVERWRITE DIRECTORY"
            ]
        );
    }

    #[test]
    fn load_data_and_truncate_change_an_existing_table() {
        let sql = "LOAD DATA INPATH 's3://b/x' OVERWRITE INTO TABLE x.a;\nTRUNCATE TABLE x.b;\n\
            CREATE TABLE x.c (i INT);\nLOAD DATA LOCAL INPATH '/tmp/c' INTO TABLE x.c;";
        let a = analyse_file(&file(sql), sql).unwrap();
        assert_eq!(keys(&a.writes), vec!["x.a", "x.b", "x.c"]);
        assert_eq!(keys(&a.reads), vec!["x.a", "x.b"]);
    }

    #[test]
    fn opaque_statements_keep_their_kind() {
        let sql = "ADD JAR s3://b/x.jar;\nALTER TABLE t ADD PARTITION (d='1') LOCATION 's3://x';\nMSCK REPAIR TABLE t;";
        let a = analyse_file(&file(sql), sql).unwrap();
        let kinds: Vec<&str> = a.statements.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, vec!["ADD JAR", "ALTER TABLE", "MSCK REPAIR"]);
    }

    #[test]
    fn new_hive_forms_keep_their_tables() {
        let sql = "CREATE MATERIALIZED VIEW m.mv AS SELECT a FROM s.t JOIN TABLE(VALUES (1)) v(x) ON 1=1;\n\
            ALTER MATERIALIZED VIEW m.other REBUILD;\n\
            TRUNCATE TABLE s.rc PARTITION (d='1') COLUMNS (a);\n\
            FROM (FROM s.src MAP s.src.k USING 'cat' AS k CLUSTER BY k) mo INSERT OVERWRITE TABLE m.d REDUCE mo.k USING 'r' AS k;\n\
            SELECT * FROM (FROM s.clicks SELECT u) c;";
        let a = analyse_file(&file(sql), sql).unwrap();
        assert_eq!(keys(&a.creates), vec!["m.mv"]);
        assert_eq!(keys(&a.writes), vec!["m.d", "m.mv", "m.other", "s.rc"]);
        assert_eq!(
            keys(&a.reads),
            vec!["m.d", "m.other", "s.clicks", "s.rc", "s.src", "s.t"]
        );
        let kinds: Vec<&str> = a.statements.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "CREATE MATERIALIZED VIEW",
                "ALTER MATERIALIZED VIEW",
                "TRUNCATE",
                "INSERT OVERWRITE",
                "SELECT"
            ]
        );
    }

    #[test]
    fn use_sets_the_database_of_bare_names() {
        let sql = "USE uc;\nCREATE TABLE t AS SELECT * FROM s;";
        let a = analyse_file(&file(sql), sql).unwrap();
        assert_eq!(keys(&a.creates), vec!["uc.t"]);
        assert_eq!(keys(&a.reads), vec!["uc.s"]);
    }

    #[test]
    fn syntax_errors_point_at_the_template() {
        let template = "SELECT a\nFROM {{ db }}.t WHERE (";
        let rendered = "SELECT a\nFROM uc_pdm_model.t WHERE (";
        let err = analyse_file(&file(rendered), template).unwrap_err();
        let Error::Sql { location, message } = err else {
            panic!()
        };
        assert_eq!(
            (location.file.as_str(), location.line, location.column),
            ("sql/model/x.hql", 2, 24)
        );
        assert!(message.contains("Expected: an expression"), "{message}");
    }
}
