//! The compatibility layer between HiveQL and DataFusion, on the sqlparser AST:
//!
//! - identifiers are case-insensitive in Hive, backquoted ones too: they are lower-cased;
//! - `CAST` never fails in Hive (bad text gives NULL): casts become `TRY_CAST`;
//! - `/` always divides as DOUBLE (7/2 = 3.5);
//! - `LATERAL VIEW [OUTER] explode(a) t AS x` becomes a derived table with `unnest`;
//! - `if`, `array`, `collect_set`, `collect_list`, `explode` map onto DataFusion's equivalents;
//! - `DISTRIBUTE BY`, `SORT BY`, `CLUSTER BY` only place data on a cluster: dropped.
//!
//! NULLs sorting first in ascending order is a session setting (`default_null_ordering`).

use super::functions::{HIVE_SUBSTR, OUTER_ARRAY};
use crate::sql::dialect::HiveQl;
use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    BinaryOperator, CaseWhen, CastKind, DuplicateTreatment, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    Ident, ObjectName, ObjectNamePart, Query, SetExpr, Statement, TableFactor, VisitMut, VisitorMut,
};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer};
use std::ops::ControlFlow;

/// Parses rendered HQL for the engine (backquoted identifiers lower-cased).
pub fn parse(sql: &str) -> Result<Vec<Statement>, ParserError> {
    let tokens = Tokenizer::new(&HiveQl, sql).tokenize_with_location()?;
    let prepared: Vec<_> = tokens
        .into_iter()
        .map(|mut t| {
            if let Token::Word(w) = &mut t.token {
                if w.quote_style == Some('`') {
                    w.value = w.value.to_lowercase();
                }
            }
            t
        })
        .collect();
    Parser::new(&HiveQl)
        .with_tokens_with_locations(prepared)
        .parse_statements()
}

/// The source text of each statement of `sql`, as written (to re-create tables and views
/// from later: printing the AST back is not always valid Hive), with the line and column of
/// its first token.
pub fn statement_texts(sql: &str) -> Result<Vec<(String, u64, u64)>, ParserError> {
    let tokens = Tokenizer::new(&HiveQl, sql).tokenize_with_location()?;
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(sql.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |line: u64, column: u64| -> usize {
        let start = line_starts
            .get((line.max(1) - 1) as usize)
            .copied()
            .unwrap_or(sql.len());
        sql[start..]
            .char_indices()
            .nth((column.max(1) - 1) as usize)
            .map(|(i, _)| start + i)
            .unwrap_or(sql.len())
    };
    let mut texts = Vec::new();
    let mut start = 0usize;
    let mut first: Option<(u64, u64)> = None;
    for t in &tokens {
        match &t.token {
            Token::SemiColon => {
                let end = offset(t.span.start.line, t.span.start.column);
                if let Some((line, column)) = first.take() {
                    texts.push((sql[start..end].trim().to_string(), line, column));
                }
                start = end + 1;
            }
            Token::Whitespace(_) | Token::EOF => {}
            _ => {
                first.get_or_insert((t.span.start.line, t.span.start.column));
            }
        }
    }
    if let Some((line, column)) = first {
        texts.push((sql[start..].trim().to_string(), line, column));
    }
    Ok(texts)
}

/// Parses one expression (used to build rewritten pieces).
fn expr(sql: &str) -> Result<Expr, String> {
    Parser::new(&HiveQl)
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| format!("internal rewrite produced `{sql}`: {e}"))
}

fn query(sql: &str) -> Result<Query, String> {
    Parser::new(&HiveQl)
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_query())
        .map(|q| *q)
        .map_err(|e| format!("internal rewrite produced `{sql}`: {e}"))
}

/// Rewrites a statement in place for DataFusion. Errors name the construct that has no local
/// equivalent.
pub fn rewrite(stmt: &mut Statement) -> Result<(), String> {
    let mut r = Rewriter;
    match stmt.visit(&mut r) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(e) => Err(e),
    }
}

struct Rewriter;

impl VisitorMut for Rewriter {
    type Break = String;

