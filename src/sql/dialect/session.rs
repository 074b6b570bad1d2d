//! Statements about the session and the catalogue rather than data: `SET`, `DESCRIBE`,
//! `EXPLAIN`, `SHOW`.

use super::ddl::parse_partition_spec;
#[allow(unused_imports)]
use super::*;

/// `SET`, `SET k`, `SET k=v` (any value: the text pass made it one token), `SET -v`.
pub(super) fn parse_set(p: &mut Parser) -> Result<Statement, ParserError> {
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

/// `DESCRIBE [EXTENDED|FORMATTED] table [PARTITION (spec)] [column]`,
/// `DESCRIBE DATABASE|SCHEMA [EXTENDED] name`, `DESCRIBE FUNCTION [EXTENDED] name`.
pub(super) fn parse_describe(p: &mut Parser) -> Result<Statement, ParserError> {
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
pub(super) fn parse_explain(p: &mut Parser) -> Result<Statement, ParserError> {
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
pub(super) fn parse_show(p: &mut Parser) -> Result<Statement, ParserError> {
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
