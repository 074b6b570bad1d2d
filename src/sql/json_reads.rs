//! JSON read out of text columns: every `get_json_object` path and `json_tuple` key of a
//! statement, traced back to the table columns whose text it parses, and every NULL test of
//! such a value. The trace follows aliases, joins, derived tables, CTEs, `LATERAL VIEW
//! explode` (an element of an `ARRAY<STRING>` is nested text too) and nested
//! `get_json_object` (a sub-object keeps the keys the SerDe gave it). The linter matches the
//! columns with the SerDe their table declares ([`super::row_format`]).
//!
//! A column the trace cannot follow (an expression other than those) has no roots, so no
//! diagnostic is made from a guess.

use super::row_format::DeclaredSerde;
use crate::error::Location;
use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, JoinConstraint, JoinOperator, ObjectName,
    Query, Select, SelectItem, SetExpr, Spanned, Statement, TableFactor, TableWithJoins, Value, Visit, Visitor,
};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

/// A table with a `ROW FORMAT SERDE`: its SerDe (or why pdmctl does not know it) and columns.
#[derive(Debug, Clone)]
pub struct SerdeTable {
    pub serde: Result<DeclaredSerde, String>,
    /// Column names, lower-case.
    pub columns: BTreeSet<String>,
}

/// A table column whose text a JSON function parses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Root {
    /// `database.table`, lower-case.
    pub table: String,
    /// Lower-case.
    pub column: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonReadKind {
    /// A `get_json_object` path or a `json_tuple` key, as written.
    Path { function: &'static str, path: String },
    /// `get_json_object(...)` tested for NULL (`IS NULL`, `IS NOT NULL`, `coalesce`, `nvl`).
    NullTest { test: &'static str },
}

/// One JSON read of a statement.
#[derive(Debug, Clone)]
pub struct JsonRead {
    pub kind: JsonReadKind,
    /// The columns it may read; several when an unqualified name could come from several
    /// tables (the one that has the column is the one Hive uses).
    pub roots: Vec<Root>,
    pub location: Location,
}

/// The JSON facts of one statement: tables it declares with a SerDe and what it reads.
pub fn collect(
    stmt: &Statement,
    qualify: &dyn Fn(&ObjectName) -> String,
    locate: &dyn Fn(sqlparser::tokenizer::Span) -> Location,
    tables: &mut BTreeMap<String, SerdeTable>,
    reads: &mut Vec<JsonRead>,
) {
    let mut walk = Walk {
        qualify,
        locate,
        reads,
        ctes: Vec::new(),
    };
    match stmt {
        Statement::CreateTable(ct) => {
            if let Some(serde) = ct.hive_formats.as_ref().and_then(DeclaredSerde::of) {
                let columns = ct.columns.iter().map(|c| c.name.value.to_lowercase()).collect();
                tables.insert(qualify(&ct.name), SerdeTable { serde, columns });
            }
            if let Some(q) = &ct.query {
                walk.query(q, None);
            }
        }
        Statement::CreateView(cv) => {
            walk.query(&cv.query, None);
        }
        Statement::Insert(insert) => {
            if let Some(q) = &insert.source {
                walk.query(q, None);
            }
        }
        Statement::Query(q) => {
            walk.query(q, None);
        }
        _ => {}
    }
}

/// Where a name of a FROM clause comes from.
#[derive(Debug, Clone)]
enum Source {
    /// A stored table: any column may be one of its.
    Table { alias: String, table: String },
    /// A derived table, CTE or lateral view: its columns and their roots.
    Columns {
        alias: String,
        columns: BTreeMap<String, Vec<Root>>,
    },
}

impl Source {
    fn alias(&self) -> &str {
        match self {
            Source::Table { alias, .. } | Source::Columns { alias, .. } => alias,
        }
    }

    fn column(&self, name: &str) -> Option<Vec<Root>> {
        match self {
            Source::Table { table, .. } => Some(vec![Root {
                table: table.clone(),
                column: name.to_string(),
            }]),
            Source::Columns { columns, .. } => columns.get(name).cloned(),
        }
    }
}

/// The names visible in one SELECT, and the enclosing SELECT's for correlated subqueries.
struct Scope<'a> {
    sources: Vec<Source>,
    parent: Option<&'a Scope<'a>>,
}

impl Scope<'_> {
    fn lookup(&self, qualifier: Option<&str>, name: &str) -> Vec<Root> {
        let found: Vec<Root> = match qualifier {
            Some(q) => self
                .sources
                .iter()
                .filter(|s| s.alias() == q)
                .filter_map(|s| s.column(name))
                .flatten()
                .collect(),
            None => {
                // A derived table or lateral view that has the column is where it comes from;
                // otherwise any stored table may have it.
                let explicit: Vec<Root> = self
                    .sources
                    .iter()
                    .filter(|s| matches!(s, Source::Columns { .. }))
                    .filter_map(|s| s.column(name))
                    .flatten()
                    .collect();
                if !explicit.is_empty() {
                    explicit
                } else {
                    self.sources
                        .iter()
                        .filter(|s| matches!(s, Source::Table { .. }))
                        .filter_map(|s| s.column(name))
                        .flatten()
                        .collect()
                }
            }
        };
        let known = qualifier.is_none_or(|q| self.sources.iter().any(|s| s.alias() == q));
        match (found.is_empty() && !known, self.parent) {
            (true, Some(p)) => p.lookup(qualifier, name),
            _ => found,
        }
    }
}

