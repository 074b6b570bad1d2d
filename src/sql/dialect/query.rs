//! Query expressions Hive has and sqlparser lacks: the script `TRANSFORM` and the input of a
//! partitioned table function (`noop(ON ...)`).

use super::ddl::{parse_hive_type, parse_properties};
#[allow(unused_imports)]
use super::*;
use sqlparser::ast::DateTimeField;

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

/// The interval units Hive takes after a bare number or string (`d + 60 days`, Hive 2.2+).
fn interval_unit(t: &TokenWithSpan) -> Option<DateTimeField> {
    Some(match word_lower(&t.token).as_str() {
        "year" | "years" => DateTimeField::Year,
        "month" | "months" => DateTimeField::Month,
        "day" | "days" => DateTimeField::Day,
        "hour" | "hours" => DateTimeField::Hour,
        "minute" | "minutes" => DateTimeField::Minute,
        "second" | "seconds" => DateTimeField::Second,
        _ => return None,
    })
}

/// `60 days`, `'1' hour`: Hive's interval literal without the INTERVAL keyword (a number or
/// a string, then a unit).
pub(super) fn parse_bare_interval(p: &mut Parser) -> Option<Result<Expr, ParserError>> {
    if !matches!(
        p.peek_token_ref().token,
        Token::Number(..) | Token::SingleQuotedString(_)
    ) || matches!(&p.get_current_token().token, Token::Word(w) if w.keyword == Keyword::INTERVAL)
    {
        return None;
    }
    let unit = interval_unit(p.peek_nth_token_ref(1))?;
    Some(p.parse_value().map(|value| {
        p.advance_token();
        Expr::Interval(sqlparser::ast::Interval {
            value: Box::new(Expr::Value(value)),
            leading_field: Some(unit),
            leading_precision: None,
            last_field: None,
            fractional_seconds_precision: None,
        })
    }))
}

/// Whether the parser has just taken `TABLE (`: the start of Hive's `TABLE(VALUES ...)`.
pub(super) fn after_table_paren(p: &Parser) -> bool {
    p.get_current_token().token == Token::LParen
        && matches!(&p.get_previous_token().token, Token::Word(w) if w.keyword == Keyword::TABLE)
}

/// `VALUES (...), (...)` inside `TABLE(...)`: an inline table (`FROM TABLE(VALUES (1, 'a'))
/// AS t(a, b)`), as a VALUES query.
pub(super) fn parse_table_values(p: &mut Parser) -> Result<Expr, ParserError> {
    p.expect_keyword(Keyword::VALUES)?;
    let values = p.parse_values(false, false)?;
    Ok(Expr::Subquery(Box::new(Query {
        with: None,
        body: Box::new(SetExpr::Values(values)),
        order_by: None,
        limit_clause: None,
        fetch: None,
        locks: vec![],
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: vec![],
    })))
}

/// `x [NOT] IN ${list}`: the variable stands for the parenthesised list.
pub(super) fn parse_in_variable(p: &mut Parser, expr: &Expr) -> Option<Result<Expr, ParserError>> {
    let negated = p.peek_keyword(Keyword::NOT);
    let at = usize::from(negated);
    let is_in = matches!(&p.peek_nth_token_ref(at).token, Token::Word(w) if w.keyword == Keyword::IN);
    if !is_in || !is_variable(p.peek_nth_token_ref(at + 1)) {
        return None;
    }
    for _ in 0..=at {
        p.advance_token();
    }
    Some(p.parse_identifier().map(|var| Expr::InList {
        expr: Box::new(expr.clone()),
        list: vec![Expr::Identifier(var)],
        negated,
    }))
}

/// Hive's `MAP exprs ... USING` and `REDUCE exprs ... USING` are, as its Language Manual
/// says, another spelling of `SELECT TRANSFORM(exprs) ... USING`: the tokens are rewritten to
/// that form (the new tokens carry the position of the MAP or REDUCE they replace). A MAP or
/// REDUCE is a clause only when a USING follows at its bracket depth before the statement or
/// its bracket ends; `map(...)`, `MAP<...>` and names stay as they are.
pub(super) fn desugar_map_reduce(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let is_clause_word = |t: &TokenWithSpan| {
        matches!(&t.token, Token::Word(w) if w.quote_style.is_none()
            && (w.value.eq_ignore_ascii_case("map") || w.value.eq_ignore_ascii_case("reduce")))
    };
    if !tokens.iter().any(is_clause_word) {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len() + 8);
    // Where a `)` must be inserted (before the token at that index).
    let mut close_at: Vec<usize> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if close_at.last() == Some(&i) {
            close_at.pop();
            out.push(TokenWithSpan::new(Token::RParen, t.span));
        }
        let after_dot = i > 0 && tokens[i - 1].token == Token::Period;
        if is_clause_word(t) && !after_dot {
            // MAP and REDUCE are reserved in Hive: not followed by `(` (the `map()` function)
            // or `<` (the type), they open the clause even when its USING is missing, so the
            // error comes where the clause breaks.
            // (`MAP KEYS TERMINATED BY` is a row format clause.)
            let opens_operand = matches!(
                tokens.get(i + 1).map(|t| &t.token),
                Some(Token::Word(_) | Token::Number(..) | Token::SingleQuotedString(_) | Token::Mul)
            ) && !tokens
                .get(i + 1)
                .is_some_and(|t| is_word(t, "keys") || is_word(t, "using"));
            let end = transform_list_end(&tokens, i + 1).or_else(|| opens_operand.then(|| list_end(&tokens, i + 1)));
            if let Some(end) = end {
                let span = t.span;
                out.push(TokenWithSpan::new(Token::make_keyword("SELECT"), span));
                out.push(TokenWithSpan::new(Token::make_word("TRANSFORM", None), span));
                out.push(TokenWithSpan::new(Token::LParen, span));
                close_at.push(end);
                continue;
            }
        }
        out.push(t.clone());
    }
    out
}

