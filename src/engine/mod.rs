//! The embedded engine: Apache DataFusion running the pipeline's HQL on one machine.
//!
//! Hive databases are DataFusion schemas. External JSON SerDe tables are read from their
//! folder; managed tables (`STORED AS ORC` on the cluster) are kept in memory and stored as
//! Parquet under `<warehouse>/tables/<database>/<table>/`; views are DataFusion views. What
//! exists is recorded in `<warehouse>/catalog.json`, so a later `submit local` (a resume)
//! finds the tables of the steps it skips.

mod functions;
mod hive_sql;
mod hive_types;
pub mod output;
mod serdes;

use crate::bundle::BundleFile;
use crate::error::{Error, Location, Result};
use crate::sql::row_format::DeclaredSerde;
use crate::stage::executor::HqlExecutor;
use datafusion::arrow::array::{new_null_array, Array, ArrayRef, BooleanArray, RecordBatch, StringArray};
use datafusion::arrow::compute::{cast_with_options, concat_batches, filter_record_batch, CastOptions};
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::catalog::{MemTable, MemorySchemaProvider};
use datafusion::common::TableReference;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion::sql::parser::Statement as DFStatement;
use serde::{Deserialize, Serialize};
use sqlparser::ast::{
    BinaryOperator, CreateTable, Expr, HiveDistributionStyle, ObjectName, ObjectType, Query, SetExpr, Spanned,
    Statement, TableObject,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use functions::hive_substr;

const CATALOG: &str = "datafusion";
const DEFAULT_DATABASE: &str = "default";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Managed,
    External,
    View,
}

/// What the warehouse holds, in creation order.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Catalog {
    databases: Vec<String>,
    objects: Vec<CatalogObject>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CatalogObject {
    /// `database.table`.
    name: String,
    kind: Kind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    partition_columns: Vec<String>,
    /// The statement that (re)creates it, for external tables and views.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sql: Option<String>,
}

/// A managed table's rows, kept in memory and mirrored to Parquet.
#[derive(Clone)]
struct TableData {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

pub struct Engine {
    runtime: tokio::runtime::Runtime,
    ctx: SessionContext,
    warehouse: PathBuf,
    catalog: Mutex<Catalog>,
    tables: Mutex<BTreeMap<String, TableData>>,
    /// Things worth telling the user that did not stop the run (rejected JSON lines).
    warnings: Mutex<Vec<String>>,
    /// True while `open` replays the catalog: nothing changes, so nothing is saved.
    replaying: std::sync::atomic::AtomicBool,
}

/// An error of one statement, before it gets its file location.
type StmtResult<T> = std::result::Result<T, String>;

impl Engine {
    /// Opens (or creates) the warehouse and loads what earlier runs left in it.
    pub fn open(warehouse: &Path) -> Result<Engine> {
        std::fs::create_dir_all(warehouse.join("tables")).map_err(|e| Error::io(warehouse, e))?;
        let probe = warehouse.join(".write-test");
        std::fs::write(&probe, b"").map_err(|e| Error::io(warehouse, format!("warehouse is not writable: {e}")))?;
        let _ = std::fs::remove_file(&probe);

        let mut config = SessionConfig::new()
            .with_default_catalog_and_schema(CATALOG, DEFAULT_DATABASE)
            .with_create_default_catalog_and_schema(true)
            .with_target_partitions(4);
        let options = config.options_mut();
        // Hive: NULL is the smallest value, so it sorts first ascending.
        options.sql_parser.default_null_ordering = "nulls_min".into();
        options.sql_parser.map_string_types_to_utf8view = false;
        // Hive 3 types `1.5` as DECIMAL(2,1), not DOUBLE (HIVE-13945).
        options.sql_parser.parse_float_as_decimal = true;
        options.execution.parquet.schema_force_view_types = false;
        // Hive's conversions that need the types run before DataFusion's type coercion.
        let mut analyzer_rules: Vec<Arc<dyn datafusion::optimizer::AnalyzerRule + Send + Sync>> =
            vec![Arc::new(hive_types::HiveConversions::new(functions::cast_function()))];
        analyzer_rules.extend(datafusion::optimizer::Analyzer::new().rules);
        let state = datafusion::execution::SessionStateBuilder::new()
            .with_config(config)
            .with_default_features()
            .with_analyzer_rules(analyzer_rules)
            .build();
        let ctx = SessionContext::new_with_state(state);
        for f in functions::hive_functions() {
            ctx.register_udf(f);
        }
        for f in functions::hive_aggregates() {
            ctx.register_udaf(f);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::io(warehouse, e))?;
        let engine = Engine {
            runtime,
            ctx,
            warehouse: warehouse.to_path_buf(),
            catalog: Mutex::new(Catalog::default()),
            tables: Mutex::new(BTreeMap::new()),
            warnings: Mutex::new(Vec::new()),
            replaying: std::sync::atomic::AtomicBool::new(false),
        };
        engine.replaying.store(true, std::sync::atomic::Ordering::SeqCst);
        let loaded = engine.load();
        engine.replaying.store(false, std::sync::atomic::Ordering::SeqCst);
        loaded?;
        Ok(engine)
    }

