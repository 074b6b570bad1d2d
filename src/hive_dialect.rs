//! The HiveQL dialect pdmctl parses with: sqlparser's Hive dialect, extended where real Hive
//! scripts need more. It reports itself as `HiveDialect`, so every Hive-specific branch inside
//! sqlparser still applies; the `parse_statement` hook takes over the statements stock
//! sqlparser rejects (Hive DDL clauses, CLI commands, FROM-first multi-insert, ...).
//!
//! Statements sqlparser has no node for are returned as *opaque* statements (see
//! [`opaque_kind`]) after their leading structure is checked and their brackets balance.
//! Text the tokenizer cannot take (Hive variables, free-text CLI arguments) is rewritten first
//! by [`crate::hive_text`], keeping every position.

use crate::hive_text::{prepare, Prepared};
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
    /// Hive's complex column types `STRUCT<name:type, ...>` go through sqlparser's struct type
    /// parser, which accepts the colon form.
    fn supports_struct_literal(&self) -> bool {
        true
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
        if !(is_word(after, "using") || is_word(after, "row")) {
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

    /// `a DIV b`: integer division.
    fn parse_infix(&self, parser: &mut Parser, expr: &Expr, precedence: u8) -> Option<Result<Expr, ParserError>> {
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
                    "database" | "schema" => parse_create_database(parser),
                    "macro" | "index" => opaque_rest(parser, n + 1),
                    _ => return None,
                }
            }
            ("alter", "table" | "view") => parse_alter(parser),
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
    Statement::Pragma {
        name: ObjectName(vec![ObjectNamePart::Identifier(Ident::with_span(
            span,
            format!("{OPAQUE}{kind}"),
        ))]),
        value: None,
        is_eq: false,
    }
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

/// `ON table|(query) [alias] [PARTITION BY|DISTRIBUTE BY exprs] [ORDER BY|SORT BY exprs]
/// [name(expr) [, name(expr)]...]`: the arguments of a partitioned table function such as
/// `noop` or `matchpath`, up to its `)`. The source stands for them (a subquery keeps the
/// tables it reads visible to the analysis).
fn parse_ptf_input(p: &mut Parser) -> Result<Expr, ParserError> {
    p.expect_keyword(Keyword::ON)?;
    let source = if p.peek_token_ref().token == Token::LParen {
        p.expect_token(&Token::LParen)?;
        let q = p.parse_query()?;
        p.expect_token(&Token::RParen)?;
        Expr::Subquery(q)
    } else {
        let name = p.parse_object_name(false)?;
        if p.consume_token(&Token::LParen) {
            // A chained table function: `noop(ON noopwithmap(ON t ...))`.
            let inner = if p.peek_keyword(Keyword::ON) {
                parse_ptf_input(p)?
            } else {
                Expr::Tuple(p.parse_comma_separated(Parser::parse_expr)?)
            };
            p.expect_token(&Token::RParen)?;
            inner
        } else {
            Expr::CompoundIdentifier(name.0.into_iter().filter_map(|part| part.as_ident().cloned()).collect())
        }
    };
    if !matches!(p.peek_token_ref().token, Token::RParen | Token::Comma)
        && !p.peek_keyword(Keyword::PARTITION)
        && !p.peek_keyword(Keyword::DISTRIBUTE)
        && !p.peek_keyword(Keyword::ORDER)
        && !p.peek_keyword(Keyword::SORT)
        && !p.peek_keyword(Keyword::CLUSTER)
    {
        p.parse_identifier()?;
    }
    if p.parse_keywords(&[Keyword::PARTITION, Keyword::BY])
        || p.parse_keywords(&[Keyword::DISTRIBUTE, Keyword::BY])
        || p.parse_keywords(&[Keyword::CLUSTER, Keyword::BY])
    {
        p.parse_comma_separated(Parser::parse_expr)?;
    }
    if p.parse_keywords(&[Keyword::ORDER, Keyword::BY]) || p.parse_keywords(&[Keyword::SORT, Keyword::BY]) {
        p.parse_comma_separated(Parser::parse_order_by_expr)?;
    }
    // Named arguments follow without a comma: `arg1('LATE.LATE+'), arg2(...)`.
    while matches!(p.peek_token_ref().token, Token::Word(_)) && p.peek_nth_token_ref(1).token == Token::LParen {
        p.advance_token();
        p.expect_token(&Token::LParen)?;
        p.parse_expr()?;
        p.expect_token(&Token::RParen)?;
        let _ = p.consume_token(&Token::Comma);
    }
    Ok(source)
}

/// Hive's script transform; its input expressions stand for it (as a tuple).
fn parse_transform(p: &mut Parser) -> Result<Expr, ParserError> {
    p.advance_token();
    p.expect_token(&Token::LParen)?;
    let args = if p.consume_token(&Token::Mul) {
        vec![]
    } else {
        p.parse_comma_separated(Parser::parse_expr)?
    };
    p.expect_token(&Token::RParen)?;
    let row_format = |p: &mut Parser| -> Result<(), ParserError> {
        if p.parse_keyword(Keyword::ROW) {
            p.parse_row_format()?;
            if p.parse_keywords(&[Keyword::WITH, Keyword::SERDEPROPERTIES]) {
                parse_properties(p)?;
            }
        }
        if parse_word(p, "recordwriter") || parse_word(p, "recordreader") {
            p.parse_literal_string()?;
        }
        Ok(())
    };
    row_format(p)?;
    expect_word(p, "using")?;
    p.parse_literal_string()?;
    if p.parse_keyword(Keyword::AS) {
        let parens = p.consume_token(&Token::LParen);
        p.parse_comma_separated(|p| {
            p.parse_identifier()?;
            if parens && !matches!(p.peek_token_ref().token, Token::Comma | Token::RParen) {
                parse_hive_type(p)?;
            }
            Ok(())
        })?;
        if parens {
            p.expect_token(&Token::RParen)?;
        }
    }
    row_format(p)?;
    Ok(Expr::Tuple(args))
}

/// Whether an `INSERT OVERWRITE TABLE t [PARTITION (...)]` has Hive's `IF NOT EXISTS` before its query.
fn insert_if_not_exists(p: &Parser) -> bool {
    let mut depth = 0usize;
    for n in 0.. {
        let t = p.peek_nth_token_ref(n);
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::SemiColon | Token::EOF => return false,
            Token::Word(w) if depth == 0 => match w.keyword {
                Keyword::SELECT | Keyword::FROM | Keyword::WITH | Keyword::VALUES => return false,
                Keyword::IF => {
                    return p.peek_nth_token_ref(n + 1).token == Token::make_keyword("NOT")
                        && is_word(p.peek_nth_token_ref(n + 2), "exists")
                }
                _ => {}
            },
            _ => {}
        }
    }
    false
}