    fn pre_visit_query(&mut self, q: &mut Query) -> ControlFlow<String> {
        match rewrite_set_expr(&mut q.body) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => ControlFlow::Break(e),
        }
    }

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<String> {
        match rewrite_expr(e) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => ControlFlow::Break(err),
        }
    }
}

fn rewrite_set_expr(body: &mut SetExpr) -> Result<(), String> {
    match body {
        SetExpr::Select(select) => {
            select.distribute_by.clear();
            select.sort_by.clear();
            select.cluster_by.clear();
            if select.lateral_views.is_empty() {
                return Ok(());
            }
            if select.from.len() != 1 || !select.from[0].joins.is_empty() {
                return Err("LATERAL VIEW over a join or several tables (the local engine takes one table)".into());
            }
            let relation = &select.from[0].relation;
            let alias = match relation {
                TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => {
                    a.name.clone()
                }
                TableFactor::Table { name, .. } => name
                    .0
                    .last()
                    .and_then(|p| p.as_ident())
                    .cloned()
                    .ok_or("LATERAL VIEW table name")?,
                _ => return Err("LATERAL VIEW over this kind of table expression".into()),
            };
            let mut source = relation.to_string();
            let mut renames: Vec<(String, Ident)> = Vec::new();
            for lv in std::mem::take(&mut select.lateral_views) {
                let Expr::Function(f) = &lv.lateral_view else {
                    return Err(format!("LATERAL VIEW {}", lv.lateral_view));
                };
                let fname = f.name.to_string().to_lowercase();
                if fname != "explode" || lv.lateral_col_alias.len() != 1 {
                    return Err(format!(
                        "LATERAL VIEW {} with {} column(s) (the local engine supports explode of an array into one column)",
                        fname,
                        lv.lateral_col_alias.len()
                    ));
                }
                let FunctionArguments::List(args) = &f.args else {
                    return Err("LATERAL VIEW explode without arguments".into());
                };
                let arg = args
                    .args
                    .first()
                    .map(|a| a.to_string())
                    .ok_or("explode needs an argument")?;
                let array = if lv.outer { format!("{OUTER_ARRAY}({arg})") } else { arg };
                let column = &lv.lateral_col_alias[0];
                source = format!("(SELECT {alias}.*, unnest({array}) AS {column} FROM {source}) AS {alias}");
                if let Some(name) = lv.lateral_view_name.0.last().and_then(|p| p.as_ident()) {
                    renames.push((name.value.to_lowercase(), alias.clone()));
                }
            }
            // `SELECT ... FROM (derived) AS alias`: parse the whole FROM back as a derived table.
            let Query { body, .. } = query(&format!("SELECT 1 FROM {source}"))?;
            let SetExpr::Select(parsed) = *body else {
                return Err("internal LATERAL VIEW rewrite".into());
            };
            select.from = parsed.from;
            // Columns qualified by the lateral view's name now live in the derived table.
            if !renames.is_empty() {
                let mut q = QualifierRename(renames);
                let _ = select.projection.visit(&mut q);
                let _ = select.selection.visit(&mut q);
                let _ = select.group_by.visit(&mut q);
                let _ = select.having.visit(&mut q);
            }
            Ok(())
        }
        SetExpr::SetOperation { left, right, .. } => {
            rewrite_set_expr(left)?;
            rewrite_set_expr(right)
        }
        _ => Ok(()),
    }
}

struct QualifierRename(Vec<(String, Ident)>);

impl VisitorMut for QualifierRename {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::CompoundIdentifier(parts) = e {
            if parts.len() == 2 {
                if let Some((_, to)) = self.0.iter().find(|(from, _)| *from == parts[0].value.to_lowercase()) {
                    parts[0] = to.clone();
                }
            }
        }
        ControlFlow::Continue(())
    }
}