    pub fn warehouse(&self) -> &Path {
        &self.warehouse
    }

    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.warnings.lock().expect("warnings"))
    }

    fn catalog_path(&self) -> PathBuf {
        self.warehouse.join("catalog.json")
    }

    fn table_dir(&self, name: &str) -> PathBuf {
        let (db, table) = name.split_once('.').unwrap_or((DEFAULT_DATABASE, name));
        self.warehouse.join("tables").join(db).join(table)
    }

    /// Re-creates the databases, tables and views an earlier run recorded.
    fn load(&self) -> Result<()> {
        let path = self.catalog_path();
        let catalog: Catalog = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| Error::io(&path, format!("corrupt catalog: {e}")))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let fail = |what: &str, e: String| Error::io(&path, format!("cannot restore {what}: {e}"));
        for db in &catalog.databases {
            self.create_database(db);
        }
        *self.catalog.lock().expect("catalog") = catalog.clone();
        for object in &catalog.objects {
            match object.kind {
                Kind::Managed => {
                    let data = self.read_parquet(&object.name).map_err(|e| fail(&object.name, e))?;
                    self.register(&object.name, data).map_err(|e| fail(&object.name, e))?;
                }
                Kind::External | Kind::View => {
                    let sql = object.sql.as_deref().unwrap_or_default();
                    let stmts = hive_sql::parse(sql).map_err(|e| fail(&object.name, e.to_string()))?;
                    for stmt in stmts {
                        self.runtime
                            .block_on(self.execute(stmt, sql))
                            .map_err(|e| fail(&object.name, e))?;
                    }
                }
            }
        }
        Ok(())
    }

    fn save_catalog(&self, catalog: &Catalog) -> StmtResult<()> {
        if self.replaying.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(());
        }
        let path = self.catalog_path();
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(catalog).map_err(|e| e.to_string())?;
        std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn update_catalog(&self, f: impl FnOnce(&mut Catalog)) -> StmtResult<()> {
        let mut catalog = self.catalog.lock().expect("catalog");
        f(&mut catalog);
        self.save_catalog(&catalog)
    }

    fn record_object(&self, object: CatalogObject) -> StmtResult<()> {
        self.update_catalog(|c| {
            c.objects.retain(|o| o.name != object.name);
            c.objects.push(object);
        })
    }

    fn object(&self, name: &str) -> Option<CatalogObject> {
        self.catalog
            .lock()
            .expect("catalog")
            .objects
            .iter()
            .find(|o| o.name == name)
            .cloned()
    }

    fn create_database(&self, db: &str) {
        let catalog = self.ctx.catalog(CATALOG).expect("default catalog");
        if catalog.schema(db).is_none() {
            let _ = catalog.register_schema(db, Arc::new(MemorySchemaProvider::new()));
        }
    }

    fn database_exists(&self, db: &str) -> bool {
        db == DEFAULT_DATABASE || self.ctx.catalog(CATALOG).and_then(|c| c.schema(db)).is_some()
    }

    fn table_exists(&self, name: &str) -> bool {
        let (db, table) = split(name);
        self.ctx
            .catalog(CATALOG)
            .and_then(|c| c.schema(db))
            .is_some_and(|s| s.table_exist(table))
    }

    /// The names of every table and view, for `query` and summaries.
    pub fn tables(&self) -> Vec<String> {
        self.catalog
            .lock()
            .expect("catalog")
            .objects
            .iter()
            .map(|o| o.name.clone())
            .collect()
    }

    pub fn is_view(&self, name: &str) -> bool {
        self.object(name).is_some_and(|o| o.kind == Kind::View)
    }

    /// Replaces a managed table's rows in memory, in DataFusion and on disk.
    fn store(&self, name: &str, data: TableData, partition_columns: Vec<String>) -> StmtResult<()> {
        self.write_parquet(name, &data)?;
        self.register(name, data)?;
        self.record_object(CatalogObject {
            name: name.to_string(),
            kind: Kind::Managed,
            partition_columns,
            sql: None,
        })
    }

    fn register(&self, name: &str, data: TableData) -> StmtResult<()> {
        let (db, table) = split(name);
        let reference = TableReference::partial(db, table);
        let _ = self.ctx.deregister_table(reference.clone());
        let mem = MemTable::try_new(data.schema.clone(), vec![data.batches.clone()]).map_err(|e| e.to_string())?;
        self.ctx
            .register_table(reference, Arc::new(mem))
            .map_err(|e| e.to_string())?;
        self.tables.lock().expect("tables").insert(name.to_string(), data);
        Ok(())
    }

    fn write_parquet(&self, name: &str, data: &TableData) -> StmtResult<()> {
        let dir = self.table_dir(name);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join("data.parquet");
        let tmp = dir.join(".data.parquet.tmp");
        let file = std::fs::File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let mut writer = ArrowWriter::try_new(file, data.schema.clone(), None).map_err(|e| e.to_string())?;
        for b in &data.batches {
            writer.write(b).map_err(|e| e.to_string())?;
        }
        writer.close().map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn read_parquet(&self, name: &str) -> StmtResult<TableData> {
        let path = self.table_dir(name).join("data.parquet");
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| e.to_string())?;
        let schema = builder.schema().clone();
        let reader = builder.build().map_err(|e| e.to_string())?;
        let batches = reader
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        Ok(TableData { schema, batches })
    }

    fn drop_object(&self, name: &str) -> StmtResult<()> {
        let (db, table) = split(name);
        let _ = self.ctx.deregister_table(TableReference::partial(db, table));
        self.tables.lock().expect("tables").remove(name);
        let dir = self.table_dir(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        self.update_catalog(|c| c.objects.retain(|o| o.name != name))
    }

    /// Runs a query with DataFusion and collects its rows.
    async fn run_query(&self, q: Query) -> StmtResult<TableData> {
        let plan = self
            .ctx
            .state()
            .statement_to_plan(DFStatement::Statement(Box::new(Statement::Query(Box::new(q)))))
            .await
            .map_err(|e| e.to_string())?;
        let df = self.ctx.execute_logical_plan(plan).await.map_err(|e| e.to_string())?;
        // The types are the analysed plan's (a UNION's are known only after type coercion),
        // so the schema comes from the physical plan, not the SQL's first reading.
        let physical = df.create_physical_plan().await.map_err(|e| e.to_string())?;
        let schema: SchemaRef = physical.schema();
        let batches = datafusion::physical_plan::collect(physical, self.ctx.task_ctx())
            .await
            .map_err(|e| e.to_string())?;
        // A batch can still carry another type than the plan says (a UNION branch of
        // literals); the plan's schema is what the table declares, so the data follows it.
        let batches = batches.iter().map(|b| conform(b, &schema)).collect::<StmtResult<_>>()?;
        Ok(TableData { schema, batches })
    }

    /// The Arrow schema of column definitions, typed as DataFusion types them in a CAST.
    async fn schema_of(&self, columns: &[sqlparser::ast::ColumnDef]) -> StmtResult<SchemaRef> {
        let select: Vec<String> = columns
            .iter()
            .map(|c| format!("CAST(NULL AS {}) AS `{}`", c.data_type, c.name.value.to_lowercase()))
            .collect();
        let q = hive_sql::parse(&format!("SELECT {}", select.join(", "))).map_err(|e| e.to_string())?;
        let Some(Statement::Query(q)) = q.into_iter().next() else {
            return Err("column types".into());
        };
        let data = self.run_query(*q).await?;
        let fields: Vec<Field> = data
            .schema
            .fields()
            .iter()
            .map(|f| f.as_ref().clone().with_nullable(true))
            .collect();
        Ok(Arc::new(Schema::new(fields)))
    }

    /// Runs one statement. `original` is its HQL text, kept to re-create external tables and
    /// views when the warehouse is opened again.
    async fn execute(&self, mut stmt: Statement, original: &str) -> StmtResult<()> {
        hive_sql::rewrite(&mut stmt)?;
        match stmt {
            Statement::CreateDatabase { db_name, .. } => {
                let db = object_name(&db_name);
                self.create_database(&db);
                self.update_catalog(|c| {
                    if !c.databases.contains(&db) {
                        c.databases.push(db.clone());
                    }
                })
            }
            Statement::Set(set) => {
                // Session settings of Hive, MapReduce and Tez tune the cluster; nothing to do here.
                let text = set.to_string().to_lowercase();
                let key = text.trim_start_matches("set ").trim_start();
                if ["hive.", "mapred.", "mapreduce.", "tez.", "parquet.", "orc."]
                    .iter()
                    .any(|p| key.starts_with(p))
                {
                    Ok(())
                } else {
                    Err(format!(
                        "SET {key}: only hive.*, mapred.*, mapreduce.*, tez.* settings are accepted locally"
                    ))
                }
            }
            Statement::Drop {
                object_type,
                if_exists,
                names,
                ..
            } if matches!(object_type, ObjectType::Table | ObjectType::View) => {
                for n in &names {
                    let name = qualified(n);
                    if self.table_exists(&name) {
                        self.drop_object(&name)?;
                    } else if !if_exists {
                        return Err(format!("DROP {object_type} {name}: it does not exist"));
                    }
                }
                Ok(())
            }
            Statement::CreateTable(ct) => self.create_table(ct, original).await,
            Statement::CreateView(cv) => {
                let name = qualified(&cv.name);
                check_database(self, &name)?;
                let stmt = Statement::CreateView(cv);
                let plan = self
                    .ctx
                    .state()
                    .statement_to_plan(DFStatement::Statement(Box::new(stmt)))
                    .await
                    .map_err(|e| e.to_string())?;
                self.ctx.execute_logical_plan(plan).await.map_err(|e| e.to_string())?;
                self.record_object(CatalogObject {
                    name,
                    kind: Kind::View,
                    partition_columns: Vec::new(),
                    sql: Some(original.to_string()),
                })
            }
            Statement::Insert(insert) => self.insert(insert, None).await,
            Statement::Query(q) => {
                let q = *q;
                if let SetExpr::Insert(Statement::Insert(insert)) = *q.body.clone() {
                    return self.insert(insert, q.with).await;
                }
                self.run_query(q).await.map(|_| ())
            }
            _ => Err("not supported by the local engine".into()),
        }
    }

    async fn create_table(&self, ct: CreateTable, original: &str) -> StmtResult<()> {
        let name = qualified(&ct.name);
        check_database(self, &name)?;
        if self.table_exists(&name) {
            return if ct.if_not_exists {
                Ok(())
            } else {
                Err(format!("CREATE TABLE {name}: it already exists"))
            };
        }
        if ct.external {
            return self.create_json_table(&name, &ct, original).await;
        }
        if let Some(q) = ct.query {
            let data = self.run_query(*q).await?;
            let data = lowercase_columns(data)?;
            return self.store(&name, data, Vec::new());
        }
        if ct.like.is_some() {
            return Err(format!("CREATE TABLE {name} LIKE: not supported by the local engine"));
        }
        let mut columns = ct.columns.clone();
        let mut partition_columns = Vec::new();
        if let HiveDistributionStyle::PARTITIONED { columns: parts } = &ct.hive_distribution {
            partition_columns = parts.iter().map(|c| c.name.value.to_lowercase()).collect();
            columns.extend(parts.iter().cloned());
        }
        let schema = self.schema_of(&columns).await?;
        let batches = vec![RecordBatch::new_empty(schema.clone())];
        self.store(&name, TableData { schema, batches }, partition_columns)
    }

    async fn create_json_table(&self, name: &str, ct: &CreateTable, original: &str) -> StmtResult<()> {
        let formats = ct.hive_formats.as_ref();
        let serde = formats
            .and_then(DeclaredSerde::of)
            .ok_or_else(|| {
                format!("CREATE EXTERNAL TABLE {name}: the local engine reads JSON SerDe tables only (ROW FORMAT SERDE '{}')", crate::sql::row_format::OPENX)
            })?
            .map_err(|e| format!("CREATE EXTERNAL TABLE {name}: {e}"))?;
        let location = ct
            .location
            .clone()
            .or_else(|| formats.and_then(|f| f.location.clone()))
            .ok_or_else(|| format!("CREATE EXTERNAL TABLE {name}: no LOCATION"))?;
        let dir = local_path(&location);
        if !dir.is_dir() {
            return Err(format!(
                "CREATE EXTERNAL TABLE {name}: LOCATION {location} is not a folder"
            ));
        }
        let declared = self.schema_of(&ct.columns).await?;
        let fields: Vec<Field> = declared
            .fields()
            .iter()
            .map(|f| f.as_ref().clone().with_data_type(serdes::stored_type(f.data_type())))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let read =
            serdes::read(&dir, schema.clone(), &serde).map_err(|e| format!("CREATE EXTERNAL TABLE {name}: {e}"))?;
        let mut warnings = self.warnings.lock().expect("warnings");
        if let Some((file, line, message)) = read.malformed.first() {
            warnings.push(format!(
                "{name}: {} malformed JSON line(s) read as rows of NULLs (ignore.malformed.json), as Hive reads them; first at {}:{line}: {message}",
                read.malformed.len(),
                file.display()
            ));
        }
        if let Some((file, line)) = read.not_objects.first() {
            warnings.push(format!(
                "{name}: {} line(s) that are not JSON objects (empty lines too) read as rows of NULLs, as Hive reads them; first at {}:{line}",
                read.not_objects.len(),
                file.display()
            ));
        }
        drop(warnings);
        let (db, table) = split(name);
        let mem = MemTable::try_new(schema, vec![vec![read.batch]]).map_err(|e| e.to_string())?;
        self.ctx
            .register_table(TableReference::partial(db, table), Arc::new(mem))
            .map_err(|e| e.to_string())?;
        self.record_object(CatalogObject {
            name: name.to_string(),
            kind: Kind::External,
            partition_columns: Vec::new(),
            sql: Some(original.to_string()),
        })
    }

    /// INSERT INTO / OVERWRITE, with static and dynamic partitions, Hive style: the query's
    /// columns fill the table's by position, then the dynamic partition columns.
    async fn insert(&self, insert: sqlparser::ast::Insert, with: Option<sqlparser::ast::With>) -> StmtResult<()> {
        let TableObject::TableName(target) = &insert.table else {
            return Err("INSERT into a table function: not supported by the local engine".into());
        };
        let name = qualified(target);
        let object = self.object(&name).filter(|o| o.kind == Kind::Managed).ok_or_else(|| {
            if self.table_exists(&name) {
                format!("INSERT into {name}: only managed tables can be written locally")
            } else {
                format!("INSERT into {name}: the table does not exist")
            }
        })?;
        let existing = self
            .tables
            .lock()
            .expect("tables")
            .get(&name)
            .cloned()
            .ok_or("table data")?;
        let mut source = *insert
            .source
            .ok_or_else(|| format!("INSERT into {name} without a query"))?;
        if let Some(w) = with {
            source.with = Some(w);
        }
        let result = self.run_query(source).await?;

        // Partition spec: `p = 'value'` is static, a bare `p` is dynamic.
        let mut statics: BTreeMap<String, String> = BTreeMap::new();
        for e in insert.partitioned.iter().flatten() {
            if let Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } = e
            {
                let value = match right.as_ref() {
                    Expr::Value(v) => v.value.to_string().trim_matches('\'').to_string(),
                    other => other.to_string(),
                };
                statics.insert(left.to_string().to_lowercase(), value);
            }
        }
        let fields = existing.schema.fields();
        let parts = &object.partition_columns;
        let data_columns = fields.len() - parts.len();
        let expected = data_columns + parts.iter().filter(|p| !statics.contains_key(*p)).count();
        if result.schema.fields().len() != expected {
            return Err(format!(
                "INSERT into {name}: the query gives {} columns, the table takes {expected} ({data_columns} data{})",
                result.schema.fields().len(),
                if parts.is_empty() {
                    String::new()
                } else {
                    format!(" + {} dynamic partition", expected - data_columns)
                }
            ));
        }
        let options = CastOptions {
            safe: true,
            ..Default::default()
        };
        let mut new_batches = Vec::new();
        for batch in &result.batches {
            let mut source_columns = batch.columns().iter();
            let mut columns: Vec<ArrayRef> = Vec::with_capacity(fields.len());
            for (i, field) in fields.iter().enumerate() {
                let column = if i >= data_columns {
                    match statics.get(field.name()) {
                        Some(v) => Arc::new(StringArray::from(vec![v.as_str(); batch.num_rows()])) as ArrayRef,
                        None => source_columns.next().cloned().ok_or("partition column")?,
                    }
                } else {
                    source_columns.next().cloned().ok_or("data column")?
                };
                let column = if column.data_type() == &datafusion::arrow::datatypes::DataType::Null {
                    new_null_array(field.data_type(), column.len())
                } else {
                    cast_with_options(&column, field.data_type(), &options)
                        .map_err(|e| format!("{}: {e}", field.name()))?
                };
                columns.push(column);
            }
            new_batches.push(RecordBatch::try_new(existing.schema.clone(), columns).map_err(|e| e.to_string())?);
        }

        let mut batches: Vec<RecordBatch> = Vec::new();
        if !insert.overwrite {
            batches.extend(existing.batches.iter().cloned());
        } else if !parts.is_empty() {
            // Overwrite only the partitions the insert writes.
            let part_index: Vec<usize> = (data_columns..fields.len()).collect();
            let mut written: BTreeSet<String> = BTreeSet::new();
            for b in &new_batches {
                for row in 0..b.num_rows() {
                    written.insert(partition_key(b, &part_index, row)?);
                }
            }
            if !statics.is_empty() && new_batches.iter().all(|b| b.num_rows() == 0) && statics.len() == parts.len() {
                written.insert(
                    parts
                        .iter()
                        .map(|p| statics[p].clone())
                        .collect::<Vec<_>>()
                        .join("\u{1}"),
                );
            }
            for b in &existing.batches {
                let keep: BooleanArray = (0..b.num_rows())
                    .map(|row| partition_key(b, &part_index, row).map(|k| Some(!written.contains(&k))))
                    .collect::<StmtResult<_>>()?;
                batches.push(filter_record_batch(b, &keep).map_err(|e| e.to_string())?);
            }
        }
        batches.extend(new_batches);
        let batches = vec![concat_batches(&existing.schema, &batches).map_err(|e| e.to_string())?];
        self.store(
            &name,
            TableData {
                schema: existing.schema,
                batches,
            },
            object.partition_columns,
        )
    }

    /// Rows of a table or view (for summaries and tests).
    pub fn query(&self, sql: &str) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        let location = Location::new("<query>", 1, 1);
        let stmts = hive_sql::parse(sql).map_err(|e| Error::Sql {
            location: location.clone(),
            message: e.to_string(),
        })?;
        let [Statement::Query(q)] = <[Statement; 1]>::try_from(stmts).map_err(|_| Error::Sql {
            location: location.clone(),
            message: "expected exactly one SELECT".into(),
        })?
        else {
            return Err(Error::Sql {
                location,
                message: "only SELECT queries can be run here".into(),
            });
        };
        let mut stmt = Statement::Query(q);
        hive_sql::rewrite(&mut stmt).map_err(|m| Error::Sql {
            location: location.clone(),
            message: m,
        })?;
        let Statement::Query(q) = stmt else {
            unreachable!("rewrite keeps the statement kind")
        };
        let data = self.runtime.block_on(self.run_query(*q)).map_err(|m| Error::Sql {
            location,
            message: first_line(&m),
        })?;
        Ok((data.schema, data.batches))
    }

    pub fn row_count(&self, table: &str) -> Result<u64> {
        let (_, batches) = self.query(&format!("SELECT count(*) FROM {table}"))?;
        let b = batches.first().ok_or_else(|| Error::Sql {
            location: Location::new("<query>", 1, 1),
            message: "no result".into(),
        })?;
        let counts = b
            .column(0)
            .as_any()
            .downcast_ref::<datafusion::arrow::array::Int64Array>();
        Ok(counts.map(|c| c.value(0) as u64).unwrap_or(0))
    }
}