/// `INSERT OVERWRITE TABLE t [PARTITION (spec)] IF NOT EXISTS query`, which sqlparser does not
/// take. The insert is sqlparser's own for the statement without `IF NOT EXISTS`.
fn parse_insert_if_not_exists(p: &mut Parser) -> Result<Statement, ParserError> {
    let insert_token = p.next_token();
    p.expect_keywords(&[Keyword::OVERWRITE, Keyword::TABLE])?;
    let name = p.parse_object_name(false)?;
    let partitioned = if p.parse_keyword(Keyword::PARTITION) {
        p.expect_token(&Token::LParen)?;
        let spec = p.parse_comma_separated(Parser::parse_expr)?;
        p.expect_token(&Token::RParen)?;
        Some(spec)
    } else {
        None
    };
    p.expect_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS])?;
    let source = p.parse_query()?;
    // Insert has no constructor: take the one sqlparser builds for the plain form.
    let template = Parser::new(&HiveQl)
        .try_with_sql("INSERT OVERWRITE TABLE t SELECT 1")?
        .parse_statement()?;
    let Statement::Insert(mut insert) = template else {
        return Err(ParserError::ParserError(
            "INSERT template did not parse as an insert".into(),
        ));
    };
    insert.insert_token = sqlparser::ast::helpers::attached_token::AttachedToken(insert_token);
    insert.table = sqlparser::ast::TableObject::TableName(name);
    insert.partitioned = partitioned;
    insert.source = Some(source);
    Ok(Statement::Insert(insert))
}

/// `SET`, `SET k`, `SET k=v` (any value: the text pass made it one token), `SET -v`.
fn parse_set(p: &mut Parser) -> Result<Statement, ParserError> {
    let start = p.next_token().span;
    let mut key = String::new();
    while !at_end(p) && p.peek_token_ref().token != Token::Eq {
        key.push_str(&p.next_token().token.to_string());
    }
    if key.is_empty() {
        return if p.peek_token_ref().token == Token::Eq {
            p.expected("a variable name", p.peek_token())
        } else {
            Ok(opaque("SET", start))
        };
    }
    if !p.consume_token(&Token::Eq) {
        return Ok(opaque("SET", start));
    }
    let mut value = Vec::new();
    while !at_end(p) {
        value.push(match p.next_token().token {
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => s,
            t => t.to_string(),
        });
    }
    let (hivevar, name) = match key.split_once(':') {
        Some((ns, name)) if ns.eq_ignore_ascii_case("hivevar") => (true, name.to_string()),
        _ => (false, key),
    };
    Ok(Statement::Set(sqlparser::ast::Set::SingleAssignment {
        scope: None,
        hivevar,
        variable: ObjectName(
            name.split('.')
                .map(|part| ObjectNamePart::Identifier(Ident::new(part)))
                .collect(),
        ),
        values: vec![Expr::value(Value::SingleQuotedString(value.join(" ")))],
    }))
}

/// Tracks `>` owed by a `>>` token that closed two nested type brackets.
struct Angles {
    pending: usize,
}

impl Angles {
    fn open(&self, p: &mut Parser) -> Result<(), ParserError> {
        p.expect_token(&Token::Lt).map(|_| ())
    }
    fn close(&mut self, p: &mut Parser) -> Result<(), ParserError> {
        if self.pending > 0 {
            self.pending -= 1;
            return Ok(());
        }
        match p.peek_token_ref().token {
            Token::Gt => {
                p.advance_token();
                Ok(())
            }
            Token::ShiftRight => {
                p.advance_token();
                self.pending += 1;
                Ok(())
            }
            _ => p.expected(">", p.peek_token()),
        }
    }
    fn at_close(&self, p: &Parser) -> bool {
        self.pending > 0 || matches!(p.peek_token_ref().token, Token::Gt | Token::ShiftRight)
    }
}

/// A Hive column type: primitives through sqlparser, `ARRAY<t>`, `MAP<k,v>`,
/// `STRUCT<name:t [COMMENT 's'], ...>` and `UNIONTYPE<t, ...>` here.
pub fn parse_hive_type(p: &mut Parser) -> Result<DataType, ParserError> {
    let mut angles = Angles { pending: 0 };
    let t = hive_type(p, &mut angles)?;
    if angles.pending > 0 {
        return p.expected("end of type", p.peek_token());
    }
    Ok(t)
}

fn hive_type(p: &mut Parser, a: &mut Angles) -> Result<DataType, ParserError> {
    let next_is_lt = p.peek_nth_token_ref(1).token == Token::Lt;
    match word_lower(&p.peek_token_ref().token).as_str() {
        "array" if next_is_lt => {
            p.advance_token();
            a.open(p)?;
            let inner = hive_type(p, a)?;
            a.close(p)?;
            Ok(DataType::Array(ArrayElemTypeDef::AngleBracket(Box::new(inner))))
        }
        "map" if next_is_lt => {
            p.advance_token();
            a.open(p)?;
            let k = hive_type(p, a)?;
            p.expect_token(&Token::Comma)?;
            let v = hive_type(p, a)?;
            a.close(p)?;
            Ok(DataType::Map(Box::new(k), Box::new(v)))
        }
        "struct" if next_is_lt => {
            p.advance_token();
            a.open(p)?;
            let mut fields = Vec::new();
            while !a.at_close(p) {
                let name = p.parse_identifier()?;
                p.expect_token(&Token::Colon)?;
                let field_type = hive_type(p, a)?;
                if a.pending == 0 && p.parse_keyword(Keyword::COMMENT) {
                    p.parse_literal_string()?;
                }
                fields.push(StructField {
                    field_name: Some(name),
                    field_type,
                    options: None,
                });
                if a.pending > 0 || !p.consume_token(&Token::Comma) {
                    break;
                }
            }
            a.close(p)?;
            Ok(DataType::Struct(fields, StructBracketKind::AngleBrackets))
        }
        "uniontype" if next_is_lt => {
            p.advance_token();
            a.open(p)?;
            let mut members = Vec::new();
            loop {
                members.push(hive_type(p, a)?.to_string());
                if a.pending > 0 || !p.consume_token(&Token::Comma) {
                    break;
                }
            }
            a.close(p)?;
            Ok(DataType::Custom(
                ObjectName(vec![ObjectNamePart::Identifier(Ident::new("UNIONTYPE"))]),
                members,
            ))
        }
        _ => p.parse_data_type(),
    }
}