fn function_args(args: &FunctionArguments) -> Vec<Expr> {
    match args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A call of one of our functions with the given arguments.
fn call(name: &str, args: Vec<Expr>) -> Result<Expr, String> {
    let Expr::Function(mut f) = expr(&format!("{name}()"))? else {
        return Err(format!("internal rewrite of {name}"));
    };
    if let FunctionArguments::List(list) = &mut f.args {
        list.args = args
            .into_iter()
            .map(|a| FunctionArg::Unnamed(FunctionArgExpr::Expr(a)))
            .collect();
    }
    Ok(Expr::Function(f))
}

fn rewrite_expr(e: &mut Expr) -> Result<(), String> {
    match e {
        // SUBSTR/SUBSTRING parse as their own expression, which DataFusion plans with its
        // SQL-standard version; Hive counts a negative start from the end.
        Expr::Substring {
            expr: text,
            substring_from,
            substring_for,
            ..
        } => {
            let mut args = vec![(**text).clone()];
            args.extend(substring_from.as_deref().cloned());
            args.extend(substring_for.as_deref().cloned());
            *e = call(HIVE_SUBSTR, args)?;
        }
        Expr::Cast { kind, .. } if *kind == CastKind::Cast => *kind = CastKind::TryCast,
        Expr::BinaryOp {
            op: BinaryOperator::Divide,
            left,
            ..
        } => {
            let as_double = expr(&format!("TRY_CAST(({left}) AS DOUBLE)"))?;
            **left = as_double;
        }
        Expr::Function(f) => {
            let name = f.name.to_string().to_lowercase();
            match name.as_str() {
                "explode" => f.name = ObjectName(vec![ObjectNamePart::Identifier(Ident::new("unnest"))]),
                "array" => f.name = ObjectName(vec![ObjectNamePart::Identifier(Ident::new("make_array"))]),
                "collect_set" | "collect_list" => {
                    f.name = ObjectName(vec![ObjectNamePart::Identifier(Ident::new("array_agg"))]);
                    if let (FunctionArguments::List(list), "collect_set") = (&mut f.args, name.as_str()) {
                        list.duplicate_treatment = Some(DuplicateTreatment::Distinct);
                    }
                }
                "if" => {
                    let args = function_args(&f.args);
                    let [condition, then, otherwise] =
                        <[Expr; 3]>::try_from(args).map_err(|_| "if() takes three arguments".to_string())?;
                    *e = Expr::Case {
                        case_token: AttachedToken::empty(),
                        end_token: AttachedToken::empty(),
                        operand: None,
                        conditions: vec![CaseWhen {
                            condition,
                            result: then,
                        }],
                        else_result: Some(Box::new(otherwise)),
                    };
                }
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(sql: &str) -> String {
        let mut stmts = parse(sql).unwrap();
        rewrite(&mut stmts[0]).unwrap();
        stmts[0].to_string()
    }

    #[test]
    fn casts_division_and_functions() {
        assert_eq!(
            rewritten("SELECT CAST(a AS INT), 7 / 2 FROM t"),
            "SELECT TRY_CAST(a AS INT), TRY_CAST((7) AS DOUBLE) / 2 FROM t"
        );
        assert_eq!(
            rewritten("SELECT if(a > 1, 'x', 'y'), collect_set(b) FROM t"),
            "SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END, array_agg(DISTINCT b) FROM t"
        );
        // Hive reads "text" as a string, and so does sqlparser's Hive dialect.
        assert_eq!(
            rewritten("SELECT `Mixed_Case`, \"text\" FROM t"),
            "SELECT `mixed_case`, \"text\" FROM t"
        );
    }

    #[test]
    fn lateral_view_becomes_unnest() {
        let sql = "SELECT s.id, x, lv.x FROM db.t s LATERAL VIEW explode(s.arr) lv AS x WHERE x IS NOT NULL";
        assert_eq!(
            rewritten(sql),
            "SELECT s.id, x, s.x FROM (SELECT s.*, unnest(s.arr) AS x FROM db.t s) AS s WHERE x IS NOT NULL"
        );
        let outer = rewritten("SELECT x FROM t LATERAL VIEW OUTER explode(arr) e AS x");
        assert!(outer.contains("unnest(pdm_outer_array(arr)) AS x"), "{outer}");
    }

    #[test]
    fn unsupported_lateral_views_are_named() {
        let mut s = parse("SELECT k, v FROM t LATERAL VIEW explode(m) e AS k, v").unwrap();
        assert!(rewrite(&mut s[0])
            .unwrap_err()
            .contains("explode of an array into one column"));
    }
}
