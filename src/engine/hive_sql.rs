//! The compatibility layer between HiveQL and DataFusion, on the sqlparser AST (what needs
//! the types is in `hive_types`, on the plan):
//!
//! - identifiers are case-insensitive in Hive, backquoted ones too: they are lower-cased;
//! - `CAST` is Hive's (`functions::casts`: text '1.5' AS INT is 1, never an error);
//! - `/` is Hive's division (DOUBLE, or DECIMAL for exact operands; NULL for 0), `DIV`
//!   BIGINT division, `%` NULL for 0; text operands of `+ - * %` and of `sum`/`avg` are
//!   read as DOUBLE; integer literals in arithmetic are INT, so INT arithmetic wraps;
//! - `a[i]` is 0-based (`m[k]` looks a map up), `s.f` of a function's struct is `get_field`;
//! - `GROUP BY ... WITH ROLLUP | WITH CUBE | GROUPING SETS (...)` become DataFusion's
//!   ROLLUP/CUBE/GROUPING SETS and `GROUPING__ID` is `grouping()` of the GROUP BY columns
//!   (Hive 2.3+ numbering: a bit is 1 where the column is aggregated away);
//! - `collect_list`/`collect_set` skip NULLs; `count(DISTINCT a, b)` counts the distinct
//!   rows where all are non-NULL; `RLIKE`/`REGEXP` use Java's regex;
//! - `LATERAL VIEW [OUTER] explode(array | map) / posexplode / json_tuple`, also over a join,
//!   become derived tables with `unnest`;
//! - `if`, `array` map onto DataFusion's equivalents;
//! - `DISTRIBUTE BY`, `SORT BY`, `CLUSTER BY` only place data on a cluster: dropped.
//!
//! NULLs sorting first in ascending order is a session setting (`default_null_ordering`).

use super::functions::{
    hive_type_name, CAST, DIVIDE, ENTRIES, INDEX, INTEGER_DIVIDE, JSON_FIELD, NUMERIC, OUTER_ARRAY, POSITIONS, RLIKE,
    SKIP_NULLS, SUBSTR,
};
use crate::sql::dialect::HiveQl;
use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    AccessExpr, BinaryOperator, CaseWhen, CastKind, DataType, DuplicateTreatment, Expr, FunctionArg, FunctionArgExpr,
    FunctionArguments, GroupByExpr, GroupByWithModifier, Ident, ObjectName, ObjectNamePart, OrderBy, Query, Select,
    SelectItem, SetExpr, Statement, Subscript, TableFactor, UnaryOperator, Value, VisitMut, VisitorMut,
};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};
use std::ops::ControlFlow;

/// Parses rendered HQL for the engine (backquoted identifiers lower-cased).
pub fn parse(sql: &str) -> Result<Vec<Statement>, ParserError> {
    let tokens = Tokenizer::new(&HiveQl, sql).tokenize_with_location()?;
    let mut prepared: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(mut t) = tokens.next() {
        if let Token::Word(w) = &mut t.token {
            if w.quote_style == Some('`') {
                w.value = w.value.to_lowercase();
            }
        }
        // Hive's typed numeric literals: 1.5D, 10L, 2BD, 5S, 1Y (the suffix follows at once;
        // `1.5D` may come as one word).
        if let Token::Word(w) = &t.token {
            if let Some((number, type_tokens)) = suffixed_number(w) {
                let at = t.span;
                for token in typed_literal(number, type_tokens) {
                    prepared.push(TokenWithSpan { token, span: at });
                }
                continue;
            }
        }
        if let Token::Number(n, _) = &t.token {
            let suffix = match tokens.peek() {
                Some(TokenWithSpan {
                    token: Token::Word(w),
                    span,
                }) if w.quote_style.is_none()
                    && span.start.line == t.span.end.line
                    && span.start.column == t.span.end.column =>
                {
                    literal_type(&w.value, n)
                }
                _ => None,
            };
            if let Some(type_tokens) = suffix {
                let number = n.clone();
                tokens.next();
                let at = t.span;
                for token in typed_literal(number, type_tokens) {
                    prepared.push(TokenWithSpan { token, span: at });
                }
                continue;
            }
        }
        prepared.push(t);
    }
    Parser::new(&HiveQl)
        .with_tokens_with_locations(prepared)
        .parse_statements()
}