/// `name type [COMMENT 's'] [constraint words]`; the type is optional where Hive allows
/// names alone (partitioned CTAS, views).
fn parse_column(p: &mut Parser, type_optional: bool) -> Result<ColumnDef, ParserError> {
    let name = p.parse_identifier()?;
    let data_type = if type_optional && matches!(p.peek_token_ref().token, Token::Comma | Token::RParen) {
        DataType::Unspecified
    } else {
        parse_hive_type(p)?
    };
    let mut options = Vec::new();
    loop {
        if p.parse_keyword(Keyword::COMMENT) {
            let text = p.parse_literal_string()?;
            options.push(ColumnOptionDef {
                name: None,
                option: ColumnOption::Comment(text),
            });
        } else if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
            options.push(ColumnOptionDef {
                name: None,
                option: ColumnOption::NotNull,
            });
        } else if p.parse_keyword(Keyword::DEFAULT) {
            let e = p.parse_expr()?;
            options.push(ColumnOptionDef {
                name: None,
                option: ColumnOption::Default(e),
            });
        } else if [
            "disable",
            "enable",
            "novalidate",
            "validate",
            "rely",
            "norely",
            "unique",
        ]
        .iter()
        .any(|w| parse_word(p, w))
            || p.parse_keywords(&[Keyword::PRIMARY, Keyword::KEY])
        {
            // Hive's informational constraints: accepted, not enforced, not kept.
        } else {
            break;
        }
    }
    Ok(ColumnDef {
        name,
        data_type,
        options,
    })
}

/// `( column, ... [, constraint ...] )`; table constraints are checked for balance only.
fn parse_column_list(p: &mut Parser, type_optional: bool) -> Result<Vec<ColumnDef>, ParserError> {
    p.expect_token(&Token::LParen)?;
    let mut columns = Vec::new();
    loop {
        if matches!(
            word_lower(&p.peek_token_ref().token).as_str(),
            "constraint" | "primary" | "foreign" | "unique"
        ) {
            // A table constraint: skip to the `,` or `)` that ends it.
            let mut depth = 0usize;
            loop {
                match p.peek_token_ref().token {
                    Token::LParen => depth += 1,
                    Token::RParen if depth == 0 => break,
                    Token::RParen => depth -= 1,
                    Token::Comma if depth == 0 => break,
                    Token::SemiColon | Token::EOF => return p.expected(")", p.peek_token()),
                    _ => {}
                }
                p.advance_token();
            }
        } else {
            columns.push(parse_column(p, type_optional)?);
        }
        if !p.consume_token(&Token::Comma) {
            break;
        }
    }
    p.expect_token(&Token::RParen)?;
    Ok(columns)
}

/// `( key = value, ... )` as in TBLPROPERTIES, SERDEPROPERTIES, DBPROPERTIES.
fn parse_properties(p: &mut Parser) -> Result<Vec<sqlparser::ast::SqlOption>, ParserError> {
    p.expect_token(&Token::LParen)?;
    let options = p.parse_comma_separated(|p| {
        let key = p.parse_literal_string().map(Ident::new).or_else(|_| {
            p.prev_token();
            p.parse_identifier()
        })?;
        p.expect_token(&Token::Eq)?;
        let value = p.parse_expr()?;
        Ok(sqlparser::ast::SqlOption::KeyValue { key, value })
    })?;
    p.expect_token(&Token::RParen)?;
    Ok(options)
}

/// `(col [= value], ...)`
fn parse_partition_spec(p: &mut Parser) -> Result<(), ParserError> {
    p.expect_token(&Token::LParen)?;
    p.parse_comma_separated(|p| {
        p.parse_identifier()?;
        if p.consume_token(&Token::Eq) {
            p.parse_expr()?;
        }
        Ok(())
    })?;
    p.expect_token(&Token::RParen)?;
    Ok(())
}

/// `SKEWED BY (cols) ON (values | (tuple), ...) [STORED AS DIRECTORIES]`, after SKEWED.
fn parse_skewed(p: &mut Parser) -> Result<(), ParserError> {
    p.expect_keyword(Keyword::BY)?;
    p.parse_parenthesized_column_list(sqlparser::parser::IsOptional::Mandatory, false)?;
    p.expect_keyword(Keyword::ON)?;
    p.expect_token(&Token::LParen)?;
    p.parse_comma_separated(Parser::parse_expr)?;
    p.expect_token(&Token::RParen)?;
    if p.parse_keywords(&[Keyword::STORED, Keyword::AS]) {
        expect_word(p, "directories")?;
    }
    Ok(())
}

/// `STORED AS fmt | STORED AS INPUTFORMAT 'i' OUTPUTFORMAT 'o' | STORED BY 'handler'`, after STORED.
fn parse_stored(p: &mut Parser, hive: &mut HiveFormat) -> Result<(), ParserError> {
    if p.parse_keyword(Keyword::BY) {
        // A storage handler (DynamoDB, HBase, ...): sqlparser has no node for it.
        p.parse_literal_string()?;
        return Ok(());
    }
    p.expect_keyword(Keyword::AS)?;
    if p.parse_keyword(Keyword::INPUTFORMAT) {
        let input_format = p.parse_expr()?;
        p.expect_keyword(Keyword::OUTPUTFORMAT)?;
        let output_format = p.parse_expr()?;
        hive.storage = Some(HiveIOFormat::IOF {
            input_format,
            output_format,
        });
    } else {
        let format = p.parse_file_format()?;
        hive.storage = Some(HiveIOFormat::FileFormat { format });
    }
    Ok(())
}

