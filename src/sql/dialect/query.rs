//! Query expressions Hive has and sqlparser lacks: the script `TRANSFORM` and the input of a
//! partitioned table function (`noop(ON ...)`).

use super::ddl::parse_properties;
#[allow(unused_imports)]
use super::*;

/// `ON table|(query) [alias] [PARTITION BY|DISTRIBUTE BY exprs] [ORDER BY|SORT BY exprs]
/// [name(expr) [, name(expr)]...]`: the arguments of a partitioned table function such as
/// `noop` or `matchpath`, up to its `)`. The source stands for them (a subquery keeps the
/// tables it reads visible to the analysis).
pub(super) fn parse_ptf_input(p: &mut Parser) -> Result<Expr, ParserError> {
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
pub(super) fn parse_transform(p: &mut Parser) -> Result<Expr, ParserError> {
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