struct Walk<'w> {
    qualify: &'w dyn Fn(&ObjectName) -> String,
    locate: &'w dyn Fn(sqlparser::tokenizer::Span) -> Location,
    reads: &'w mut Vec<JsonRead>,
    /// CTEs in scope, innermost last: name to output columns.
    ctes: Vec<BTreeMap<String, BTreeMap<String, Vec<Root>>>>,
}

impl Walk<'_> {
    /// Records the reads of `q` and returns its output columns with their roots.
    fn query(&mut self, q: &Query, parent: Option<&Scope>) -> Vec<(String, Vec<Root>)> {
        let pushed = if let Some(with) = &q.with {
            let mut defs = BTreeMap::new();
            self.ctes.push(BTreeMap::new());
            for cte in &with.cte_tables {
                let columns = self.query(&cte.query, parent);
                let columns = rename(
                    columns,
                    &cte.alias
                        .columns
                        .iter()
                        .map(|c| c.name.value.to_lowercase())
                        .collect::<Vec<_>>(),
                );
                defs.insert(cte.alias.name.value.to_lowercase(), columns.into_iter().collect());
                *self.ctes.last_mut().expect("pushed") = defs.clone();
            }
            true
        } else {
            false
        };
        let out = self.set_expr(&q.body, parent);
        if pushed {
            self.ctes.pop();
        }
        out
    }

    fn set_expr(&mut self, body: &SetExpr, parent: Option<&Scope>) -> Vec<(String, Vec<Root>)> {
        match body {
            SetExpr::Select(select) => self.select(select, parent),
            SetExpr::Query(q) => self.query(q, parent),
            SetExpr::SetOperation { left, right, .. } => {
                let mut l = self.set_expr(left, parent);
                let r = self.set_expr(right, parent);
                for (i, (_, roots)) in r.into_iter().enumerate() {
                    if let Some((_, left_roots)) = l.get_mut(i) {
                        left_roots.extend(roots);
                    }
                }
                l
            }
            SetExpr::Insert(Statement::Insert(insert)) => {
                if let Some(q) = &insert.source {
                    self.query(q, parent);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn select(&mut self, select: &Select, parent: Option<&Scope>) -> Vec<(String, Vec<Root>)> {
        let mut scope = Scope {
            sources: Vec::new(),
            parent,
        };
        for twj in &select.from {
            self.from(twj, &mut scope);
        }
        for lv in &select.lateral_views {
            self.exprs([&lv.lateral_view], &scope);
            let args = function_args(&lv.lateral_view, &["explode", "posexplode", "json_tuple", "inline"]);
            let roots = args
                .and_then(|(_, a)| a.first().map(|e| self.roots(e, &scope)))
                .unwrap_or_default();
            let name = lv.lateral_view_name.to_string().to_lowercase();
            let columns: BTreeMap<String, Vec<Root>> = lv
                .lateral_col_alias
                .iter()
                .map(|c| (c.value.to_lowercase(), roots.clone()))
                .collect();
            scope.sources.push(Source::Columns { alias: name, columns });
        }
        let mut out = Vec::new();
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    self.exprs([e], &scope);
                    out.push((output_name(e), self.roots(e, &scope)));
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    self.exprs([expr], &scope);
                    out.push((alias.value.to_lowercase(), self.roots(expr, &scope)));
                }
                SelectItem::ExprWithAliases { expr, aliases } => {
                    // `json_tuple(doc, 'a', 'b') AS (a, b)`: each output is a value of `doc`.
                    self.exprs([expr], &scope);
                    let roots = function_args(expr, &["json_tuple"])
                        .and_then(|(_, a)| a.first().map(|e| self.roots(e, &scope)))
                        .unwrap_or_default();
                    out.extend(aliases.iter().map(|a| (a.value.to_lowercase(), roots.clone())));
                }
                SelectItem::QualifiedWildcard(..) | SelectItem::Wildcard(..) => {
                    // Columns of derived sources pass through under their names; a stored
                    // table's are unknown here and followed by name when read.
                    for s in &scope.sources {
                        if let Source::Columns { columns, .. } = s {
                            out.extend(columns.iter().map(|(k, v)| (k.clone(), v.clone())));
                        }
                    }
                }
            }
        }
        let mut rest: Vec<&Expr> = Vec::new();
        rest.extend(select.selection.iter());
        rest.extend(select.having.iter());
        rest.extend(select.qualify.iter());
        if let GroupByExpr::Expressions(exprs, _) = &select.group_by {
            rest.extend(exprs.iter());
        }
        for twj in &select.from {
            for join in &twj.joins {
                if let Some(JoinConstraint::On(e)) = join_constraint(&join.join_operator) {
                    rest.push(e);
                }
            }
        }
        self.exprs(rest, &scope);
        out
    }

    fn from(&mut self, twj: &TableWithJoins, scope: &mut Scope) {
        self.factor(&twj.relation, scope);
        for join in &twj.joins {
            self.factor(&join.relation, scope);
        }
    }

    fn factor(&mut self, factor: &TableFactor, scope: &mut Scope) {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                let plain = name
                    .0
                    .last()
                    .and_then(|p| p.as_ident())
                    .map(|i| i.value.to_lowercase())
                    .unwrap_or_default();
                let alias_name = alias
                    .as_ref()
                    .map(|a| a.name.value.to_lowercase())
                    .unwrap_or_else(|| plain.clone());
                let cte = (name.0.len() == 1)
                    .then(|| self.ctes.iter().rev().find_map(|c| c.get(&plain).cloned()))
                    .flatten();
                scope.sources.push(match cte {
                    Some(columns) => Source::Columns {
                        alias: alias_name,
                        columns,
                    },
                    None => Source::Table {
                        alias: alias_name,
                        table: (self.qualify)(name),
                    },
                });
            }
            TableFactor::Derived { subquery, alias, .. } => {
                let columns = self.query(subquery, scope.parent);
                let names: Vec<String> = alias
                    .iter()
                    .flat_map(|a| a.columns.iter().map(|c| c.name.value.to_lowercase()))
                    .collect();
                scope.sources.push(Source::Columns {
                    alias: alias.as_ref().map(|a| a.name.value.to_lowercase()).unwrap_or_default(),
                    columns: rename(columns, &names).into_iter().collect(),
                });
            }
            TableFactor::NestedJoin { table_with_joins, .. } => self.from(table_with_joins, scope),
            _ => {}
        }
    }

    /// Roots of the JSON text `e` evaluates to.
    fn roots(&self, e: &Expr, scope: &Scope) -> Vec<Root> {
        match e {
            Expr::Nested(inner) => self.roots(inner, scope),
            Expr::Identifier(id) => scope.lookup(None, &id.value.to_lowercase()),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                let q = parts[parts.len() - 2].value.to_lowercase();
                scope.lookup(Some(&q), &parts[parts.len() - 1].value.to_lowercase())
            }
            _ => match function_args(e, &["get_json_object"]) {
                Some((_, args)) => args.first().map(|a| self.roots(a, scope)).unwrap_or_default(),
                None => Vec::new(),
            },
        }
    }

    /// Records the JSON reads inside `exprs`; subqueries are walked with `scope` as parent.
    fn exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>, scope: &Scope) {
        let mut found = Found::default();
        for e in exprs {
            let _ = e.visit(&mut found);
        }
        for (kind, target, span) in found.calls {
            let roots = self.roots(&target, scope);
            if !roots.is_empty() {
                self.reads.push(JsonRead {
                    kind,
                    roots,
                    location: (self.locate)(span),
                });
            }
        }
        for q in found.subqueries {
            self.query(&q, Some(scope));
        }
    }
}