/// `CREATE [TEMPORARY] [EXTERNAL|TRANSACTIONAL|MANAGED] TABLE [IF NOT EXISTS] name
/// [LIKE other | (columns)] [COMMENT] [PARTITIONED BY] [CLUSTERED BY ... INTO n BUCKETS]
/// [SKEWED BY] [ROW FORMAT] [STORED AS|BY] [WITH SERDEPROPERTIES] [LOCATION] [TBLPROPERTIES]
/// [AS query]`; clauses are accepted in any order.
fn parse_create_table(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    let or_replace = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
    let (mut temporary, mut external) = (false, false);
    loop {
        if p.parse_keyword(Keyword::TEMPORARY) {
            temporary = true;
        } else if p.parse_keyword(Keyword::EXTERNAL) {
            external = true;
        } else if !(parse_word(p, "transactional") || parse_word(p, "managed")) {
            break;
        }
    }
    p.expect_keyword(Keyword::TABLE)?;
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let mut b = CreateTableBuilder::new(name)
        .or_replace(or_replace)
        .temporary(temporary)
        .external(external)
        .if_not_exists(if_not_exists);
    if p.parse_keyword(Keyword::LIKE) {
        let like = p.parse_object_name(false)?;
        b = b.like(Some(CreateTableLikeKind::Plain(sqlparser::ast::CreateTableLike {
            name: like,
            defaults: None,
        })));
    } else if p.peek_token_ref().token == Token::LParen {
        b = b.columns(parse_column_list(p, false)?);
    }
    let mut hive = HiveFormat::default();
    let mut has_hive = false;
    loop {
        if p.parse_keyword(Keyword::COMMENT) {
            b.comment = Some(CommentDef::WithoutEq(p.parse_literal_string()?));
        } else if p.parse_keywords(&[Keyword::PARTITIONED, Keyword::BY]) {
            let columns = parse_column_list(p, true)?;
            b = b.hive_distribution(HiveDistributionStyle::PARTITIONED { columns });
        } else if p.peek_keyword(Keyword::CLUSTERED) {
            b = b.clustered_by(p.parse_optional_clustered_by()?);
        } else if parse_word(p, "skewed") {
            parse_skewed(p)?;
        } else if p.parse_keyword(Keyword::ROW) {
            hive.row_format = Some(p.parse_row_format()?);
            has_hive = true;
        } else if p.parse_keyword(Keyword::STORED) {
            parse_stored(p, &mut hive)?;
            has_hive = true;
        } else if p.parse_keywords(&[Keyword::WITH, Keyword::SERDEPROPERTIES]) {
            hive.serde_properties = Some(parse_properties(p)?);
            has_hive = true;
        } else if p.parse_keyword(Keyword::LOCATION) {
            hive.location = Some(p.parse_literal_string()?);
            has_hive = true;
        } else if p.parse_keyword(Keyword::TBLPROPERTIES) {
            b = b.table_options(CreateTableOptions::TableProperties(parse_properties(p)?));
        } else if p.parse_keyword(Keyword::AS) {
            b = b.query(Some(p.parse_query()?));
            break;
        } else {
            break;
        }
    }
    if has_hive {
        let file_format = match &hive.storage {
            Some(HiveIOFormat::FileFormat { format }) => Some(*format),
            _ => None,
        };
        b = b
            .location(hive.location.clone())
            .file_format(file_format)
            .hive_formats(Some(hive));
    }
    Ok(Statement::CreateTable(b.build()))
}

/// `CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(col [COMMENT 's'], ...)] [COMMENT 's']
/// [TBLPROPERTIES (...)] AS query`
fn parse_create_view(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    let or_replace = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
    p.expect_keyword(Keyword::VIEW)?;
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let mut columns = Vec::new();
    if p.consume_token(&Token::LParen) {
        columns = p.parse_comma_separated(|p| {
            let name = p.parse_identifier()?;
            let options = if p.parse_keyword(Keyword::COMMENT) {
                Some(ColumnOptions::SpaceSeparated(vec![ColumnOption::Comment(
                    p.parse_literal_string()?,
                )]))
            } else {
                None
            };
            Ok(ViewColumnDef {
                name,
                data_type: None,
                options,
            })
        })?;
        p.expect_token(&Token::RParen)?;
    }
    let mut comment = None;
    let mut options = CreateTableOptions::None;
    loop {
        if p.parse_keyword(Keyword::COMMENT) {
            comment = Some(p.parse_literal_string()?);
        } else if p.parse_keyword(Keyword::TBLPROPERTIES) {
            options = CreateTableOptions::TableProperties(parse_properties(p)?);
        } else {
            break;
        }
    }
    p.expect_keyword(Keyword::AS)?;
    let query = p.parse_query()?;
    Ok(Statement::CreateView(CreateView {
        or_alter: false,
        or_replace,
        materialized: false,
        secure: false,
        name,
        name_before_not_exists: false,
        columns,
        query,
        options,
        cluster_by: vec![],
        comment,
        with_no_schema_binding: false,
        if_not_exists,
        temporary: false,
        copy_grants: false,
        to: None,
        params: None,
    }))
}

/// sqlparser's `CREATE DATABASE` plus Hive's `COMMENT`, `LOCATION`, `MANAGEDLOCATION` and
/// `WITH DBPROPERTIES` in any order.
fn parse_create_database(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    let mut stmt = p.parse_create()?;
    loop {
        let text = if p.parse_keyword(Keyword::COMMENT) {
            Some(("comment", p.parse_literal_string()?))
        } else if p.parse_keyword(Keyword::LOCATION) {
            Some(("location", p.parse_literal_string()?))
        } else if p.parse_keyword(Keyword::MANAGEDLOCATION) {
            Some(("managedlocation", p.parse_literal_string()?))
        } else if p.parse_keyword(Keyword::WITH) {
            expect_word(p, "dbproperties")?;
            parse_properties(p)?;
            None
        } else {
            break;
        };
        if let (
            Statement::CreateDatabase {
                comment,
                location,
                managed_location,
                ..
            },
            Some((clause, value)),
        ) = (&mut stmt, text)
        {
            match clause {
                "comment" => *comment = Some(value),
                "location" => *location = Some(value),
                _ => *managed_location = Some(value),
            }
        }
    }
    Ok(stmt)
}

