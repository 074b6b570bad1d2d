//! The HiveQL dialect pdmctl parses with: sqlparser's Hive dialect, extended where real Hive
//! scripts need more. It reports itself as `HiveDialect`, so every Hive-specific branch inside
//! sqlparser still applies; the `parse_statement` hook takes over the statements stock
//! sqlparser rejects (Hive DDL clauses, CLI commands, FROM-first multi-insert, ...).
//!
//! Statements sqlparser has no node for are returned as *opaque* statements (see
//! [`opaque_kind`]) after their leading structure is checked and their brackets balance.
//! Text the tokenizer cannot take (Hive variables, free-text CLI arguments) is rewritten first
//! by [`crate::sql::text`], keeping every position.
//!
//! May use: `sql::text` only (and sqlparser).

mod ddl;
mod insert;
mod query;
mod session;

pub use ddl::parse_hive_type;
use ddl::{
    parse_alter, parse_alter_materialized_view, parse_create_database, parse_create_materialized_view,
    parse_create_table, parse_create_view, parse_truncate,
};
pub use insert::multi_insert_branches;
use insert::{
    insert_if_not_exists, parse_from_first, parse_import_export, parse_insert_directory, parse_insert_if_not_exists,
};
use query::{parse_ptf_input, parse_transform};
use session::{parse_describe, parse_explain, parse_set, parse_show};

use crate::sql::text::{prepare, Prepared};
use sqlparser::ast::helpers::stmt_create_table::CreateTableBuilder;
use sqlparser::ast::{
    ArrayElemTypeDef, BinaryOperator, ColumnDef, ColumnOption, ColumnOptionDef, ColumnOptions, CommentDef,
    CreateTableLikeKind, CreateTableOptions, CreateView, DataType, DescribeAlias, Expr, HiveDescribeFormat,
    HiveDistributionStyle, HiveFormat, HiveIOFormat, Ident, ObjectName, ObjectNamePart, Query, SetExpr, SetOperator,
    SetQuantifier, Statement, StructBracketKind, StructField, TableWithJoins, Value, ViewColumnDef,
};
use sqlparser::dialect::{Dialect, HiveDialect};
use sqlparser::keywords::{self, Keyword};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Span, Token, TokenWithSpan, Tokenizer};
use std::any::TypeId;

#[derive(Debug, Default, Clone, Copy)]
pub struct HiveQl;

const HIVE: HiveDialect = HiveDialect {};

const NOT_AN_EXPRESSION: &[Keyword] = &[
    Keyword::DISTINCT,
    Keyword::SELECT,
    Keyword::FROM,
    Keyword::WHERE,
    Keyword::GROUP,
    Keyword::HAVING,
    Keyword::ORDER,
    Keyword::LIMIT,
    Keyword::UNION,
    Keyword::JOIN,
    Keyword::INSERT,
    Keyword::INTO,
    Keyword::THEN,
    Keyword::ELSE,
    Keyword::WHEN,
    Keyword::AND,
    Keyword::OR,
    Keyword::AS,
    Keyword::BY,
];

/// Name prefix that marks an opaque statement (a `PRAGMA` node no Hive script can produce,
/// since `:` cannot appear in an unquoted name).
const OPAQUE: &str = "hive:";