/// The JSON calls and subqueries of an expression, outside its subqueries.
#[derive(Default)]
struct Found {
    depth: usize,
    /// What was read, the expression whose text is parsed, where.
    calls: Vec<(JsonReadKind, Expr, sqlparser::tokenizer::Span)>,
    subqueries: Vec<Query>,
}

impl Visitor for Found {
    type Break = ();

    fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<()> {
        if self.depth == 0 {
            self.subqueries.push(q.clone());
        }
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        if let Some((name, args)) = function_args(e, &["get_json_object", "json_tuple"]) {
            let function = if name == "json_tuple" {
                "json_tuple"
            } else {
                "get_json_object"
            };
            for a in args
                .iter()
                .skip(1)
                .take(if function == "json_tuple" { usize::MAX } else { 1 })
            {
                if let Expr::Value(v) = a {
                    if let Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) = &v.value {
                        let kind = JsonReadKind::Path {
                            function,
                            path: s.clone(),
                        };
                        self.calls.push((kind, args[0].clone(), v.span));
                    }
                }
            }
        }
        let tested: Vec<(&Expr, &'static str)> = match e {
            Expr::IsNull(inner) => vec![(inner, "IS NULL")],
            Expr::IsNotNull(inner) => vec![(inner, "IS NOT NULL")],
            _ => match function_args(e, &["coalesce", "nvl"]) {
                Some((name, args)) => {
                    let test = if name == "nvl" { "nvl" } else { "coalesce" };
                    args.into_iter().map(|a| (a, test)).collect()
                }
                None => Vec::new(),
            },
        };
        for (inner, test) in tested {
            let inner = strip_nested(inner);
            if let Some((_, args)) = function_args(inner, &["get_json_object"]) {
                if let Some(target) = args.first() {
                    self.calls
                        .push((JsonReadKind::NullTest { test }, (*target).clone(), inner.span()));
                }
            }
        }
        ControlFlow::Continue(())
    }
}