const ALTER_TABLE_ACTIONS: &[&str] = &[
    "add",
    "drop",
    "rename",
    "set",
    "unset",
    "change",
    "replace",
    "recover",
    "touch",
    "archive",
    "unarchive",
    "exchange",
    "clustered",
    "not",
    "skewed",
    "compact",
    "concatenate",
    "enable",
    "disable",
    "update",
    "into",
    "owner",
    "as",
];

/// `ALTER TABLE|VIEW`: sqlparser's own when it takes the whole statement, else Hive's forms
/// (checked up to the action keyword, then for balanced brackets).
fn parse_alter(p: &mut Parser) -> Result<Statement, ParserError> {
    let stock = p.maybe_parse(|p| {
        p.advance_token();
        let s = p.parse_alter()?;
        if at_end(p) {
            Ok(s)
        } else {
            p.expected("end of statement", p.peek_token())
        }
    })?;
    if let Some(s) = stock {
        return Ok(s);
    }
    let start = p.next_token().span;
    let kind = if parse_word(p, "view") {
        "ALTER VIEW"
    } else {
        p.expect_keyword(Keyword::TABLE)?;
        "ALTER TABLE"
    };
    p.parse_object_name(false)?;
    if p.parse_keyword(Keyword::PARTITION) {
        parse_partition_spec(p)?;
    }
    let action = word_lower(&p.peek_token_ref().token);
    if !ALTER_TABLE_ACTIONS.contains(&action.as_str()) {
        return p.expected(
            "an ALTER TABLE action (ADD, DROP, RENAME, SET, CHANGE, ...)",
            p.peek_token(),
        );
    }
    p.advance_token();
    match action.as_str() {
        "add"
            if !(p.peek_keyword(Keyword::IF)
                || p.peek_keyword(Keyword::PARTITION)
                || p.peek_keyword(Keyword::CONSTRAINT)
                || is_word(p.peek_token_ref(), "columns")) =>
        {
            return p.expected("PARTITION, COLUMNS or CONSTRAINT", p.peek_token());
        }
        "replace" => expect_word(p, "columns")?,
        "set"
            if !matches!(
                word_lower(&p.peek_token_ref().token).as_str(),
                "tblproperties"
                    | "serdeproperties"
                    | "serde"
                    | "location"
                    | "fileformat"
                    | "owner"
                    | "skewed"
                    | "partition"
            ) =>
        {
            return p.expected(
                "TBLPROPERTIES, SERDEPROPERTIES, SERDE, LOCATION or FILEFORMAT",
                p.peek_token(),
            );
        }
        _ => {}
    }
    rest_of_statement(p)?;
    Ok(opaque(kind, start))
}

/// `DESCRIBE [EXTENDED|FORMATTED] table [PARTITION (spec)] [column]`,
/// `DESCRIBE DATABASE|SCHEMA [EXTENDED] name`, `DESCRIBE FUNCTION [EXTENDED] name`.
fn parse_describe(p: &mut Parser) -> Result<Statement, ParserError> {
    let tok = p.next_token();
    let describe_alias = if is_word(&tok, "desc") {
        DescribeAlias::Desc
    } else {
        DescribeAlias::Describe
    };
    if let Some(kw) = p.parse_one_of_keywords(&[Keyword::DATABASE, Keyword::SCHEMA, Keyword::FUNCTION]) {
        let _extended = p.parse_keyword(Keyword::EXTENDED);
        p.parse_object_name(false)?;
        let what = if kw == Keyword::FUNCTION {
            "FUNCTION"
        } else {
            "DATABASE"
        };
        return Ok(opaque(&format!("DESCRIBE {what}"), tok.span));
    }
    let hive_format = if p.parse_keyword(Keyword::EXTENDED) {
        Some(HiveDescribeFormat::Extended)
    } else if p.parse_keyword(Keyword::FORMATTED) {
        Some(HiveDescribeFormat::Formatted)
    } else {
        None
    };
    let has_table_keyword = p.parse_keyword(Keyword::TABLE);
    let table_name = p.parse_object_name(false)?;
    if p.parse_keyword(Keyword::PARTITION) {
        parse_partition_spec(p)?;
    }
    if !at_end(p) {
        p.parse_object_name(false)?;
    }
    Ok(Statement::ExplainTable {
        describe_alias,
        hive_format,
        has_table_keyword,
        table_name,
    })
}

/// `EXPLAIN [EXTENDED|CBO|AST|DEPENDENCY|AUTHORIZATION|LOCKS|VECTORIZATION ...] statement`
fn parse_explain(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token();
    while matches!(
        word_lower(&p.peek_token_ref().token).as_str(),
        "extended"
            | "cbo"
            | "ast"
            | "dependency"
            | "authorization"
            | "locks"
            | "vectorization"
            | "only"
            | "summary"
            | "operator"
            | "expression"
            | "detail"
            | "reoptimization"
            | "formatted"
            | "cost"
            | "joincost"
    ) {
        p.advance_token();
    }
    let analyze = p.parse_keyword(Keyword::ANALYZE);
    // Not sqlparser's parse_explain: it would take `EXPLAIN CREATE ...` as `EXPLAIN <table>`.
    let statement = Box::new(p.parse_statement()?);
    Ok(Statement::Explain {
        describe_alias: DescribeAlias::Explain,
        analyze,
        verbose: false,
        query_plan: false,
        estimate: false,
        statement,
        format: None,
        options: None,
    })
}

/// sqlparser's SHOW when it takes the whole statement; Hive's other SHOW forms (`SHOW
/// PARTITIONS`, `SHOW TBLPROPERTIES`, `SHOW LOCKS`, ...) are taken as they are.
fn parse_show(p: &mut Parser) -> Result<Statement, ParserError> {
    let stock = p.maybe_parse(|p| {
        p.advance_token();
        let s = p.parse_show()?;
        if at_end(p) {
            Ok(s)
        } else {
            p.expected("end of statement", p.peek_token())
        }
    })?;
    match stock {
        Some(s) => Ok(s),
        None => {
            if !matches!(p.peek_nth_token_ref(1).token, Token::Word(_)) {
                p.advance_token();
                return p.expected("what to show", p.peek_token());
            }
            opaque_rest(p, 2)
        }
    }
}