/// A word that is a number with a type suffix (`1.5D`), as the number and its type.
fn suffixed_number(w: &sqlparser::tokenizer::Word) -> Option<(String, Vec<Token>)> {
    if w.quote_style.is_some() || !w.value.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let upper = w.value.to_ascii_uppercase();
    let split = if upper.ends_with("BD") {
        upper.len() - 2
    } else {
        upper.len() - 1
    };
    let (number, suffix) = w.value.split_at(split);
    let plain = number
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !plain || number.parse::<f64>().is_err() {
        return None;
    }
    Some((number.to_string(), literal_type(suffix, number)?))
}

/// `CAST(n AS type)`; a DOUBLE is cast from the text, so it is the double nearest to it.
fn typed_literal(number: String, type_tokens: Vec<Token>) -> Vec<Token> {
    let double = matches!(type_tokens.as_slice(), [Token::Word(w)] if w.value == "DOUBLE");
    let value = if double {
        Token::SingleQuotedString(number)
    } else {
        Token::Number(number, false)
    };
    let mut out = vec![
        Token::make_keyword("CAST"),
        Token::LParen,
        value,
        Token::make_keyword("AS"),
    ];
    out.extend(type_tokens);
    out.push(Token::RParen);
    out
}

/// The type a numeric literal's suffix gives it: `D` DOUBLE, `L` BIGINT, `S` SMALLINT,
/// `Y` TINYINT, `BD` DECIMAL with the literal's own digits.
fn literal_type(suffix: &str, number: &str) -> Option<Vec<Token>> {
    let word = |w: &str| Token::make_word(w, None);
    Some(match suffix.to_ascii_uppercase().as_str() {
        "D" => vec![word("DOUBLE")],
        "L" => vec![word("BIGINT")],
        "S" => vec![word("SMALLINT")],
        "Y" => vec![word("TINYINT")],
        "BD" => {
            if number.contains(['e', 'E']) {
                return None;
            }
            let (int, fraction) = number.split_once('.').unwrap_or((number, ""));
            let scale = fraction.len();
            let precision = (int.trim_start_matches('0').len() + scale).max(1);
            vec![
                word("DECIMAL"),
                Token::LParen,
                Token::Number(precision.to_string(), false),
                Token::Comma,
                Token::Number(scale.to_string(), false),
                Token::RParen,
            ]
        }
        _ => return None,
    })
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
        match rewrite_set_expr(&mut q.body, q.order_by.as_mut()) {
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

fn rewrite_set_expr(body: &mut SetExpr, order_by: Option<&mut OrderBy>) -> Result<(), String> {
    match body {
        SetExpr::Select(select) => {
            select.distribute_by.clear();
            select.sort_by.clear();
            select.cluster_by.clear();
            let mut order_by = order_by;
            grouping(select, order_by.as_deref_mut())?;
            lateral_views(select, order_by)
        }
        SetExpr::SetOperation { left, right, .. } => {
            rewrite_set_expr(left, None)?;
            rewrite_set_expr(right, None)
        }
        _ => Ok(()),
    }
}

/// `WITH ROLLUP`, `WITH CUBE`, `GROUPING SETS (...)` and `GROUPING__ID`.
fn grouping(select: &mut Select, order_by: Option<&mut OrderBy>) -> Result<(), String> {
    let GroupByExpr::Expressions(exprs, modifiers) = &mut select.group_by else {
        return Ok(());
    };
    let columns = exprs.clone();
    let grouped = !modifiers.is_empty();
    if grouped {
        let singles = || columns.iter().map(|e| vec![e.clone()]).collect::<Vec<_>>();
        let new = match std::mem::take(modifiers).as_slice() {
            [GroupByWithModifier::Rollup] => Expr::Rollup(singles()),
            [GroupByWithModifier::Cube] => Expr::Cube(singles()),
            [GroupByWithModifier::GroupingSets(Expr::GroupingSets(sets))] => Expr::GroupingSets(sets.clone()),
            other => {
                let text: Vec<String> = other.iter().map(|m| m.to_string()).collect();
                return Err(format!(
                    "GROUP BY ... {}: not supported by the local engine",
                    text.join(" ")
                ));
            }
        };
        *exprs = vec![new];
    }
    // Hive 2.3+: GROUPING__ID has a bit per GROUP BY column, the first the highest, set where
    // the column is aggregated away; DataFusion's grouping() of the columns is that number.
    let id = if grouped && !columns.is_empty() {
        call("grouping", columns)?
    } else {
        expr("0")?
    };
    // The column keeps Hive's name.
    for item in select.projection.iter_mut() {
        if let SelectItem::UnnamedExpr(Expr::Identifier(i)) = item {
            if i.value.eq_ignore_ascii_case("grouping__id") {
                let alias = Ident::new("grouping__id");
                *item = SelectItem::ExprWithAlias {
                    expr: id.clone(),
                    alias,
                };
            }
        }
    }
    let mut replace = GroupingId(id);
    let _ = select.projection.visit(&mut replace);
    let _ = select.having.visit(&mut replace);
    if let Some(o) = order_by {
        let _ = o.visit(&mut replace);
    }
    Ok(())
}

struct GroupingId(Expr);

impl VisitorMut for GroupingId {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if matches!(e, Expr::Identifier(i) if i.value.eq_ignore_ascii_case("grouping__id")) {
            *e = self.0.clone();
        }
        ControlFlow::Continue(())
    }
}

/// The name a relation's columns are qualified with.
fn relation_alias(relation: &TableFactor) -> Result<Ident, String> {
    match relation {
        TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => Ok(a.name.clone()),
        TableFactor::Table { name, .. } => name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .cloned()
            .ok_or_else(|| "LATERAL VIEW table name".to_string()),
        _ => Err("LATERAL VIEW over this kind of table expression".into()),
    }
}

/// The derived table a join becomes under a LATERAL VIEW: every column the query names, a
/// qualified `q.c` as `q__c` (so equal names of both sides stay apart), under one alias.
fn join_source(select: &mut Select, order_by: Option<&mut OrderBy>) -> Result<(String, Ident), String> {
    let alias = Ident::new(JOIN_ALIAS);
    let mut outputs: Vec<String> = select
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::ExprWithAlias { alias, .. } => Some(alias.value.to_lowercase()),
            _ => None,
        })
        .collect();
    let mut views: Vec<String> = Vec::new();
    for lv in &select.lateral_views {
        outputs.extend(lv.lateral_col_alias.iter().map(|c| c.value.to_lowercase()));
        views.extend(
            lv.lateral_view_name
                .0
                .last()
                .and_then(|p| p.as_ident())
                .map(|i| i.value.to_lowercase()),
        );
    }
    if select
        .projection
        .iter()
        .any(|i| matches!(i, SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)))
    {
        return Err("LATERAL VIEW over a join with SELECT * (the local engine needs the columns named)".into());
    }
    let mut refs = ColumnRefs::default();
    let _ = select.projection.visit(&mut refs);
    let _ = select.selection.visit(&mut refs);
    let _ = select.group_by.visit(&mut refs);
    let _ = select.having.visit(&mut refs);
    for lv in select.lateral_views.iter_mut() {
        let _ = lv.lateral_view.visit(&mut refs);
    }
    let mut order_by = order_by;
    if let Some(o) = order_by.as_deref_mut() {
        let _ = o.visit(&mut refs);
    }
    let mut items: Vec<String> = Vec::new();
    let mut renames: Vec<((String, String), String)> = Vec::new();
    for (q, c) in refs.qualified {
        if views.contains(&q) {
            continue;
        }
        let renamed = format!("{q}__{c}");
        items.push(format!("{q}.{c} AS {renamed}"));
        renames.push(((q, c), renamed));
    }
    for c in refs.plain {
        if !outputs.contains(&c) && !items.contains(&c) {
            items.push(c);
        }
    }
    if items.is_empty() {
        items.push("1 AS pdm_no_column".into());
    }
    let from: Vec<String> = select.from.iter().map(|t| t.to_string()).collect();
    // `a.id` keeps its name `id` once it reads `pdm_join.a__id`.
    for item in select.projection.iter_mut() {
        if let SelectItem::UnnamedExpr(e @ Expr::CompoundIdentifier(_)) = item {
            let Expr::CompoundIdentifier(parts) = &*e else {
                unreachable!()
            };
            if parts.len() == 2 {
                let alias = parts[1].clone();
                *item = SelectItem::ExprWithAlias { expr: e.clone(), alias };
            }
        }
    }
    let mut rename = JoinRename {
        alias: alias.clone(),
        renames,
    };
    let _ = select.projection.visit(&mut rename);
    let _ = select.selection.visit(&mut rename);
    let _ = select.group_by.visit(&mut rename);
    let _ = select.having.visit(&mut rename);
    for lv in select.lateral_views.iter_mut() {
        let _ = lv.lateral_view.visit(&mut rename);
    }
    if let Some(o) = order_by {
        let _ = o.visit(&mut rename);
    }
    Ok((
        format!("(SELECT {} FROM {}) AS {alias}", items.join(", "), from.join(", ")),
        alias,
    ))
}