impl Dialect for HiveQl {
    fn dialect(&self) -> TypeId {
        TypeId::of::<HiveDialect>()
    }
    /// Hive quotes identifiers with backticks only: `"..."` is a string, as `'...'` is (with
    /// backslash escapes, so `"a \"b\""` is one string).
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '`'
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        HIVE.is_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        HIVE.is_identifier_part(ch)
    }
    /// `'it\'s'`, `'\t'`: Hive strings take backslash escapes.
    fn supports_string_literal_backslash_escape(&self) -> bool {
        true
    }
    fn supports_filter_during_aggregation(&self) -> bool {
        HIVE.supports_filter_during_aggregation()
    }
    fn supports_numeric_prefix(&self) -> bool {
        HIVE.supports_numeric_prefix()
    }
    fn require_interval_qualifier(&self) -> bool {
        HIVE.require_interval_qualifier()
    }
    fn supports_bang_not_operator(&self) -> bool {
        HIVE.supports_bang_not_operator()
    }
    fn supports_load_data(&self) -> bool {
        HIVE.supports_load_data()
    }
    fn supports_table_sample_before_alias(&self) -> bool {
        HIVE.supports_table_sample_before_alias()
    }
    fn supports_group_by_with_modifier(&self) -> bool {
        HIVE.supports_group_by_with_modifier()
    }
    fn supports_from_first_insert(&self) -> bool {
        HIVE.supports_from_first_insert()
    }
    /// `FROM (...) t SELECT ...` as a subquery (Hive's `fromStatement`), as in BigBench's
    /// `FROM (FROM (...) c REDUCE ... USING ...) s`. A FROM with no SELECT after it is refused
    /// after parsing (see [`from_without_select`]).
    fn supports_from_first_select(&self) -> bool {
        true
    }
    /// Hive's complex column types `STRUCT<name:type, ...>` go through sqlparser's struct type
    /// parser, which accepts the colon form.
    fn supports_struct_literal(&self) -> bool {
        true
    }

    /// Hive's reserved words that start an expression: when the expression is broken (a CASE
    /// without THEN), the error is there, not a retry of the word as a column name.
    fn is_reserved_for_identifier(&self, kw: Keyword) -> bool {
        matches!(kw, Keyword::CASE | Keyword::CAST) || keywords::RESERVED_FOR_IDENTIFIER.contains(&kw)
    }

    /// `LIMIT offset, rows` (Hive 2+).
    fn supports_limit_comma(&self) -> bool {
        true
    }

    /// `SELECT explode(m) AS (k, v)`: a UDTF's columns named in one alias.
    fn supports_select_item_multi_column_alias(&self) -> bool {
        true
    }

    /// `TRANSFORM (cols) [ROW FORMAT ...] USING 'script' [AS (col [type], ...)] [ROW FORMAT ...]`,
    /// and the input of a table function (PTF): `fn(ON source ...)`.
    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
        if parser.peek_keyword(Keyword::ON) {
            // ON never starts an expression: here it can only open a PTF's input.
            return Some(parse_ptf_input(parser));
        }
        // Hive's reserved clause words never start an expression; sqlparser would take them as
        // column names and report the error a token or two later.
        if let Token::Word(w) = &parser.peek_token_ref().token {
            if w.quote_style.is_none() && NOT_AN_EXPRESSION.contains(&w.keyword) {
                return Some(parser.expected("an expression", parser.peek_token()));
            }
        }
        // `array[...]` (Presto, PostgreSQL): Hive builds arrays with `array(...)` only.
        if is_word(parser.peek_token_ref(), "array") && parser.peek_nth_token_ref(1).token == Token::LBracket {
            parser.advance_token();
            return Some(parser.expected("( (Hive arrays are array(...))", parser.peek_token()));
        }
        // `CAST(x AS type)` with Hive's types (no Presto `ROW(...)`).
        if parser.peek_keyword(Keyword::CAST) && parser.peek_nth_token_ref(1).token == Token::LParen {
            return Some(query::parse_cast(parser));
        }
        if let Some(interval) = query::parse_bare_interval(parser) {
            return Some(interval);
        }
        if parser.peek_keyword(Keyword::VALUES) && query::after_table_paren(parser) {
            return Some(query::parse_table_values(parser));
        }
        if !is_word(parser.peek_token_ref(), "transform") || parser.peek_nth_token_ref(1).token != Token::LParen {
            return None;
        }
        // Only when USING (or ROW FORMAT) follows the parentheses: `transform(...)` alone is a function.
        let (mut depth, mut n) = (0usize, 1usize);
        loop {
            match parser.peek_nth_token_ref(n).token {
                Token::LParen => depth += 1,
                Token::RParen if depth == 1 => break,
                Token::RParen => depth -= 1,
                Token::EOF | Token::SemiColon => return None,
                _ => {}
            }
            n += 1;
        }
        let after = parser.peek_nth_token_ref(n + 1);
        if !(is_word(after, "using") || is_word(after, "row") || is_word(after, "recordwriter")) {
            return None;
        }
        Some(parse_transform(parser))
    }

    /// In a FROM-first multi-insert, `INSERT` ends the FROM clause and each SELECT: never an alias.
    fn is_table_alias(&self, kw: &Keyword, _parser: &mut Parser) -> bool {
        *kw != Keyword::INSERT && !keywords::RESERVED_FOR_TABLE_ALIAS.contains(kw)
    }
    fn is_column_alias(&self, kw: &Keyword, _parser: &mut Parser) -> bool {
        *kw != Keyword::INSERT && !keywords::RESERVED_FOR_COLUMN_ALIAS.contains(kw)
    }

    /// `a DIV b`: integer division; `a [NOT] IN ${list}`: a variable that stands for the list.
    fn parse_infix(&self, parser: &mut Parser, expr: &Expr, precedence: u8) -> Option<Result<Expr, ParserError>> {
        if let Some(in_list) = query::parse_in_variable(parser, expr) {
            return Some(in_list);
        }
        if !is_word(parser.peek_token_ref(), "div") {
            return None;
        }
        parser.advance_token();
        Some(parser.parse_subexpr(precedence).map(|right| Expr::BinaryOp {
            left: Box::new(expr.clone()),
            op: BinaryOperator::MyIntegerDivide,
            right: Box::new(right),
        }))
    }

    fn parse_statement(&self, parser: &mut Parser) -> Option<Result<Statement, ParserError>> {
        let first = parser.peek_token();
        let word = |n: usize| word_lower(&parser.peek_nth_token_ref(n).token);
        let (w0, w1, w2, w3) = (word(0), word(1), word(2), word(3));
        let resource = matches!(w1.as_str(), "jar" | "jars" | "file" | "files" | "archive" | "archives");
        let result = match (w0.as_str(), w1.as_str()) {
            ("add" | "list" | "delete", _) if resource => cli(parser, 2),
            ("dfs" | "source" | "reset" | "compile" | "crypto" | "reload", _) => cli(parser, 1),
            _ if first.token == Token::ExclamationMark => cli(parser, 1),
            ("set", _) => parse_set(parser),
            ("create", _) => {
                let mut n = 1;
                while matches!(
                    word_lower(&parser.peek_nth_token_ref(n).token).as_str(),
                    "temporary" | "external" | "transactional" | "managed" | "or" | "replace"
                ) {
                    n += 1;
                }
                match word_lower(&parser.peek_nth_token_ref(n).token).as_str() {
                    "table" => parse_create_table(parser),
                    "view" => parse_create_view(parser),
                    "materialized" => parse_create_materialized_view(parser),
                    "database" | "schema" => parse_create_database(parser),
                    "macro" | "index" => opaque_rest(parser, n + 1),
                    _ => return None,
                }
            }
            ("alter", "table" | "view") => parse_alter(parser),
            ("alter", "materialized") => parse_alter_materialized_view(parser),
            ("truncate", _) => parse_truncate(parser),
            ("alter", "database" | "schema" | "index") => opaque_rest(parser, 2),
            ("describe" | "desc", _) => parse_describe(parser),
            ("explain", _) => parse_explain(parser),
            ("show", _) => parse_show(parser),
            ("from", _) => parse_from_first(parser),
            ("insert", "overwrite") if w2 == "directory" || (w2 == "local" && w3 == "directory") => {
                parse_insert_directory(parser)
            }
            ("insert", "overwrite") if insert_if_not_exists(parser) => parse_insert_if_not_exists(parser),
            ("insert", w) if w != "into" && w != "overwrite" => {
                parser.advance_token();
                parser.expected("INTO or OVERWRITE", parser.peek_token())
            }
            ("drop", "temporary") => opaque_rest(parser, 3),
            ("import" | "export", _) => parse_import_export(parser),
            ("lock" | "unlock" | "abort" | "kill", _) => opaque_rest(parser, 1),
            _ => return None,
        };
        Some(result)
    }
}

fn word_lower(t: &Token) -> String {
    match t {
        Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn is_word(t: &TokenWithSpan, w: &str) -> bool {
    matches!(&t.token, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w))
}

/// A Hive variable (`${x}`), which the text pass turned into a word starting with `$`: Hive
/// substitutes it before parsing, so it may stand for any text (a Hive name never has `$`).
fn is_variable(t: &TokenWithSpan) -> bool {
    matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.starts_with('$'))
}

/// Takes a variable that stands for a whole clause or list entry: a lone variable followed
/// by one of `ends` (`,` and `)` in a list).
fn parse_lone_variable(p: &mut Parser, ends: &[Token]) -> bool {
    let lone = is_variable(p.peek_token_ref()) && ends.contains(&p.peek_nth_token_ref(1).token);
    if lone {
        p.advance_token();
    }
    lone
}

fn at_end(p: &Parser) -> bool {
    matches!(p.peek_token_ref().token, Token::SemiColon | Token::EOF)
}

fn expect_word(p: &mut Parser, w: &str) -> Result<(), ParserError> {
    if is_word(p.peek_token_ref(), w) {
        p.advance_token();
        Ok(())
    } else {
        p.expected(&w.to_ascii_uppercase(), p.peek_token())
    }
}

fn parse_word(p: &mut Parser, w: &str) -> bool {
    let yes = is_word(p.peek_token_ref(), w);
    if yes {
        p.advance_token();
    }
    yes
}

/// The kind of an opaque statement (`ADD JAR`, `ALTER TABLE`, ...), or `None` for a statement
/// sqlparser represents itself.
pub fn opaque_kind(stmt: &Statement) -> Option<&str> {
    match stmt {
        Statement::Pragma { name, .. } => name
            .0
            .first()
            .and_then(ObjectNamePart::as_ident)
            .and_then(|i| i.value.strip_prefix(OPAQUE)),
        _ => None,
    }
}

fn opaque(kind: &str, span: Span) -> Statement {
    opaque_writing(kind, span, None)
}

/// An opaque statement that changes a table: the table is kept after the kind, as a
/// `writes(name)` part, so the analysis sees it (see [`opaque_writes`]).
fn opaque_writing(kind: &str, span: Span, table: Option<ObjectName>) -> Statement {
    let mut parts = vec![ObjectNamePart::Identifier(Ident::with_span(
        span,
        format!("{OPAQUE}{kind}"),
    ))];
    if let Some(table) = table {
        let idents = table.0.into_iter().filter_map(|p| p.as_ident().cloned()).collect();
        parts.push(ObjectNamePart::Function(sqlparser::ast::ObjectNamePartFunction {
            name: Ident::new(WRITES),
            args: vec![sqlparser::ast::FunctionArg::Unnamed(
                sqlparser::ast::FunctionArgExpr::Expr(Expr::CompoundIdentifier(idents)),
            )],
        }));
    }
    Statement::Pragma {
        name: ObjectName(parts),
        value: None,
        is_eq: false,
    }
}