/// `FROM source INSERT ... SELECT ... [INSERT ... SELECT ...]...`: each insert's query gets the
/// shared FROM. One insert is returned as it is; several as a query whose body is a chain of
/// `UNION ALL` over the inserts (see [`multi_insert_branches`]).
fn parse_from_first(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::FROM)?;
    let from = p.parse_comma_separated(Parser::parse_table_and_joins)?;
    let mut branches = Vec::new();
    loop {
        if !p.peek_keyword(Keyword::INSERT) {
            if branches.is_empty() {
                // `FROM t SELECT ...`: a query with its FROM first.
                if p.peek_keyword(Keyword::SELECT) {
                    let mut q = p.parse_query()?;
                    add_from(&mut q, &from);
                    return Ok(Statement::Query(q));
                }
                return p.expected("INSERT or SELECT", p.peek_token());
            }
            break;
        }
        let tok = p.next_token();
        if !(p.peek_keyword(Keyword::INTO) || p.peek_keyword(Keyword::OVERWRITE)) {
            return p.expected("INTO or OVERWRITE", p.peek_token());
        }
        let mut stmt = p.parse_insert(tok)?;
        match &mut stmt {
            Statement::Insert(i) => {
                if let Some(q) = i.source.as_mut() {
                    add_from(q, &from);
                }
            }
            Statement::Directory { source, .. } => add_from(source, &from),
            _ => {}
        }
        branches.push(stmt);
    }
    if branches.len() == 1 {
        return Ok(branches.pop().expect("one branch"));
    }
    let template = match &branches[0] {
        Statement::Insert(i) => i.source.clone(),
        Statement::Directory { source, .. } => Some(source.clone()),
        _ => None,
    };
    let mut query = template.ok_or_else(|| ParserError::ParserError("INSERT without a query".into()))?;
    let mut body: Option<SetExpr> = None;
    for b in branches {
        let this = SetExpr::Insert(b);
        body = Some(match body {
            None => this,
            Some(left) => SetExpr::SetOperation {
                op: SetOperator::Union,
                set_quantifier: SetQuantifier::All,
                left: Box::new(left),
                right: Box::new(this),
            },
        });
    }
    query.body = Box::new(body.expect("two or more branches"));
    query.with = None;
    query.order_by = None;
    query.limit_clause = None;
    Ok(Statement::Query(query))
}

fn add_from(q: &mut Query, from: &[TableWithJoins]) {
    if let SetExpr::Select(s) = q.body.as_mut() {
        if s.from.is_empty() {
            s.from = from.to_vec();
        }
    }
}

/// The inserts of a FROM-first multi-insert, or `None` for any other statement.
pub fn multi_insert_branches(stmt: &Statement) -> Option<Vec<&Statement>> {
    fn collect<'a>(e: &'a SetExpr, out: &mut Vec<&'a Statement>) -> bool {
        match e {
            SetExpr::Insert(s) => {
                out.push(s);
                true
            }
            SetExpr::SetOperation { left, right, .. } => collect(left, out) && collect(right, out),
            _ => false,
        }
    }
    let Statement::Query(q) = stmt else { return None };
    if !matches!(q.body.as_ref(), SetExpr::SetOperation { .. }) {
        return None;
    }
    let mut out = Vec::new();
    collect(&q.body, &mut out).then_some(out)
}

/// `INSERT OVERWRITE [LOCAL] DIRECTORY 'path' [ROW FORMAT ...] [STORED AS fmt] query`
fn parse_insert_directory(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::INSERT)?;
    p.expect_keyword(Keyword::OVERWRITE)?;
    let local = p.parse_keyword(Keyword::LOCAL);
    p.expect_keyword(Keyword::DIRECTORY)?;
    let path = p.parse_literal_string()?;
    let mut file_format = None;
    loop {
        if p.parse_keyword(Keyword::ROW) {
            p.parse_row_format()?;
        } else if p.parse_keywords(&[Keyword::STORED, Keyword::AS]) {
            file_format = Some(p.parse_file_format()?);
        } else {
            break;
        }
    }
    let source = p.parse_query()?;
    Ok(Statement::Directory {
        overwrite: true,
        local,
        path,
        file_format,
        source,
    })
}