impl HqlExecutor for Engine {
    fn run_file(&self, file: &BundleFile) -> Result<()> {
        let at = |line: u64, column: u64| Location::new(&file.template, line.max(1) as usize, column.max(1) as usize);
        let stmts = hive_sql::parse(&file.content).map_err(|e| Error::Sql {
            location: at(1, 1),
            message: format!("syntax error: {e}"),
        })?;
        let texts = hive_sql::statement_texts(&file.content).unwrap_or_default();
        let aligned = texts.len() == stmts.len();
        for (i, stmt) in stmts.into_iter().enumerate() {
            let kind = statement_kind(&stmt);
            let (original, line, column) = if aligned {
                texts[i].clone()
            } else {
                let start = stmt.span().start;
                (stmt.to_string(), start.line, start.column)
            };
            let start = sqlparser::tokenizer::Location { line, column };
            self.runtime
                .block_on(self.execute(stmt, &original))
                .map_err(|m| Error::Sql {
                    location: at(start.line, start.column),
                    message: format!("{kind}: {}", first_line(&m)),
                })?;
        }
        Ok(())
    }
}

fn conform(batch: &RecordBatch, schema: &SchemaRef) -> StmtResult<RecordBatch> {
    if batch
        .schema()
        .fields()
        .iter()
        .zip(schema.fields())
        .all(|(a, b)| a.data_type() == b.data_type())
    {
        return RecordBatch::try_new(schema.clone(), batch.columns().to_vec()).map_err(|e| e.to_string());
    }
    let options = CastOptions {
        safe: true,
        ..Default::default()
    };
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| cast_with_options(c, f.data_type(), &options).map_err(|e| format!("{}: {e}", f.name())))
        .collect::<StmtResult<Vec<_>>>()?;
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