const WRITES: &str = "writes";

/// The table an opaque statement changes (`ALTER MATERIALIZED VIEW mv REBUILD`), if any.
pub fn opaque_writes(stmt: &Statement) -> Option<ObjectName> {
    let Statement::Pragma { name, .. } = stmt else {
        return None;
    };
    opaque_kind(stmt)?;
    name.0.iter().find_map(|part| match part {
        ObjectNamePart::Function(f) if f.name.value == WRITES => match f.args.first() {
            Some(sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(
                Expr::CompoundIdentifier(idents),
            ))) => Some(ObjectName(
                idents.iter().cloned().map(ObjectNamePart::Identifier).collect(),
            )),
            _ => None,
        },
        _ => None,
    })
}

/// Consumes the statement's remaining tokens, checking that brackets balance.
fn rest_of_statement(p: &mut Parser) -> Result<(), ParserError> {
    let mut open: Vec<TokenWithSpan> = Vec::new();
    loop {
        let t = p.peek_token();
        match &t.token {
            Token::SemiColon | Token::EOF => break,
            Token::LParen | Token::LBracket => open.push(t.clone()),
            Token::RParen | Token::RBracket if open.pop().is_none() => {
                return p.expected("end of statement", t);
            }
            _ => {}
        }
        p.advance_token();
    }
    match open.pop() {
        Some(t) => Err(ParserError::ParserError(format!(
            "unclosed `{}`{}",
            t.token, t.span.start
        ))),
        None => Ok(()),
    }
}

/// Keeps the first `words` tokens as the statement's kind, then takes the rest as is.
fn opaque_rest(p: &mut Parser, words: usize) -> Result<Statement, ParserError> {
    let start = p.peek_token_ref().span;
    let kind: Vec<String> = (0..words)
        .map(|_| p.next_token().token.to_string().to_uppercase())
        .collect();
    rest_of_statement(p)?;
    Ok(opaque(&kind.join(" "), start))
}

/// A CLI command: its arguments were turned into one string by the text pass.
fn cli(p: &mut Parser, words: usize) -> Result<Statement, ParserError> {
    opaque_rest(p, words)
}

/// A syntax error at a 1-based line and column of the text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// A parsed Hive script: its statements, every syntax error (parsing resumes after the `;`
/// that ends a bad statement), and what the text pass found.
#[derive(Debug, Default)]
pub struct Parsed {
    pub statements: Vec<Statement>,
    pub errors: Vec<SyntaxError>,
    /// Where the last statement ends when no `;` follows it.
    pub unterminated: Option<(usize, usize)>,
    pub text: Prepared,
}

/// How deeply expressions and queries may nest. sqlparser's default (50) is below what real
/// scripts reach (long `CASE ... ELSE CASE ...` chains, nested `IF`s, stacked subqueries);
/// sqlparser grows its stack as it recurses, so the limit only guards against runaway input.
pub const NESTING_LIMIT: usize = 1000;

/// Parses a whole script, recovering at each `;` after an error.
pub fn parse(sql: &str) -> Parsed {
    let text = prepare(sql);
    let mut out = Parsed::default();
    let tokens = match Tokenizer::new(&HiveQl, &text.sql).tokenize_with_location() {
        Ok(t) => t,
        Err(e) => {
            out.errors.push(SyntaxError {
                line: e.location.line.max(1) as usize,
                column: e.location.column.max(1) as usize,
                message: e.message,
            });
            out.text = text;
            return out;
        }
    };
    // Where the input ends, for errors that ran out of it.
    let end = tokens
        .iter()
        .rev()
        .find(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
        .map(|t| (t.span.end.line as usize, t.span.end.column as usize))
        .unwrap_or((1, 1));
    let mut p = parser(parser_tokens(tokens));
    // Where each failed statement starts.
    let mut failed_starts = Vec::new();
    // The parser's tokens again, made only when a statement fails.
    let mut again: Option<Vec<TokenWithSpan>> = None;
    let mut tokens_again = || -> Vec<TokenWithSpan> {
        again
            .get_or_insert_with(|| {
                Tokenizer::new(&HiveQl, &text.sql)
                    .tokenize_with_location()
                    .map(parser_tokens)
                    .unwrap_or_default()
            })
            .clone()
    };
    loop {
        while p.consume_token(&Token::SemiColon) {}
        if p.peek_token_ref().token == Token::EOF {
            break;
        }
        let start = p.peek_token_ref().span.start;
        let mut result = parse_one(&mut p);
        if let Err(e) = &result {
            let err = error_at(&p, e, end);
            if let Some(s) = without_variables(&tokens_again(), start, &err, end) {
                // Skip the statement the retry took.
                while !matches!(p.peek_token_ref().token, Token::SemiColon | Token::EOF) {
                    p.advance_token();
                }
                result = Ok(s);
            }
        }
        match result {
            Ok(s) => {
                out.statements.push(s);
                if p.peek_token_ref().token == Token::EOF {
                    let last = p.get_current_token().span.end;
                    out.unterminated = Some((last.line as usize, last.column as usize));
                }
            }
            Err(e) => {
                out.errors.push(error_at(&p, &e, end));
                failed_starts.push(start);
                // Resume after the `;` that ends the bad statement (the parser may have taken it).
                if p.get_current_token().token != Token::SemiColon {
                    while !matches!(p.peek_token_ref().token, Token::SemiColon | Token::EOF) {
                        p.advance_token();
                    }
                }
            }
        }
    }
    if !out.errors.is_empty() {
        let tokens = tokens_again();
        for (err, start) in out.errors.iter_mut().zip(failed_starts) {
            if let Some(later) = farthest_subquery_error(&tokens, start, err, end) {
                *err = later;
            }
        }
    }
    out.text = text;
    out
}

/// One statement, up to its `;` or the end of input.
fn parse_one(p: &mut Parser) -> Result<Statement, ParserError> {
    let s = p.parse_statement()?;
    if !at_end(p) {
        return p.expected("end of statement", p.peek_token());
    }
    match query::from_without_select(&s) {
        Some(at) => Err(ParserError::ParserError(format!(
            "Expected: SELECT, MAP or REDUCE after this FROM clause{at}"
        ))),
        None => Ok(s),
    }
}

/// Hive substitutes variables before it parses, and an empty value is a value: when a
/// statement fails at a variable (`SELECT * FROM t ${where_clause}`, `CREATE ${kind} TABLE`),
/// it is parsed again without the variables it fails at. The statement Hive would run for
/// that value is returned, with its tables; `None` when it still fails elsewhere.
fn without_variables(
    tokens: &[TokenWithSpan],
    start: sqlparser::tokenizer::Location,
    err: &SyntaxError,
    end: (usize, usize),
) -> Option<Statement> {
    let pos = |t: &TokenWithSpan| (t.span.start.line as usize, t.span.start.column as usize);
    let from = tokens.iter().position(|t| t.span.start == start)?;
    let to = tokens[from..]
        .iter()
        .position(|t| t.token == Token::SemiColon)
        .map_or(tokens.len(), |n| from + n);
    let mut statement = tokens[from..to].to_vec();
    let mut at = (err.line, err.column);
    // A few variables at most: each retry removes the one the parse failed at.
    for _ in 0..8 {
        let k = statement.iter().position(|t| pos(t) == at && is_variable(t))?;
        statement.remove(k);
        let mut p = parser(statement.clone());
        match parse_one(&mut p) {
            Ok(s) => return Some(s),
            Err(e) => {
                let next = error_at(&p, &e, end);
                at = (next.line, next.column);
            }
        }
    }
    None
}

/// The tokens the parser reads: no whitespace or comments, MAP and REDUCE clauses rewritten.
fn parser_tokens(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    query::desugar_map_reduce(
        tokens
            .into_iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .collect(),
    )
}

fn parser(tokens: Vec<TokenWithSpan>) -> Parser<'static> {
    Parser::new(&HiveQl)
        .with_recursion_limit(NESTING_LIMIT)
        .with_tokens_with_locations(tokens)
}