/// `IMPORT [[EXTERNAL] TABLE name [PARTITION (spec)]] FROM 'path' [LOCATION 'path']`,
/// `EXPORT TABLE name [PARTITION (spec)] TO 'path' [FOR REPLICATION('name')]`
fn parse_import_export(p: &mut Parser) -> Result<Statement, ParserError> {
    let tok = p.next_token();
    let import = is_word(&tok, "import");
    if import {
        let external = p.parse_keyword(Keyword::EXTERNAL);
        if external || p.peek_keyword(Keyword::TABLE) {
            p.expect_keyword(Keyword::TABLE)?;
            p.parse_object_name(false)?;
            if p.parse_keyword(Keyword::PARTITION) {
                parse_partition_spec(p)?;
            }
        }
        p.expect_keyword(Keyword::FROM)?;
        p.parse_literal_string()?;
        if p.parse_keyword(Keyword::LOCATION) {
            p.parse_literal_string()?;
        }
        return Ok(opaque("IMPORT", tok.span));
    }
    p.expect_keyword(Keyword::TABLE)?;
    p.parse_object_name(false)?;
    if p.parse_keyword(Keyword::PARTITION) {
        parse_partition_spec(p)?;
    }
    p.expect_keyword(Keyword::TO)?;
    p.parse_literal_string()?;
    if p.parse_keyword(Keyword::FOR) {
        rest_of_statement(p)?;
    }
    Ok(opaque("EXPORT", tok.span))
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
    let mut p = Parser::new(&HiveQl).with_tokens_with_locations(tokens);
    loop {
        while p.consume_token(&Token::SemiColon) {}
        if p.peek_token_ref().token == Token::EOF {
            break;
        }
        let result = p.parse_statement().and_then(|s| {
            if at_end(&p) {
                Ok(s)
            } else {
                p.expected("end of statement", p.peek_token())
            }
        });
        match result {
            Ok(s) => {
                out.statements.push(s);
                if p.peek_token_ref().token == Token::EOF {
                    let last = p.get_current_token().span.end;
                    out.unterminated = Some((last.line as usize, last.column as usize));
                }
            }
            Err(e) => {
                let mut err = syntax_error(&e, end);
                // sqlparser sometimes names a token it has already taken but gives the position
                // of the next one: point at the token named.
                let cur = p.get_current_token();
                let at = (cur.span.start.line as usize, cur.span.start.column as usize);
                if err.message.ends_with(&format!("found: {}", cur.token)) && at < (err.line, err.column) && at.0 > 0 {
                    (err.line, err.column) = at;
                }
                out.errors.push(err);
                // Resume after the `;` that ends the bad statement (the parser may have taken it).
                if cur.token != Token::SemiColon {
                    while !matches!(p.peek_token_ref().token, Token::SemiColon | Token::EOF) {
                        p.advance_token();
                    }
                }
            }
        }
    }
    out.text = text;
    out
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

    #[test]
    fn cli_commands() {
        for sql in [
            "ADD JAR /usr/lib/hive/lib/json-serde.jar;",
            "add file s3://bucket/scripts/x.py;",
            "ADD JARS a.jar b.jar;",
            "LIST JARS;",
            "DELETE FILE x.py;",
            "dfs -ls /user/hive/warehouse;",
            "source /tmp/common.hql;",
            "RESET;",
            "reset hive.exec.parallel;",
            "!echo hello;",
            "RELOAD FUNCTIONS;",
        ] {
            let s = ok(sql);
            assert!(opaque_kind(&s[0]).is_some(), "{sql}");
        }
    }

    #[test]
    fn set_with_any_value() {
        for sql in [
            "SET;",
            "SET -v;",
            "SET hive.exec.dynamic.partition;",
            "SET hive.exec.dynamic.partition.mode=nonstrict;",
            "set mapred.job.name = nightly load's run (x);",
            "SET hivevar:db=uc_pdm;",
            "SET hive.exec.max.dynamic.partitions=-1;",
            "set mapreduce.map.java.opts=-Xmx3072m -XX:+UseG1GC;",
        ] {
            ok(sql);
        }
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
        for sql in [
            "CREATE EXTERNAL TABLE IF NOT EXISTS db.t (a STRING COMMENT 'x', b INT) COMMENT 'tbl' \
             PARTITIONED BY (d STRING COMMENT 'p') ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' \
             WITH SERDEPROPERTIES ('ignore.malformed.json'='true') STORED AS TEXTFILE LOCATION 's3://b/p' \
             TBLPROPERTIES ('a'='b');",
            "CREATE TABLE t (a STRING) STORED BY 'org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler' \
             TBLPROPERTIES (\"dynamodb.table.name\" = \"x\");",
            "CREATE TABLE t (a STRING) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' ESCAPED BY '\\\\' \
             COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':' LINES TERMINATED BY '\\n' STORED AS TEXTFILE;",
            "CREATE TABLE t (a STRING, b INT) CLUSTERED BY (a) SORTED BY (b ASC) INTO 32 BUCKETS STORED AS ORC;",
            "CREATE TABLE t (a STRING, b INT) SKEWED BY (a) ON ('x','y') STORED AS DIRECTORIES;",
            "CREATE TABLE t (a STRING, b INT) SKEWED BY (a, b) ON (('x', 1), ('y', 2));",
            "CREATE TABLE t (a INT) STORED AS INPUTFORMAT 'i' OUTPUTFORMAT 'o';",
            "CREATE TEMPORARY TABLE t AS SELECT 1 AS a;",
            "CREATE TABLE t STORED AS ORC TBLPROPERTIES ('orc.compress'='SNAPPY') AS SELECT * FROM s;",
            "CREATE TRANSACTIONAL TABLE t (a INT, PRIMARY KEY (a) DISABLE NOVALIDATE);",
            "CREATE TABLE `db`.`my t` (`a b` INT);",
        ] {
            ok(sql);
        }
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
        for sql in [
            "INSERT OVERWRITE LOCAL DIRECTORY '/tmp/x' ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' SELECT * FROM t;",
            "INSERT OVERWRITE DIRECTORY 's3://x' STORED AS ORC SELECT * FROM t;",
            "INSERT OVERWRITE TABLE t PARTITION (d='1', h) SELECT a, h FROM s;",
            "INSERT INTO TABLE t VALUES (1, 'a'), (2, 'b');",
            "INSERT OVERWRITE TABLE t PARTITION (d='1') IF NOT EXISTS SELECT * FROM s;",
            "SELECT * FROM t ORDER BY a LIMIT 2, 10;",
        ] {
            ok(sql);
        }
    }

    #[test]
    fn queries() {
        for sql in [
            "SELECT a, k, v FROM t LATERAL VIEW OUTER explode(m) e AS k, v;",
            "SELECT a FROM t LATERAL VIEW posexplode(arr) e AS pos, val LATERAL VIEW json_tuple(j, 'a', 'b') jt AS a1, b1;",
            "SELECT a FROM t DISTRIBUTE BY a SORT BY b;",
            "SELECT a FROM t CLUSTER BY a;",
            "SELECT a FROM t TABLESAMPLE(BUCKET 3 OUT OF 32 ON rand()) s;",
            "SELECT a FROM t TABLESAMPLE(10 PERCENT) s;",
            "SELECT `a b` FROM `db`.`t`;",
            "SELECT a div 2, 7 DIV 2 + 1 FROM t;",
            "SELECT * FROM t WHERE a = \"double quoted\" AND b = 'it\\'s' AND c = \"say \\\"hi\\\"\";",
            "SELECT * FROM a LEFT SEMI JOIN b ON a.k = b.k;",
            "SELECT a, count(*) FROM t GROUP BY a WITH ROLLUP;",
            "SELECT explode(m) AS (k, v) FROM t;",
            "SELECT TRANSFORM(a, b) USING 'cat' AS (x INT, y ARRAY<STRING>) FROM t;",
            "SELECT TRANSFORM(*) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' USING 'python s.py' AS k, v FROM t;",
            "SELECT transform(arr, x -> x + 1) FROM t;",
            "SELECT * FROM noop(ON part PARTITION BY p_mfgr ORDER BY p_name) abc;",
            "SELECT * FROM matchpath(ON (SELECT * FROM f) f DISTRIBUTE BY a SORT BY b arg1('LATE.LATE+'), arg2('LATE'));",
            "SELECT * FROM noop(ON noopwithmap(ON part PARTITION BY p_mfgr ORDER BY p_name DESC));",
        ] {
            ok(sql);
        }
        let s = ok("SELECT 7 div 2;");
        assert_eq!(s[0].to_string(), "SELECT 7 DIV 2");
    }

    #[test]
    fn hive_variables_anywhere() {
        for sql in [
            "SELECT * FROM ${hivevar:db}.t WHERE d = '${hiveconf:d}';",
            "CREATE TABLE ${db}.t_${env:SUFFIX} (a INT) LOCATION ${hivevar:path};",
            "SELECT * FROM t LIMIT ${n};",
            "USE ${hivevar:db};",
        ] {
            ok(sql);
        }
        // Columns after a variable stay exact.
        let e = err("SELECT * FROM ${hivevar:db}.t WHERE (;");
        assert_eq!((e.line, e.column), (1, 38));
    }

    #[test]
    fn describe_show_explain() {
        for sql in [
            "DESCRIBE FORMATTED db.t;",
            "DESCRIBE EXTENDED t;",
            "DESC t;",
            "DESCRIBE DATABASE EXTENDED db;",
            "DESCRIBE FUNCTION EXTENDED upper;",
            "DESC FORMATTED t PARTITION (d='1');",
            "DESCRIBE t a;",
            "SHOW TABLES;",
            "SHOW TABLES IN db LIKE 'x*';",
            "SHOW DATABASES;",
            "SHOW PARTITIONS db.t PARTITION (d='1');",
            "SHOW CREATE TABLE t;",
            "SHOW TBLPROPERTIES t('a');",
            "SHOW FUNCTIONS;",
            "SHOW COLUMNS IN t;",
            "SHOW LOCKS t EXTENDED;",
            "EXPLAIN SELECT 1;",
            "EXPLAIN EXTENDED SELECT * FROM t;",
            "EXPLAIN CBO INSERT OVERWRITE TABLE t SELECT 1;",
            "EXPLAIN CREATE TABLE t (a INT) STORED AS ORC;",
            "EXPLAIN ALTER TABLE t ADD PARTITION (d='1') LOCATION 'x' PARTITION (d='2');",
        ] {
            ok(sql);
        }
    }

    #[test]
    fn alter_table_forms() {
        for sql in [
            "ALTER TABLE t ADD IF NOT EXISTS PARTITION (d='1') LOCATION 's3://x' PARTITION (d='2');",
            "ALTER TABLE t DROP IF EXISTS PARTITION (d='1'), PARTITION (d='2') PURGE;",
            "ALTER TABLE t RENAME TO u;",
            "ALTER TABLE t SET TBLPROPERTIES ('a'='b');",
            "ALTER TABLE t SET SERDEPROPERTIES ('a'='b');",
            "ALTER TABLE t SET SERDE 'x' WITH SERDEPROPERTIES ('a'='b');",
            "ALTER TABLE t SET LOCATION 's3://x';",
            "ALTER TABLE t PARTITION (d='1') SET LOCATION 's3://x';",
            "ALTER TABLE t PARTITION (d='1') RENAME TO PARTITION (d='2');",
            "ALTER TABLE t CHANGE COLUMN a b STRING COMMENT 'x' AFTER c;",
            "ALTER TABLE t CHANGE a b INT;",
            "ALTER TABLE t ADD COLUMNS (x INT COMMENT 'c', y STRING) CASCADE;",
            "ALTER TABLE t REPLACE COLUMNS (x INT);",
            "ALTER TABLE t SET FILEFORMAT ORC;",
            "ALTER TABLE t RECOVER PARTITIONS;",
            "ALTER TABLE t EXCHANGE PARTITION (d='1') WITH TABLE u;",
            "ALTER TABLE t TOUCH;",
            "ALTER TABLE t ARCHIVE PARTITION (d='1');",
            "ALTER TABLE t CLUSTERED BY (a) INTO 4 BUCKETS;",
            "ALTER TABLE t SKEWED BY (a) ON (1);",
            "ALTER TABLE t NOT SKEWED;",
            "ALTER TABLE t COMPACT 'major';",
            "ALTER VIEW v AS SELECT 1;",
            "ALTER VIEW v SET TBLPROPERTIES ('a'='b');",
            "ALTER DATABASE d SET DBPROPERTIES ('a'='b');",
        ] {
            ok(sql);
        }
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
        for sql in [
            "MSCK REPAIR TABLE db.t;",
            "ANALYZE TABLE t COMPUTE STATISTICS;",
            "ANALYZE TABLE t PARTITION (d='1') COMPUTE STATISTICS FOR COLUMNS;",
            "CREATE TEMPORARY FUNCTION f AS 'com.x.F';",
            "CREATE FUNCTION db.f AS 'com.x.F' USING JAR 's3://x.jar';",
            "DROP TEMPORARY FUNCTION IF EXISTS f;",
            "TRUNCATE TABLE t;",
            "TRUNCATE TABLE t PARTITION (d='1');",
            "LOAD DATA LOCAL INPATH '/tmp/x' OVERWRITE INTO TABLE t PARTITION (d='1');",
            "IMPORT TABLE t FROM 's3://x';",
            "IMPORT EXTERNAL TABLE t PARTITION (d='1') FROM 's3://x' LOCATION 's3://y';",
            "IMPORT FROM 's3://x';",
            "EXPORT TABLE t TO 's3://x';",
            "DROP TABLE IF EXISTS t PURGE;",
            "DROP DATABASE IF EXISTS d CASCADE;",
            "USE db;",
        ] {
            ok(sql);
        }
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