/// The index of the token that ends a MAP/REDUCE expression list starting at `from` (USING,
/// ROW FORMAT or RECORDWRITER at the list's depth), if a USING follows at that depth.
fn transform_list_end(tokens: &[TokenWithSpan], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut end = None;
    for (k, t) in tokens.iter().enumerate().skip(from) {
        match &t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
            }
            Token::SemiColon | Token::EOF => return None,
            Token::Word(w) if depth == 0 && w.quote_style.is_none() => {
                let row_format = w.keyword == Keyword::ROW
                    && matches!(&tokens.get(k + 1).map(|t| &t.token), Some(Token::Word(f)) if f.keyword == Keyword::FORMAT);
                let lower = w.value.to_ascii_lowercase();
                if end.is_none() && (row_format || lower == "recordwriter") {
                    end = Some(k);
                }
                if lower == "using" {
                    // An empty list (`MAP USING`) is not a clause.
                    return (k > from).then(|| end.unwrap_or(k));
                }
                if matches!(
                    w.keyword,
                    Keyword::SELECT | Keyword::FROM | Keyword::WHERE | Keyword::INSERT | Keyword::GROUP
                ) {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

/// Where an expression list starting at `from` ends when no USING follows: at the first
/// operand that comes right after another (`REDUCE a, b USIN 'x'` ends before `USIN`), or at
/// the end of the statement or of its bracket.
fn list_end(tokens: &[TokenWithSpan], from: usize) -> usize {
    let operator_word = |w: &sqlparser::tokenizer::Word| {
        matches!(
            w.keyword,
            Keyword::AND
                | Keyword::OR
                | Keyword::NOT
                | Keyword::IS
                | Keyword::IN
                | Keyword::LIKE
                | Keyword::RLIKE
                | Keyword::REGEXP
                | Keyword::BETWEEN
                | Keyword::DIV
                | Keyword::NULL
                | Keyword::CASE
                | Keyword::WHEN
                | Keyword::THEN
                | Keyword::ELSE
                | Keyword::END
        )
    };
    let mut depth = 0usize;
    let mut after_operand = false;
    for (k, t) in tokens.iter().enumerate().skip(from) {
        let operand = match &t.token {
            Token::LParen | Token::LBracket => {
                depth += 1;
                false
            }
            Token::RParen | Token::RBracket if depth == 0 => return k,
            Token::RParen | Token::RBracket => {
                depth -= 1;
                depth == 0
            }
            Token::SemiColon | Token::EOF => return k,
            Token::Word(w) => !operator_word(w),
            Token::Number(..) | Token::SingleQuotedString(_) | Token::DoubleQuotedString(_) => true,
            _ => false,
        };
        if depth == 0 && operand && after_operand && !matches!(t.token, Token::RParen | Token::RBracket) {
            return k;
        }
        if depth == 0 {
            after_operand = operand;
        }
    }
    tokens.len()
}

/// Where a `FROM ...` with nothing after it (sqlparser's FROM-first query without SELECT,
/// which Hive does not have) starts in the statement, if it has one.
pub(super) fn from_without_select(stmt: &Statement) -> Option<sqlparser::tokenizer::Location> {
    use sqlparser::ast::{SelectFlavor, Visit, Visitor};
    use std::ops::ControlFlow;
    struct Find;
    impl Visitor for Find {
        type Break = sqlparser::tokenizer::Location;
        fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<Self::Break> {
            fn body(e: &SetExpr) -> Option<sqlparser::tokenizer::Location> {
                match e {
                    SetExpr::Select(s) if s.flavor == SelectFlavor::FromFirstNoSelect => {
                        Some(s.select_token.0.span.start)
                    }
                    SetExpr::SetOperation { left, right, .. } => body(left).or_else(|| body(right)),
                    _ => None,
                }
            }
            match body(&q.body) {
                Some(at) => ControlFlow::Break(at),
                None => ControlFlow::Continue(()),
            }
        }
    }
    match stmt.visit(&mut Find) {
        ControlFlow::Break(at) => Some(at),
        ControlFlow::Continue(()) => None,
    }
}

/// `CAST(expr AS type)`, the type being one Hive has (see [`parse_hive_type`]).
pub(super) fn parse_cast(p: &mut Parser) -> Result<Expr, ParserError> {
    p.expect_keyword(Keyword::CAST)?;
    p.expect_token(&Token::LParen)?;
    let expr = p.parse_expr()?;
    p.expect_keyword(Keyword::AS)?;
    let data_type = parse_hive_type(p)?;
    p.expect_token(&Token::RParen)?;
    Ok(Expr::Cast {
        kind: sqlparser::ast::CastKind::Cast,
        expr: Box::new(expr),
        data_type,
        array: false,
        format: None,
    })
}