const JOIN_ALIAS: &str = "pdm_join";

#[derive(Default)]
struct ColumnRefs {
    qualified: Vec<(String, String)>,
    plain: Vec<String>,
}

impl VisitorMut for ColumnRefs {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        match e {
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                let key = (parts[0].value.to_lowercase(), parts[1].value.to_lowercase());
                if !self.qualified.contains(&key) {
                    self.qualified.push(key);
                }
            }
            Expr::Identifier(i) => {
                let name = i.value.to_lowercase();
                if !self.plain.contains(&name) && !name.eq_ignore_ascii_case("grouping__id") {
                    self.plain.push(name);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

struct JoinRename {
    alias: Ident,
    renames: Vec<((String, String), String)>,
}

impl VisitorMut for JoinRename {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::CompoundIdentifier(parts) = e {
            if parts.len() == 2 {
                let key = (parts[0].value.to_lowercase(), parts[1].value.to_lowercase());
                if let Some((_, to)) = self.renames.iter().find(|(k, _)| *k == key) {
                    *parts = vec![self.alias.clone(), Ident::new(to.clone())];
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// `LATERAL VIEW [OUTER] f(...) name AS cols` become derived tables around the FROM.
fn lateral_views(select: &mut Select, order_by: Option<&mut OrderBy>) -> Result<(), String> {
    if select.lateral_views.is_empty() {
        return Ok(());
    }
    let mut order_by = order_by;
    let (mut source, alias) = if select.from.len() == 1 && select.from[0].joins.is_empty() {
        let relation = &select.from[0].relation;
        (relation.to_string(), relation_alias(relation)?)
    } else {
        join_source(select, order_by.as_deref_mut())?
    };
    let mut renames: Vec<(String, Ident)> = Vec::new();
    for lv in std::mem::take(&mut select.lateral_views) {
        let Expr::Function(f) = &lv.lateral_view else {
            return Err(format!("LATERAL VIEW {}", lv.lateral_view));
        };
        let name = f.name.to_string().to_lowercase();
        let args: Vec<String> = function_args(&f.args).iter().map(|a| a.to_string()).collect();
        let cols = &lv.lateral_col_alias;
        let outer = |a: String| if lv.outer { format!("{OUTER_ARRAY}({a})") } else { a };
        let items: Vec<String> = match (name.as_str(), cols.len(), args.as_slice()) {
            ("explode", 1, [a]) => vec![format!("unnest({}) AS {}", outer(a.clone()), cols[0])],
            ("explode", 2, [m]) => {
                let e = format!("unnest({})", outer(format!("{ENTRIES}({m})")));
                vec![
                    format!("get_field({e}, 'key') AS {}", cols[0]),
                    format!("get_field({e}, 'value') AS {}", cols[1]),
                ]
            }
            ("posexplode", 2, [a]) => {
                let e = format!("unnest({})", outer(format!("{POSITIONS}({a})")));
                vec![
                    format!("get_field({e}, 'pos') AS {}", cols[0]),
                    format!("get_field({e}, 'val') AS {}", cols[1]),
                ]
            }
            ("json_tuple", n, [json, keys @ ..]) if n == keys.len() && n > 0 => keys
                .iter()
                .zip(cols)
                .map(|(k, c)| format!("{JSON_FIELD}({json}, {k}) AS {c}"))
                .collect(),
            (other, n, _) => {
                return Err(format!(
                    "LATERAL VIEW {other} with {n} column(s) (the local engine runs explode of an array into one column or of a map into two, posexplode into two, json_tuple into one per key)"
                ))
            }
        };
        source = format!("(SELECT {alias}.*, {} FROM {source}) AS {alias}", items.join(", "));
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
        if let Some(o) = order_by {
            let _ = o.visit(&mut q);
        }
    }
    Ok(())
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

/// A call of a function with the given arguments.
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

fn string_literal(s: &str) -> Expr {
    Expr::Value(Value::SingleQuotedString(s.to_string()).with_empty_span())
}

fn is_call_of(e: &Expr, name: &str) -> bool {
    matches!(e, Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case(name))
}

/// An operand of `+ - * %`: an integer literal that fits is an INT (as Hive types it, so INT
/// arithmetic wraps); anything else may be text, which Hive reads as a DOUBLE.
fn arithmetic_operand(e: &mut Expr) -> Result<(), String> {
    if int_literal(e) {
        return Ok(());
    }
    if !is_call_of(e, NUMERIC) {
        *e = call(NUMERIC, vec![e.clone()])?;
    }
    Ok(())
}

/// An integer literal that fits is an INT, as Hive types it (DataFusion: BIGINT); `-5` too.
/// True for any number literal (a number needs no conversion from text).
fn int_literal(e: &mut Expr) -> bool {
    let number = |e: &Expr| match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Some(n.parse::<i32>().is_ok()),
            _ => None,
        },
        _ => None,
    };
    let fits = match &*e {
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => number(expr),
        other => number(other),
    };
    if fits == Some(true) {
        *e = Expr::Cast {
            kind: CastKind::Cast,
            expr: Box::new(e.clone()),
            data_type: DataType::Int(None),
            array: false,
            format: None,
        };
    }
    fits.is_some()
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
            *e = call(SUBSTR, args)?;
        }
        Expr::Cast {
            kind,
            expr: value,
            data_type,
            ..
        } if matches!(kind, CastKind::Cast | CastKind::TryCast) => match hive_type_name(data_type) {
            Some(name) => *e = call(CAST, vec![(**value).clone(), string_literal(&name)])?,
            None => *kind = CastKind::TryCast,
        },
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::Divide => {
                int_literal(left);
                int_literal(right);
                *e = call(DIVIDE, vec![(**left).clone(), (**right).clone()])?
            }
            BinaryOperator::MyIntegerDivide => *e = call(INTEGER_DIVIDE, vec![(**left).clone(), (**right).clone()])?,
            BinaryOperator::Plus | BinaryOperator::Minus | BinaryOperator::Multiply => {
                arithmetic_operand(left)?;
                arithmetic_operand(right)?;
            }
            BinaryOperator::Modulo => {
                arithmetic_operand(left)?;
                arithmetic_operand(right)?;
                // Hive: x % 0 is NULL.
                **right = call("nullif", vec![(**right).clone(), expr("0")?])?;
            }
            _ => {}
        },
        Expr::RLike {
            negated,
            expr: value,
            pattern,
            ..
        } => {
            let matched = call(RLIKE, vec![(**value).clone(), (**pattern).clone()])?;
            *e = if *negated {
                Expr::UnaryOp {
                    op: UnaryOperator::Not,
                    expr: Box::new(matched),
                }
            } else {
                matched
            };
        }
        Expr::CompoundFieldAccess { root, access_chain } => {
            let mut current = (**root).clone();
            for access in std::mem::take(access_chain) {
                current = match access {
                    AccessExpr::Subscript(Subscript::Index { index }) => call(INDEX, vec![current, index])?,
                    AccessExpr::Dot(Expr::Identifier(field)) => {
                        call("get_field", vec![current, string_literal(&field.value.to_lowercase())])?
                    }
                    other => return Err(format!("{other}: not supported by the local engine")),
                };
            }
            *e = current;
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
                    // Hive's collect_* skip NULLs, and give [] for a group of NULLs.
                    *e = call(SKIP_NULLS, vec![e.clone()])?;
                }
                "sum" | "avg" => {
                    if let FunctionArguments::List(list) = &mut f.args {
                        if let [FunctionArg::Unnamed(FunctionArgExpr::Expr(a))] = list.args.as_mut_slice() {
                            if !is_call_of(a, NUMERIC) {
                                *a = call(NUMERIC, vec![a.clone()])?;
                            }
                        }
                    }
                }
                "count" => {
                    let args = function_args(&f.args);
                    if let FunctionArguments::List(list) = &mut f.args {
                        if args.len() > 1 && list.duplicate_treatment == Some(DuplicateTreatment::Distinct) {
                            // count(DISTINCT a, b): the distinct rows where none is NULL.
                            let conditions: Vec<String> = args.iter().map(|a| format!("({a}) IS NOT NULL")).collect();
                            let values: Vec<String> = args.iter().map(|a| a.to_string()).collect();
                            let row = expr(&format!(
                                "CASE WHEN {} THEN struct({}) END",
                                conditions.join(" AND "),
                                values.join(", ")
                            ))?;
                            list.args = vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(row))];
                        }
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
                "posexplode" | "json_tuple" | "inline" | "stack" | "parse_url_tuple" => {
                    return Err(format!(
                        "{name}(...) in a SELECT list (the local engine runs it in a LATERAL VIEW)"
                    ))
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
            rewritten("SELECT CAST(a AS INT), 7 / 2, x DIV 2 FROM t"),
            "SELECT pdm_cast(a, 'int'), pdm_divide(CAST(7 AS INT), CAST(2 AS INT)), pdm_div(x, 2) FROM t"
        );
        assert_eq!(
            rewritten("SELECT if(a > 1, 'x', 'y'), collect_set(b) FROM t"),
            "SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END, pdm_skip_nulls(array_agg(DISTINCT b)) FROM t"
        );
        assert_eq!(
            rewritten("SELECT a + 1, arr[0], s RLIKE 'x' FROM t"),
            "SELECT pdm_numeric(a) + CAST(1 AS INT), pdm_index(arr, 0), pdm_rlike(s, 'x') FROM t"
        );
        // Hive reads "text" as a string, and so does sqlparser's Hive dialect.
        assert_eq!(
            rewritten("SELECT `Mixed_Case`, \"text\" FROM t"),
            "SELECT `mixed_case`, \"text\" FROM t"
        );
    }

    #[test]
    fn grouping_modifiers_become_standard_sql() {
        assert_eq!(
            rewritten("SELECT a, b, GROUPING__ID FROM t GROUP BY a, b WITH ROLLUP"),
            "SELECT a, b, grouping(a, b) AS grouping__id FROM t GROUP BY ROLLUP (a, b)"
        );
        assert_eq!(
            rewritten("SELECT a FROM t GROUP BY a, b GROUPING SETS ((a), (b))"),
            "SELECT a FROM t GROUP BY GROUPING SETS ((a), (b))"
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
        let mut s = parse("SELECT k, v FROM t LATERAL VIEW inline(m) e AS k, v").unwrap();
        assert!(rewrite(&mut s[0])
            .unwrap_err()
            .contains("LATERAL VIEW inline with 2 column(s)"));
    }
}