/// The error of a failed parse, at the token it names.
fn error_at(p: &Parser, e: &ParserError, end: (usize, usize)) -> SyntaxError {
    let mut err = syntax_error(e, end);
    // sqlparser sometimes names a token it has already taken but gives the position of the
    // next one: point at the token named.
    let cur = p.get_current_token();
    let at = (cur.span.start.line as usize, cur.span.start.column as usize);
    if err.message.ends_with(&format!("found: {}", cur.token)) && at < (err.line, err.column) && at.0 > 0 {
        (err.line, err.column) = at;
    }
    err
}

/// sqlparser tries a `(` in FROM as a derived table and, when that fails, as a nested join,
/// and reports the second attempt's error, often lines before the real one. In Hive a `(`
/// followed by SELECT, WITH or FROM always opens a subquery: when such a subquery of the
/// failed statement, parsed alone, fails beyond the reported error, that failure is the first
/// token that cannot continue (everything up to it parsed as the subquery it must be).
fn farthest_subquery_error(
    tokens: &[TokenWithSpan],
    start: sqlparser::tokenizer::Location,
    err: &SyntaxError,
    end: (usize, usize),
) -> Option<SyntaxError> {
    let pos = |l: sqlparser::tokenizer::Location| (l.line as usize, l.column as usize);
    let reported = (err.line, err.column);
    let mut best: Option<SyntaxError> = None;
    for (i, t) in tokens.iter().enumerate() {
        let at = pos(t.span.start);
        if at < pos(start) || t.token != Token::LParen {
            continue;
        }
        if at >= reported {
            break;
        }
        let opens_query = matches!(&tokens.get(i + 1).map(|t| &t.token),
            Some(Token::Word(w)) if matches!(w.keyword, Keyword::SELECT | Keyword::WITH | Keyword::FROM));
        if !opens_query {
            continue;
        }
        let stop = tokens[i..]
            .iter()
            .position(|t| t.token == Token::SemiColon)
            .map_or(tokens.len(), |n| i + n + 1);
        let mut sub = parser(tokens[i + 1..stop].to_vec());
        let result = sub
            .parse_query()
            .and_then(|_| sub.expect_token(&Token::RParen).map(|_| ()));
        if let Err(e) = result {
            let found = error_at(&sub, &e, end);
            let farther = (found.line, found.column) > best.as_ref().map_or(reported, |b| (b.line, b.column));
            if farther {
                best = Some(found);
            }
        }
    }
    best
}

/// Parses a script and fails at its first syntax error.
pub fn parse_strict(sql: &str) -> Result<Vec<Statement>, SyntaxError> {
    let mut parsed = parse(sql);
    if parsed.errors.is_empty() {
        Ok(parsed.statements)
    } else {
        Err(parsed.errors.swap_remove(0))
    }
}

