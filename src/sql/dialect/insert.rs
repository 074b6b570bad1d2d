//! Hive's inserts and data movement: `INSERT OVERWRITE ... IF NOT EXISTS`, FROM-first
//! multi-insert, `INSERT OVERWRITE [LOCAL] DIRECTORY`, `IMPORT` and `EXPORT`.

use super::ddl::{parse_file_format, parse_partition_spec, parse_properties};
#[allow(unused_imports)]
use super::*;

/// Whether an `INSERT OVERWRITE TABLE t [PARTITION (...)]` has Hive's `IF NOT EXISTS` before its query.
pub(super) fn insert_if_not_exists(p: &Parser) -> bool {
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
pub(super) fn parse_insert_if_not_exists(p: &mut Parser) -> Result<Statement, ParserError> {
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

/// `FROM source INSERT ... SELECT ... [INSERT ... SELECT ...]...`: each insert's query gets the
/// shared FROM. One insert is returned as it is; several as a query whose body is a chain of
/// `UNION ALL` over the inserts (see [`multi_insert_branches`]).
pub(super) fn parse_from_first(p: &mut Parser) -> Result<Statement, ParserError> {
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

pub(super) fn add_from(q: &mut Query, from: &[TableWithJoins]) {
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

/// `INSERT OVERWRITE [LOCAL] DIRECTORY 'path' [ROW FORMAT ... [WITH SERDEPROPERTIES (...)]]
/// [STORED AS fmt] query`
pub(super) fn parse_insert_directory(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::INSERT)?;
    p.expect_keyword(Keyword::OVERWRITE)?;
    let local = p.parse_keyword(Keyword::LOCAL);
    p.expect_keyword(Keyword::DIRECTORY)?;
    let path = p.parse_literal_string()?;
    let mut file_format = None;
    loop {
        if p.parse_keyword(Keyword::ROW) {
            p.parse_row_format()?;
            if p.parse_keywords(&[Keyword::WITH, Keyword::SERDEPROPERTIES]) {
                parse_properties(p)?;
            }
        } else if p.parse_keywords(&[Keyword::STORED, Keyword::AS]) {
            file_format = parse_file_format(p)?;
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
pub(super) fn parse_import_export(p: &mut Parser) -> Result<Statement, ParserError> {
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