fn strip_nested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => strip_nested(inner),
        other => other,
    }
}

/// `(lower-case name, plain argument expressions)` when `e` calls one of `names`.
fn function_args<'e>(e: &'e Expr, names: &[&str]) -> Option<(String, Vec<&'e Expr>)> {
    let Expr::Function(f) = e else { return None };
    let name = f.name.to_string().to_lowercase();
    if !names.contains(&name.as_str()) {
        return None;
    }
    let FunctionArguments::List(list) = &f.args else {
        return Some((name, Vec::new()));
    };
    let args = list
        .args
        .iter()
        .filter_map(|a| match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        })
        .collect();
    Some((name, args))
}

fn join_constraint(op: &JoinOperator) -> Option<&JoinConstraint> {
    use JoinOperator::*;
    match op {
        Join(c) | Inner(c) | Left(c) | LeftOuter(c) | Right(c) | RightOuter(c) | FullOuter(c) | CrossJoin(c)
        | Semi(c) | LeftSemi(c) | RightSemi(c) | Anti(c) | LeftAnti(c) | RightAnti(c) | StraightJoin(c) => Some(c),
        AsOf { constraint, .. } => Some(constraint),
        _ => None,
    }
}

/// The name Hive gives an unaliased select item: a column's own name.
fn output_name(e: &Expr) -> String {
    match e {
        Expr::Identifier(id) => id.value.to_lowercase(),
        Expr::CompoundIdentifier(parts) => parts.last().map(|p| p.value.to_lowercase()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Output columns renamed by an alias column list `t(a, b)`, by position.
fn rename(columns: Vec<(String, Vec<Root>)>, names: &[String]) -> Vec<(String, Vec<Root>)> {
    columns
        .into_iter()
        .enumerate()
        .map(|(i, (name, roots))| (names.get(i).cloned().unwrap_or(name), roots))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::dialect;

    fn reads(sql: &str) -> (BTreeMap<String, SerdeTable>, Vec<JsonRead>) {
        let mut tables = BTreeMap::new();
        let mut out = Vec::new();
        for stmt in dialect::parse_strict(sql).expect("parses") {
            collect(
                &stmt,
                &|n: &ObjectName| {
                    let s = n.to_string().to_lowercase();
                    if s.contains('.') {
                        s
                    } else {
                        format!("default.{s}")
                    }
                },
                &|span| Location::new("t.hql", span.start.line as usize, span.start.column as usize),
                &mut tables,
                &mut out,
            );
        }
        (tables, out)
    }

    fn root(table: &str, column: &str) -> Root {
        Root {
            table: table.into(),
            column: column.into(),
        }
    }

    #[test]
    fn a_path_is_traced_through_a_derived_table_and_a_lateral_view() {
        let (_, r) = reads(
            "INSERT OVERWRITE TABLE t.x SELECT get_json_object(x.cl, '$.claimantId') FROM (\n\
             SELECT get_json_object(s.`_id`, '$.contractId') AS id, cl FROM src.contract s\n\
             LATERAL VIEW explode(s.claimants) cls AS cl) x;",
        );
        let paths: Vec<(String, Vec<Root>, usize)> = r
            .iter()
            .filter_map(|r| match &r.kind {
                JsonReadKind::Path { path, .. } => Some((path.clone(), r.roots.clone(), r.location.line)),
                _ => None,
            })
            .collect();
        assert!(
            paths.contains(&("$.contractId".into(), vec![root("src.contract", "_id")], 2)),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("$.claimantId".into(), vec![root("src.contract", "claimants")], 1)),
            "{paths:?}"
        );
    }

    #[test]
    fn ctes_nested_calls_json_tuple_and_null_tests_are_found() {
        let (_, r) = reads(
            "WITH c AS (SELECT get_json_object(doc, '$.inner') AS inner_doc FROM src.t)\n\
             SELECT json_tuple(inner_doc, 'A', 'b'), coalesce(get_json_object(inner_doc, '$.x'), 'n')\n\
             FROM c WHERE get_json_object(inner_doc, '$.y') IS NULL\n\
             AND nullif(get_json_object(inner_doc, '$.z'), 'null') IS NULL;",
        );
        let kinds: Vec<String> = r
            .iter()
            .map(|r| match &r.kind {
                JsonReadKind::Path { function, path } => format!("{function} {path}"),
                JsonReadKind::NullTest { test } => test.to_string(),
            })
            .collect();
        for k in [
            "json_tuple A",
            "json_tuple b",
            "coalesce",
            "IS NULL",
            "get_json_object $.z",
        ] {
            assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
        }
        // The nullif-wrapped test is not a NULL test of a JSON value.
        assert_eq!(kinds.iter().filter(|k| *k == "IS NULL").count(), 1, "{kinds:?}");
        assert!(r.iter().all(|x| x.roots == vec![root("src.t", "doc")]));
    }

    #[test]
    fn a_serde_table_is_declared_and_an_untraceable_value_has_no_read() {
        let (t, r) = reads(
            "CREATE EXTERNAL TABLE src.t (Doc STRING) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n\
             WITH SERDEPROPERTIES ('case.insensitive'='false') LOCATION '/x';\n\
             SELECT get_json_object(concat('{', doc, '}'), '$.A') FROM src.t;",
        );
        let table = &t["src.t"];
        assert!(!table.serde.as_ref().unwrap().lowers_nested_keys());
        assert!(table.columns.contains("doc"));
        assert!(r.is_empty(), "{r:?}");
    }
}