/// sqlparser puts the position at the end of its message (` at Line: L, Column: C`); errors
/// that ran out of input have none and point at the end of the text.
fn syntax_error(err: &ParserError, end: (usize, usize)) -> SyntaxError {
    let text = match err {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => "statement nested too deeply".to_string(),
    };
    match text.rfind(" at Line: ") {
        Some(at) => {
            let mut parts = text[at + " at Line: ".len()..].split(", Column: ");
            let line = parts.next().and_then(|l| l.trim().parse().ok()).unwrap_or(1);
            let column = parts.next().and_then(|c| c.trim().parse().ok()).unwrap_or(1);
            SyntaxError {
                line,
                column,
                message: text[..at].to_string(),
            }
        }
        None => SyntaxError {
            line: end.0,
            column: end.1,
            message: text,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(sql: &str) -> Vec<Statement> {
        parse_strict(sql).unwrap_or_else(|e| panic!("{sql}\n  -> {e}"))
    }

    fn err(sql: &str) -> SyntaxError {
        parse_strict(sql).expect_err(sql)
    }

    /// What a statement is: its opaque kind (`ADD JAR`), else sqlparser's node (`CreateTable`).
    fn kind(s: &Statement) -> String {
        opaque_kind(s).map(str::to_string).unwrap_or_else(|| {
            let debug = format!("{s:?}");
            debug
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default()
                .to_string()
        })
    }

    /// Each script is one statement of that kind.
    fn kinds(cases: &[(&str, &str)]) {
        let mut wrong = Vec::new();
        for (sql, want) in cases {
            let s = ok(sql);
            assert_eq!(s.len(), 1, "{sql}");
            if kind(&s[0]) != *want {
                wrong.push(format!("({sql:?}, {:?}),", kind(&s[0])));
            }
        }
        assert!(wrong.is_empty(), "kinds differ:\n{}", wrong.join("\n"));
    }

    /// Each script fails to parse, with one line at a position inside it.
    fn refused(cases: &[&str]) {
        let accepted: Vec<&&str> = cases.iter().filter(|sql| parse_strict(sql).is_ok()).collect();
        assert!(accepted.is_empty(), "parsed, but should not: {accepted:?}");
        for sql in cases {
            let e = err(sql);
            assert!(e.line >= 1 && e.column >= 1 && !e.message.contains('\n'), "{sql}: {e}");
        }
    }

    #[test]
    fn cli_commands() {
        kinds(&[
            ("ADD JAR /usr/lib/hive/lib/json-serde.jar;", "ADD JAR"),
            ("add file s3://bucket/scripts/x.py;", "ADD FILE"),
            ("ADD JARS a.jar b.jar;", "ADD JARS"),
            ("LIST JARS;", "LIST JARS"),
            ("DELETE FILE x.py;", "DELETE FILE"),
            ("dfs -ls /user/hive/warehouse;", "DFS"),
            ("source /tmp/common.hql;", "SOURCE"),
            ("RESET;", "RESET"),
            ("reset hive.exec.parallel;", "RESET"),
            ("!echo hello;", "!"),
            ("RELOAD FUNCTIONS;", "RELOAD"),
        ]);
    }

    #[test]
    fn set_with_any_value() {
        kinds(&[
            ("SET;", "SET"),
            ("SET -v;", "SET"),
            ("SET hive.exec.dynamic.partition;", "SET"),
            ("SET hive.exec.dynamic.partition.mode=nonstrict;", "Set"),
            ("set mapred.job.name = nightly load's run (x);", "Set"),
            ("SET hivevar:db=uc_pdm;", "Set"),
            ("SET hive.exec.max.dynamic.partitions=-1;", "Set"),
            ("set mapreduce.map.java.opts=-Xmx3072m -XX:+UseG1GC;", "Set"),
        ]);
        let s = ok("SET hivevar:db=uc;");
        assert!(matches!(
            &s[0],
            Statement::Set(sqlparser::ast::Set::SingleAssignment { hivevar: true, .. })
        ));
    }

    #[test]
    fn create_database_with_comment() {
        let s =
            ok("CREATE DATABASE IF NOT EXISTS d COMMENT 'the model' LOCATION 's3://b/d' WITH DBPROPERTIES ('a'='b');");
        let Statement::CreateDatabase { comment, location, .. } = &s[0] else {
            panic!()
        };
        assert_eq!(
            (comment.as_deref(), location.as_deref()),
            (Some("the model"), Some("s3://b/d"))
        );
        ok("CREATE SCHEMA s COMMENT 'x';");
    }

    #[test]
    fn create_table_clauses() {
        kinds(&[
            (
            "CREATE EXTERNAL TABLE IF NOT EXISTS db.t (a STRING COMMENT 'x', b INT) COMMENT 'tbl' \
             PARTITIONED BY (d STRING COMMENT 'p') ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' \
             WITH SERDEPROPERTIES ('ignore.malformed.json'='true') STORED AS TEXTFILE LOCATION 's3://b/p' \
             TBLPROPERTIES ('a'='b');",
                "CreateTable",
            ),
            (
            "CREATE TABLE t (a STRING) STORED BY 'org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler' \
             TBLPROPERTIES (\"dynamodb.table.name\" = \"x\");",
                "CreateTable",
            ),
            (
            "CREATE TABLE t (a STRING) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' ESCAPED BY '\\\\' \
             COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':' LINES TERMINATED BY '\\n' STORED AS TEXTFILE;",
                "CreateTable",
            ),
            ("CREATE TABLE t (a STRING, b INT) CLUSTERED BY (a) SORTED BY (b ASC) INTO 32 BUCKETS STORED AS ORC;", "CreateTable"),
            ("CREATE TABLE t (a STRING, b INT) SKEWED BY (a) ON ('x','y') STORED AS DIRECTORIES;", "CreateTable"),
            ("CREATE TABLE t (a STRING, b INT) SKEWED BY (a, b) ON (('x', 1), ('y', 2));", "CreateTable"),
            ("CREATE TABLE t (a INT) STORED AS INPUTFORMAT 'i' OUTPUTFORMAT 'o';", "CreateTable"),
            ("CREATE TEMPORARY TABLE t AS SELECT 1 AS a;", "CreateTable"),
            ("CREATE TABLE t STORED AS ORC TBLPROPERTIES ('orc.compress'='SNAPPY') AS SELECT * FROM s;", "CreateTable"),
            ("CREATE TRANSACTIONAL TABLE t (a INT, PRIMARY KEY (a) DISABLE NOVALIDATE);", "CreateTable"),
            ("CREATE TABLE `db`.`my t` (`a b` INT);", "CreateTable"),
        ]);
        refused(&[
            "CREATE TABLE t (a INT,);",
            "CREATE TABLE t (a INT) STORED AS;",
            "CREATE TABLE t (a INT) PARTITIONED BY;",
            "CREATE TABLE t (a INT) CLUSTERED BY (a) INTO BUCKETS;",
            "CREATE EXTERNAL TABLE t (a INT) LOCATION;",
        ]);
    }

    #[test]
    fn complex_types() {
        let s = ok(
            "CREATE TABLE t (a ARRAY<STRING>, b MAP<STRING,INT>, c STRUCT<x:INT, y:ARRAY<STRING>>, \
                    d UNIONTYPE<INT, STRING>, e MAP<STRING, ARRAY<STRUCT<p:INT COMMENT 'c', q:DECIMAL(10,2)>>>, \
                    f ARRAY<ARRAY<INT>>);",
        );
        let Statement::CreateTable(ct) = &s[0] else { panic!() };
        let types: Vec<String> = ct.columns.iter().map(|c| c.data_type.to_string()).collect();
        assert_eq!(types[1], "Map(STRING, INT)");
        assert_eq!(types[5], "ARRAY<ARRAY<INT>>");
        assert_eq!(err("CREATE TABLE t (a MAP<STRING>);").column, 29);
    }

    #[test]
    fn create_table_like_and_view() {
        let s = ok("CREATE EXTERNAL TABLE IF NOT EXISTS a LIKE b.c LOCATION 's3://x';");
        let Statement::CreateTable(ct) = &s[0] else { panic!() };
        assert!(ct.like.is_some() && ct.external);
        ok("CREATE VIEW IF NOT EXISTS v (a COMMENT 'x', b) COMMENT 'v' TBLPROPERTIES ('a'='b') AS SELECT 1, 2;");
        ok("CREATE OR REPLACE VIEW v AS SELECT * FROM t;");
        refused(&[
            "CREATE VIEW v AS;",
            "CREATE VIEW v (a COMMENT) AS SELECT 1;",
            "CREATE TABLE a LIKE;",
        ]);
    }

    #[test]
    fn from_first_multi_insert() {
        let s = ok("FROM src s INSERT OVERWRITE TABLE a SELECT s.x WHERE s.y > 1 \
                    INSERT INTO TABLE b PARTITION (d='1') SELECT s.z GROUP BY s.z \
                    INSERT OVERWRITE DIRECTORY '/tmp/o' SELECT *;");
        let branches = multi_insert_branches(&s[0]).expect("branches");
        assert_eq!(branches.len(), 3);
        assert!(branches[1].to_string().contains("FROM src"), "{}", branches[1]);
        let one = ok("FROM src INSERT OVERWRITE TABLE a SELECT x;");
        assert!(matches!(one[0], Statement::Insert(_)));
        ok("FROM src SELECT x WHERE y = 1;");
        let two = ok("FROM src INSERT OVERWRITE TABLE a SELECT x INSERT INTO TABLE b SELECT y;");
        assert_eq!(multi_insert_branches(&two[0]).map(|b| b.len()), Some(2));
    }

    #[test]
    fn insert_forms() {
        kinds(&[
            ("INSERT OVERWRITE LOCAL DIRECTORY '/tmp/x' ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' SELECT * FROM t;", "Directory"),
            ("INSERT OVERWRITE DIRECTORY 's3://x' STORED AS ORC SELECT * FROM t;", "Directory"),
            ("INSERT OVERWRITE TABLE t PARTITION (d='1', h) SELECT a, h FROM s;", "Insert"),
            ("INSERT INTO TABLE t VALUES (1, 'a'), (2, 'b');", "Insert"),
            ("INSERT OVERWRITE TABLE t PARTITION (d='1') IF NOT EXISTS SELECT * FROM s;", "Insert"),
            ("SELECT * FROM t ORDER BY a LIMIT 2, 10;", "Query"),
        ]);
        refused(&[
            "INSERT OVERWRITE DIRECTORY SELECT 1;",
            "INSERT OVERWRITE TABLE t PARTITION (d='1' SELECT 1;",
            "INSERT INTO TABLE t VALUES (1, 'a';",
        ]);
    }

    #[test]
    fn queries() {
        kinds(&[
            ("SELECT a, k, v FROM t LATERAL VIEW OUTER explode(m) e AS k, v;", "Query"),
            ("SELECT a FROM t LATERAL VIEW posexplode(arr) e AS pos, val LATERAL VIEW json_tuple(j, 'a', 'b') jt AS a1, b1;", "Query"),
            ("SELECT a FROM t DISTRIBUTE BY a SORT BY b;", "Query"),
            ("SELECT a FROM t CLUSTER BY a;", "Query"),
            ("SELECT a FROM t TABLESAMPLE(BUCKET 3 OUT OF 32 ON rand()) s;", "Query"),
            ("SELECT a FROM t TABLESAMPLE(10 PERCENT) s;", "Query"),
            ("SELECT `a b` FROM `db`.`t`;", "Query"),
            ("SELECT a div 2, 7 DIV 2 + 1 FROM t;", "Query"),
            ("SELECT * FROM t WHERE a = \"double quoted\" AND b = 'it\\'s' AND c = \"say \\\"hi\\\"\";", "Query"),
            ("SELECT * FROM a LEFT SEMI JOIN b ON a.k = b.k;", "Query"),
            ("SELECT a, count(*) FROM t GROUP BY a WITH ROLLUP;", "Query"),
            ("SELECT explode(m) AS (k, v) FROM t;", "Query"),
            ("SELECT TRANSFORM(a, b) USING 'cat' AS (x INT, y ARRAY<STRING>) FROM t;", "Query"),
            ("SELECT TRANSFORM(*) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' USING 'python s.py' AS k, v FROM t;", "Query"),
            ("SELECT transform(arr, x -> x + 1) FROM t;", "Query"),
            ("SELECT * FROM noop(ON part PARTITION BY p_mfgr ORDER BY p_name) abc;", "Query"),
            ("SELECT * FROM matchpath(ON (SELECT * FROM f) f DISTRIBUTE BY a SORT BY b arg1('LATE.LATE+'), arg2('LATE'));", "Query"),
            ("SELECT * FROM noop(ON noopwithmap(ON part PARTITION BY p_mfgr ORDER BY p_name DESC));", "Query"),
        ]);
        let s = ok("SELECT 7 div 2;");
        assert_eq!(s[0].to_string(), "SELECT 7 DIV 2");
        refused(&[
            "SELECT TRANSFORM(a) USING FROM t;",
            "SELECT * FROM noop(ON) x;",
            "SELECT a FROM t LATERAL VIEW explode(m;",
        ]);
    }

    #[test]
    fn hive_variables_anywhere() {
        kinds(&[
            ("SELECT * FROM ${hivevar:db}.t WHERE d = '${hiveconf:d}';", "Query"),
            (
                "CREATE TABLE ${db}.t_${env:SUFFIX} (a INT) LOCATION ${hivevar:path};",
                "CreateTable",
            ),
            ("SELECT * FROM t LIMIT ${n};", "Query"),
            ("USE ${hivevar:db};", "Use"),
        ]);
        // Columns after a variable stay exact.
        let e = err("SELECT * FROM ${hivevar:db}.t WHERE (;");
        assert_eq!((e.line, e.column), (1, 38));
    }

    #[test]
    fn describe_show_explain() {
        kinds(&[
            ("DESCRIBE FORMATTED db.t;", "ExplainTable"),
            ("DESCRIBE EXTENDED t;", "ExplainTable"),
            ("DESC t;", "ExplainTable"),
            ("DESCRIBE DATABASE EXTENDED db;", "DESCRIBE DATABASE"),
            ("DESCRIBE FUNCTION EXTENDED upper;", "DESCRIBE FUNCTION"),
            ("DESC FORMATTED t PARTITION (d='1');", "ExplainTable"),
            ("DESCRIBE t a;", "ExplainTable"),
            ("SHOW TABLES;", "ShowTables"),
            ("SHOW TABLES IN db LIKE 'x*';", "ShowTables"),
            ("SHOW DATABASES;", "ShowDatabases"),
            ("SHOW PARTITIONS db.t PARTITION (d='1');", "SHOW PARTITIONS"),
            ("SHOW CREATE TABLE t;", "ShowCreate"),
            ("SHOW TBLPROPERTIES t('a');", "ShowVariable"),
            ("SHOW FUNCTIONS;", "ShowFunctions"),
            ("SHOW COLUMNS IN t;", "ShowColumns"),
            ("SHOW LOCKS t EXTENDED;", "ShowVariable"),
            ("EXPLAIN SELECT 1;", "Explain"),
            ("EXPLAIN EXTENDED SELECT * FROM t;", "Explain"),
            ("EXPLAIN CBO INSERT OVERWRITE TABLE t SELECT 1;", "Explain"),
            ("EXPLAIN CREATE TABLE t (a INT) STORED AS ORC;", "Explain"),
            (
                "EXPLAIN ALTER TABLE t ADD PARTITION (d='1') LOCATION 'x' PARTITION (d='2');",
                "Explain",
            ),
        ]);
        refused(&["DESCRIBE t PARTITION (d='1';", "EXPLAIN SELECT (;"]);
    }

    #[test]
    fn alter_table_forms() {
        kinds(&[
            (
                "ALTER TABLE t ADD IF NOT EXISTS PARTITION (d='1') LOCATION 's3://x' PARTITION (d='2');",
                "ALTER TABLE",
            ),
            (
                "ALTER TABLE t DROP IF EXISTS PARTITION (d='1'), PARTITION (d='2') PURGE;",
                "ALTER TABLE",
            ),
            ("ALTER TABLE t RENAME TO u;", "AlterTable"),
            ("ALTER TABLE t SET TBLPROPERTIES ('a'='b');", "AlterTable"),
            ("ALTER TABLE t SET SERDEPROPERTIES ('a'='b');", "ALTER TABLE"),
            (
                "ALTER TABLE t SET SERDE 'x' WITH SERDEPROPERTIES ('a'='b');",
                "ALTER TABLE",
            ),
            ("ALTER TABLE t SET LOCATION 's3://x';", "ALTER TABLE"),
            ("ALTER TABLE t PARTITION (d='1') SET LOCATION 's3://x';", "ALTER TABLE"),
            (
                "ALTER TABLE t PARTITION (d='1') RENAME TO PARTITION (d='2');",
                "AlterTable",
            ),
            (
                "ALTER TABLE t CHANGE COLUMN a b STRING COMMENT 'x' AFTER c;",
                "ALTER TABLE",
            ),
            ("ALTER TABLE t CHANGE a b INT;", "AlterTable"),
            (
                "ALTER TABLE t ADD COLUMNS (x INT COMMENT 'c', y STRING) CASCADE;",
                "ALTER TABLE",
            ),
            ("ALTER TABLE t REPLACE COLUMNS (x INT);", "ALTER TABLE"),
            ("ALTER TABLE t SET FILEFORMAT ORC;", "ALTER TABLE"),
            ("ALTER TABLE t RECOVER PARTITIONS;", "ALTER TABLE"),
            ("ALTER TABLE t EXCHANGE PARTITION (d='1') WITH TABLE u;", "ALTER TABLE"),
            ("ALTER TABLE t TOUCH;", "ALTER TABLE"),
            ("ALTER TABLE t ARCHIVE PARTITION (d='1');", "ALTER TABLE"),
            ("ALTER TABLE t CLUSTERED BY (a) INTO 4 BUCKETS;", "ALTER TABLE"),
            ("ALTER TABLE t SKEWED BY (a) ON (1);", "ALTER TABLE"),
            ("ALTER TABLE t NOT SKEWED;", "ALTER TABLE"),
            ("ALTER TABLE t COMPACT 'major';", "ALTER TABLE"),
            ("ALTER VIEW v AS SELECT 1;", "AlterView"),
            ("ALTER VIEW v SET TBLPROPERTIES ('a'='b');", "ALTER VIEW"),
            ("ALTER DATABASE d SET DBPROPERTIES ('a'='b');", "ALTER DATABASE"),
        ]);
        assert_eq!(err("INSERT TABLE t SELECT 1;").column, 8);
        assert_eq!(err("SELECT a, DISTINCT b FROM t;").column, 11);
        assert_eq!(err("SELECT a, FROM t;").column, 11);
        assert_eq!(err("SELECT a FROM t WHERE AND b;").column, 23);
        assert_eq!(
            err("INSERT OVERWRITE TABLE t PARTITION (d='1') IF NOT EXISTS SELECT FROM;").column,
            65
        );
        assert_eq!(err("FROM s INSERT TABLE t SELECT 1;").column, 15);
        assert_eq!(err("ALTER TABLE t FROB x;").column, 15);
        assert_eq!(err("ALTER TABLE t ADD PARTITON (d='1');").column, 19);
        assert_eq!(err("ALTER TABLE t ADD PARTITION (d='1';").column, 29);
    }

    #[test]
    fn other_statements() {
        kinds(&[
            ("MSCK REPAIR TABLE db.t;", "Msck"),
            ("ANALYZE TABLE t COMPUTE STATISTICS;", "Analyze"),
            (
                "ANALYZE TABLE t PARTITION (d='1') COMPUTE STATISTICS FOR COLUMNS;",
                "Analyze",
            ),
            ("CREATE TEMPORARY FUNCTION f AS 'com.x.F';", "CreateFunction"),
            (
                "CREATE FUNCTION db.f AS 'com.x.F' USING JAR 's3://x.jar';",
                "CreateFunction",
            ),
            ("DROP TEMPORARY FUNCTION IF EXISTS f;", "DROP TEMPORARY FUNCTION"),
            ("TRUNCATE TABLE t;", "Truncate"),
            ("TRUNCATE TABLE t PARTITION (d='1');", "Truncate"),
            (
                "LOAD DATA LOCAL INPATH '/tmp/x' OVERWRITE INTO TABLE t PARTITION (d='1');",
                "LoadData",
            ),
            ("IMPORT TABLE t FROM 's3://x';", "IMPORT"),
            (
                "IMPORT EXTERNAL TABLE t PARTITION (d='1') FROM 's3://x' LOCATION 's3://y';",
                "IMPORT",
            ),
            ("IMPORT FROM 's3://x';", "IMPORT"),
            ("EXPORT TABLE t TO 's3://x';", "EXPORT"),
            ("DROP TABLE IF EXISTS t PURGE;", "Drop"),
            ("DROP DATABASE IF EXISTS d CASCADE;", "Drop"),
            ("USE db;", "Use"),
        ]);
        refused(&[
            "MSCK REPAIR TABLE (;",
            "TRUNCATE TABLE;",
            "LOAD DATA INPATH INTO TABLE t;",
            "IMPORT TABLE t;",
            "EXPORT TABLE t 's3://x';",
            "DROP TABLE;",
        ]);
    }

    #[test]
    fn variables_where_a_keyword_a_number_or_a_list_goes() {
        kinds(&[
            (
                "CREATE TABLE t (a INT) PARTITIONED BY (d BIGINT) STORED AS ${FILE};",
                "CreateTable",
            ),
            (
                "CREATE TABLE t (a INT) CLUSTERED BY (a) INTO ${BUCKETS} BUCKETS STORED AS ${FILE};",
                "CreateTable",
            ),
            ("CREATE TABLE t (a INT) TBLPROPERTIES (${props});", "CreateTable"),
            (
                "CREATE TABLE t (a INT) TBLPROPERTIES ('a'='b', ${more});",
                "CreateTable",
            ),
            (
                "CREATE TABLE t (a INT, ${more_columns}) PARTITIONED BY (${partition_columns});",
                "CreateTable",
            ),
            ("CREATE TABLE t (a ${type});", "CreateTable"),
            ("SELECT * FROM t WHERE a IN ${list} AND b NOT IN ${other};", "Query"),
            ("SELECT * FROM t WHERE a IN (${list});", "Query"),
            (
                "INSERT OVERWRITE DIRECTORY '/x' STORED AS ${fmt} SELECT 1;",
                "Directory",
            ),
        ]);
        let s = ok("SELECT * FROM t WHERE a NOT IN ${list};");
        assert!(s[0].to_string().contains("NOT IN ($vvvvvv)"), "{}", s[0]);
        // A variable where nothing else fits may be empty: the statement without it counts.
        kinds(&[
            ("SELECT * FROM t ${where_clause};", "Query"),
            ("CREATE ${kind} TABLE t (a INT);", "CreateTable"),
            ("CREATE TABLE t (a INT) STORED AS ${FILE} ${X};", "CreateTable"),
            (
                "INSERT OVERWRITE TABLE t ${partition} SELECT * FROM s ${filter} ${order};",
                "Insert",
            ),
        ]);
        let s = ok("SELECT 1;\nINSERT INTO TABLE t ${p} SELECT a FROM s;\nSELECT 2");
        assert_eq!(s.len(), 3);
        refused(&[
            "CREATE TABLE t (a INT) TBLPROPERTIES (${props} 'a'='b');",
            "SELECT * FROM t WHERE (${x};",
            "ROW ${x};",
        ]);
        let e = err("SELECT a FROM t ${x} WHER b;");
        assert_eq!((e.line, e.column), (1, 22));
    }

    #[test]
    fn streaming_map_reduce_and_from_first_subqueries() {
        kinds(&[
            (
                "FROM (FROM src MAP src.key, src.value USING 'cat' AS k, v CLUSTER BY k) m \
              INSERT OVERWRITE TABLE d REDUCE m.k, m.v USING 'python r.py' AS (k STRING, n INT);",
                "Insert",
            ),
            (
                "FROM src REDUCE a, b ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' RECORDWRITER 'w' USING 'cat' AS x;",
                "Query",
            ),
            (
                "SELECT * FROM (FROM (SELECT a FROM t DISTRIBUTE BY a) c REDUCE a USING 'r' AS (x STRING)) s;",
                "Query",
            ),
            (
                "CREATE TABLE o AS REDUCE uid, f USING 'r.py' AS uid, n FROM (SELECT * FROM i CLUSTER BY uid) t;",
                "CreateTable",
            ),
            ("SELECT TRANSFORM(a) RECORDWRITER 'w' USING 'cat' AS x FROM t;", "Query"),
            ("SELECT * FROM (FROM t SELECT a, count(*) AS n GROUP BY a) x;", "Query"),
            ("SELECT map('a', 1), m.map FROM t m;", "Query"),
            ("CREATE TABLE t (m MAP<STRING, INT>);", "CreateTable"),
        ]);
        refused(&[
            "FROM src MAP a USING AS k;",
            "FROM src MAP USING 'cat';",
            "SELECT * FROM (FROM t) x;",
            "SELECT * FROM (FROM t WHERE a = 1) x;",
        ]);
        // The statement is one insert into d from src.
        let s = ok("FROM (FROM src MAP src.key USING 'cat' AS k CLUSTER BY k) m INSERT OVERWRITE TABLE d REDUCE m.k USING 'r' AS k;");
        let Statement::Insert(insert) = &s[0] else { panic!() };
        assert!(
            insert.source.as_ref().unwrap().to_string().contains("FROM src"),
            "{}",
            s[0]
        );
        // Without its USING, a REDUCE still fails where the clause breaks, not at REDUCE.
        let e = err("FROM s INSERT OVERWRITE TABLE d\n  REDUCE a,\n  b\n  USIN 'r.py' AS x;");
        assert_eq!(e.line, 4, "{e}");
        ok("CREATE TABLE t (m MAP<STRING,INT>) ROW FORMAT DELIMITED MAP KEYS TERMINATED BY ':';");
        // Errors inside the rewritten clause keep their own positions.
        let e = err("FROM src\nMAP a, b\nUSING 'cat'\nAS k, (v;");
        assert_eq!((e.line, e.column), (4, 7));
    }

    #[test]
    fn hive_ddl_and_dml_forms_of_issue_15() {
        kinds(&[
            (
                "CREATE TABLE t (a STRING) SKEWED BY (a) ON ('x') STORED AS ORC;",
                "CreateTable",
            ),
            (
                "CREATE TABLE t (a STRING) SKEWED BY (a) ON ('x') STORED AS DIRECTORIES STORED AS PARQUET;",
                "CreateTable",
            ),
            (
                "CREATE VIEW v PARTITIONED ON (ds) AS SELECT a, ds FROM t;",
                "CreateView",
            ),
            (
                "CREATE VIEW v (a, ds) COMMENT 'c' PARTITIONED ON (ds) TBLPROPERTIES ('a'='b') AS SELECT a, ds FROM t;",
                "CreateView",
            ),
            ("TRUNCATE TABLE t PARTITION (d='1') COLUMNS (a, b);", "Truncate"),
            ("TRUNCATE TABLE t COLUMNS (a);", "Truncate"),
            (
                "CREATE MATERIALIZED VIEW mv TBLPROPERTIES ('a'='b') AS SELECT a FROM t;",
                "CreateView",
            ),
            (
                "CREATE MATERIALIZED VIEW IF NOT EXISTS mv DISABLE REWRITE COMMENT 'c' PARTITIONED ON (d) \
              STORED AS ORC LOCATION '/x' AS SELECT a, d FROM t;",
                "CreateView",
            ),
            ("ALTER MATERIALIZED VIEW db.mv REBUILD;", "ALTER MATERIALIZED VIEW"),
            ("ALTER MATERIALIZED VIEW mv DISABLE REWRITE;", "ALTER MATERIALIZED VIEW"),
            ("CREATE TABLE t (a INT) STORED AS ORCFILE;", "CreateTable"),
            ("CREATE TABLE t (a INT) STORED AS PARQUETFILE;", "CreateTable"),
            (
                "ANALYZE TABLE t PARTITION (d='1', h) COMPUTE STATISTICS FOR COLUMNS c;",
                "Analyze",
            ),
            (
                "ANALYZE TABLE t PARTITION (d='1') COMPUTE STATISTICS FOR COLUMNS a, b;",
                "Analyze",
            ),
            (
                "INSERT OVERWRITE DIRECTORY '/x' ROW FORMAT SERDE 'S' WITH SERDEPROPERTIES ('k'= 'v', 'q'= '\"') \
              STORED AS TEXTFILE SELECT * FROM t;",
                "Directory",
            ),
            ("SELECT * FROM TABLE(VALUES (1, 'a'), (2, 'b')) AS t(a, b);", "Query"),
            (
                "SELECT * FROM x JOIN TABLE(VALUES (1, 'a')) v(a, b) ON x.a = v.a;",
                "Query",
            ),
            (
                "SELECT d + 60 days, d - '1' hour, d + 2 years, INTERVAL '1' DAY FROM t;",
                "Query",
            ),
        ]);
        let s = ok("CREATE MATERIALIZED VIEW mv AS SELECT 1;");
        assert!(matches!(&s[0], Statement::CreateView(v) if v.materialized));
        let s = ok("ALTER MATERIALIZED VIEW db.mv REBUILD;");
        assert_eq!(opaque_writes(&s[0]).map(|n| n.to_string()), Some("db.mv".to_string()));
        refused(&[
            "CREATE TABLE t (a STRING) SKEWED BY (a) STORED AS ORC;",
            "CREATE TABLE t (a INT) STORED AS NOSUCHFORMAT;",
            "CREATE VIEW v PARTITIONED BY (ds) AS SELECT 1;",
            "ALTER MATERIALIZED VIEW mv REBUILT;",
            "TRUNCATE TABLE t COLUMNS (a;",
            "SELECT * FROM TABLE(VALUES (1, 'a') AS t(a);",
            "SELECT * FROM TABLE(VALUES) t;",
        ]);
    }

    #[test]
    fn forms_hive_rejects_stay_errors() {
        refused(&[
            "SELECT CAST(x AS ROW(a INTEGER)) FROM t;",
            "SELECT * FROM t WHERE a IREGEXP 'x';",
            "SELECT array[1, 2] FROM t;",
        ]);
    }

    #[test]
    fn real_nesting_depths_parse() {
        // A CASE nested 120 deep through ELSE, and 150 nested parentheses: above sqlparser's
        // default limit, within what generated scripts reach.
        let mut sql = String::from("SELECT ");
        for i in 0..120 {
            sql.push_str(&format!("CASE WHEN a = {i} THEN {i} ELSE "));
        }
        sql.push('0');
        sql.push_str(&" END".repeat(120));
        sql.push_str(&format!(", {}1{} FROM t;", "(".repeat(150), ")".repeat(150)));
        ok(&sql);
        let too_deep = format!("SELECT {}1{};", "(".repeat(NESTING_LIMIT), ")".repeat(NESTING_LIMIT));
        assert_eq!(err(&too_deep).message, "statement nested too deeply");
    }

    #[test]
    fn errors_recover_at_the_next_statement() {
        let p = parse("SELECT 1;\nSELECT FROM WHERE;\nSELECT 2;\nCREATE TABLE t (a INT;\nSELECT (;\nSELECT 3");
        let at: Vec<(usize, usize)> = p.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, vec![(2, 8), (4, 22), (5, 9)]);
        assert_eq!(p.statements.len(), 3);
        assert_eq!(p.unterminated, Some((6, 9)));
    }

    #[test]
    fn unterminated_string_is_an_error_at_its_start() {
        let e = err("SELECT 1;\nSELECT 'abc FROM t;\n");
        assert_eq!((e.line, e.column), (2, 8));
    }
}