fn split(name: &str) -> (&str, &str) {
    name.split_once('.').unwrap_or((DEFAULT_DATABASE, name))
}

fn object_name(n: &ObjectName) -> String {
    n.0.iter()
        .map(|p| {
            p.as_ident()
                .map(|i| i.value.to_lowercase())
                .unwrap_or_else(|| p.to_string().to_lowercase())
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn qualified(n: &ObjectName) -> String {
    let name = object_name(n);
    if name.contains('.') {
        name
    } else {
        format!("{DEFAULT_DATABASE}.{name}")
    }
}

fn check_database(engine: &Engine, name: &str) -> StmtResult<()> {
    let (db, _) = split(name);
    if engine.database_exists(db) {
        Ok(())
    } else {
        Err(format!("database {db} does not exist (CREATE DATABASE it first)"))
    }
}

/// `file:///x`, `/x` and relative paths name local folders; anything else is not local.
fn local_path(location: &str) -> PathBuf {
    PathBuf::from(location.strip_prefix("file://").unwrap_or(location))
}

fn lowercase_columns(data: TableData) -> StmtResult<TableData> {
    let fields: Vec<Field> = data
        .schema
        .fields()
        .iter()
        .map(|f| {
            f.as_ref()
                .clone()
                .with_name(f.name().to_lowercase())
                .with_nullable(true)
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batches = data
        .batches
        .iter()
        .map(|b| RecordBatch::try_new(schema.clone(), b.columns().to_vec()).map_err(|e| e.to_string()))
        .collect::<StmtResult<_>>()?;
    Ok(TableData { schema, batches })
}

fn partition_key(b: &RecordBatch, columns: &[usize], row: usize) -> StmtResult<String> {
    let options = FormatOptions::default().with_null("__HIVE_DEFAULT_PARTITION__");
    let mut key = Vec::with_capacity(columns.len());
    for &c in columns {
        let f = ArrayFormatter::try_new(b.column(c).as_ref(), &options).map_err(|e| e.to_string())?;
        key.push(f.value(row).to_string());
    }
    Ok(key.join("\u{1}"))
}

/// A short name for a statement in messages: `CREATE TABLE`, `INSERT OVERWRITE`, ...
fn statement_kind(s: &Statement) -> String {
    if let Some(kind) = crate::sql::dialect::opaque_kind(s) {
        return kind.to_string();
    }
    match s {
        Statement::Insert(i) => if i.overwrite { "INSERT OVERWRITE" } else { "INSERT INTO" }.into(),
        Statement::Query(q) if matches!(*q.body, SetExpr::Insert(_)) => "INSERT".into(),
        Statement::Query(_) => "SELECT".into(),
        Statement::CreateTable(ct) if ct.external => "CREATE EXTERNAL TABLE".into(),
        Statement::CreateTable(ct) if ct.query.is_some() => "CREATE TABLE AS SELECT".into(),
        other => other
            .to_string()
            .split_whitespace()
            .take_while(|w| w.chars().all(|c| c.is_ascii_uppercase()))
            .take(2)
            .collect::<Vec<_>>()
            .join(" "),
    }
}
