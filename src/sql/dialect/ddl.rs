//! Hive DDL: column types (`ARRAY`, `MAP`, `STRUCT`, `UNIONTYPE`), `CREATE TABLE|VIEW|DATABASE`
//! with every Hive clause, and `ALTER TABLE|VIEW`.

#[allow(unused_imports)]
use super::*;

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
        // Presto's and Trino's `ROW(name type, ...)`: Hive's is `STRUCT<name:type, ...>`.
        "row" if p.peek_nth_token_ref(1).token == Token::LParen => {
            p.expected("a Hive type (STRUCT<...> for a row)", p.peek_token())
        }
        _ => p.parse_data_type(),
    }
}

/// `name type [COMMENT 's'] [constraint words]`; the type is optional where Hive allows
/// names alone (partitioned CTAS, views).
pub(super) fn parse_column(p: &mut Parser, type_optional: bool) -> Result<ColumnDef, ParserError> {
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
pub(super) fn parse_column_list(p: &mut Parser, type_optional: bool) -> Result<Vec<ColumnDef>, ParserError> {
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
        } else if !parse_lone_variable(p, &[Token::Comma, Token::RParen]) {
            // A lone variable stands for one or more columns (`PARTITIONED BY (${cols})`).
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
pub(super) fn parse_properties(p: &mut Parser) -> Result<Vec<sqlparser::ast::SqlOption>, ParserError> {
    p.expect_token(&Token::LParen)?;
    let options = p.parse_comma_separated(|p| {
        // `TBLPROPERTIES (${props})`: the variable stands for one or more entries.
        if is_variable(p.peek_token_ref()) && matches!(p.peek_nth_token_ref(1).token, Token::Comma | Token::RParen) {
            let var = p.parse_identifier()?;
            return Ok(sqlparser::ast::SqlOption::Ident(var));
        }
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
pub(super) fn parse_partition_spec(p: &mut Parser) -> Result<(), ParserError> {
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
pub(super) fn parse_skewed(p: &mut Parser) -> Result<(), ParserError> {
    p.expect_keyword(Keyword::BY)?;
    p.parse_parenthesized_column_list(sqlparser::parser::IsOptional::Mandatory, false)?;
    p.expect_keyword(Keyword::ON)?;
    p.expect_token(&Token::LParen)?;
    p.parse_comma_separated(Parser::parse_expr)?;
    p.expect_token(&Token::RParen)?;
    // `STORED AS DIRECTORIES` belongs to the skew (list bucketing); any other `STORED AS` is
    // the table's format and is left to the caller.
    if p.peek_keyword(Keyword::STORED)
        && p.peek_nth_token_ref(1).token == Token::make_keyword("AS")
        && is_word(p.peek_nth_token_ref(2), "directories")
    {
        p.advance_token();
        p.advance_token();
        p.advance_token();
    }
    Ok(())
}

/// A `STORED AS` format: sqlparser's names, Hive's older `ORCFILE`, `PARQUETFILE` and
/// `AVROFILE`, or a variable (`STORED AS ${FILE}`, as the TPC-DS-on-Hive DDL has), whose
/// format is known only once Hive substitutes it (`None`).
pub(super) fn parse_file_format(p: &mut Parser) -> Result<Option<sqlparser::ast::FileFormat>, ParserError> {
    use sqlparser::ast::FileFormat;
    if is_variable(p.peek_token_ref()) {
        p.advance_token();
        return Ok(None);
    }
    let alias = match word_lower(&p.peek_token_ref().token).as_str() {
        "orcfile" => Some(FileFormat::ORC),
        "parquetfile" => Some(FileFormat::PARQUET),
        "avrofile" => Some(FileFormat::AVRO),
        _ => None,
    };
    if let Some(format) = alias {
        p.advance_token();
        return Ok(Some(format));
    }
    p.parse_file_format().map(Some)
}

/// `CLUSTERED BY (cols) [SORTED BY (col [ASC|DESC], ...)] INTO n BUCKETS`, where n may be a
/// variable (`INTO ${BUCKETS} BUCKETS`).
pub(super) fn parse_clustered_by(p: &mut Parser) -> Result<sqlparser::ast::ClusteredBy, ParserError> {
    p.expect_keywords(&[Keyword::CLUSTERED, Keyword::BY])?;
    let columns = p.parse_parenthesized_column_list(sqlparser::parser::IsOptional::Mandatory, false)?;
    let sorted_by = if p.parse_keywords(&[Keyword::SORTED, Keyword::BY]) {
        p.expect_token(&Token::LParen)?;
        let sorted = p.parse_comma_separated(Parser::parse_order_by_expr)?;
        p.expect_token(&Token::RParen)?;
        Some(sorted)
    } else {
        None
    };
    p.expect_keyword(Keyword::INTO)?;
    let num_buckets = if is_variable(p.peek_token_ref()) {
        Value::Placeholder(p.next_token().token.to_string())
    } else {
        p.parse_number_value()?.value
    };
    p.expect_keyword(Keyword::BUCKETS)?;
    Ok(sqlparser::ast::ClusteredBy {
        columns,
        sorted_by,
        num_buckets,
    })
}

/// `STORED AS fmt | STORED AS INPUTFORMAT 'i' OUTPUTFORMAT 'o' | STORED BY 'handler'`, after STORED.
pub(super) fn parse_stored(p: &mut Parser, hive: &mut HiveFormat) -> Result<(), ParserError> {
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
    } else if let Some(format) = parse_file_format(p)? {
        hive.storage = Some(HiveIOFormat::FileFormat { format });
    }
    Ok(())
}

/// `CREATE [TEMPORARY] [EXTERNAL|TRANSACTIONAL|MANAGED] TABLE [IF NOT EXISTS] name
/// [LIKE other | (columns)] [COMMENT] [PARTITIONED BY] [CLUSTERED BY ... INTO n BUCKETS]
/// [SKEWED BY] [ROW FORMAT] [STORED AS|BY] [WITH SERDEPROPERTIES] [LOCATION] [TBLPROPERTIES]
/// [AS query]`; clauses are accepted in any order.
pub(super) fn parse_create_table(p: &mut Parser) -> Result<Statement, ParserError> {
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
            b = b.clustered_by(Some(parse_clustered_by(p)?));
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
/// [PARTITIONED ON (cols)] [TBLPROPERTIES (...)] AS query`
pub(super) fn parse_create_view(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    let or_replace = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
    p.expect_keyword(Keyword::VIEW)?;
    create_view_rest(p, or_replace, false)
}

/// `CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [DISABLE REWRITE] [COMMENT 's']
/// [PARTITIONED ON (cols)] [CLUSTERED ON (cols) | DISTRIBUTED ON (cols) [SORTED ON (cols)]]
/// [ROW FORMAT ...] [STORED AS|BY ...] [LOCATION 'path'] [TBLPROPERTIES (...)] AS query`
/// (Hive 3). The storage clauses are checked; the view keeps its name, comment and query.
pub(super) fn parse_create_materialized_view(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keyword(Keyword::CREATE)?;
    p.expect_keywords(&[Keyword::MATERIALIZED, Keyword::VIEW])?;
    create_view_rest(p, false, true)
}

fn create_view_rest(p: &mut Parser, or_replace: bool, materialized: bool) -> Result<Statement, ParserError> {
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
    let on_columns = |p: &mut Parser| {
        p.expect_keyword(Keyword::ON)?;
        p.parse_parenthesized_column_list(sqlparser::parser::IsOptional::Mandatory, false)
    };
    loop {
        if p.parse_keyword(Keyword::COMMENT) {
            comment = Some(p.parse_literal_string()?);
        } else if p.parse_keyword(Keyword::TBLPROPERTIES) {
            options = CreateTableOptions::TableProperties(parse_properties(p)?);
        } else if p.parse_keyword(Keyword::PARTITIONED) {
            // The view's partition columns: the last columns of its query.
            on_columns(p)?;
        } else if materialized && (parse_word(p, "disable") || parse_word(p, "enable")) {
            expect_word(p, "rewrite")?;
        } else if materialized
            && (p.parse_keyword(Keyword::CLUSTERED) || parse_word(p, "distributed") || p.parse_keyword(Keyword::SORTED))
        {
            on_columns(p)?;
        } else if materialized && p.parse_keyword(Keyword::ROW) {
            p.parse_row_format()?;
            if p.parse_keywords(&[Keyword::WITH, Keyword::SERDEPROPERTIES]) {
                parse_properties(p)?;
            }
        } else if materialized && p.parse_keyword(Keyword::STORED) {
            parse_stored(p, &mut HiveFormat::default())?;
        } else if materialized && p.parse_keyword(Keyword::LOCATION) {
            p.parse_literal_string()?;
        } else {
            break;
        }
    }
    p.expect_keyword(Keyword::AS)?;
    let query = p.parse_query()?;
    Ok(Statement::CreateView(CreateView {
        or_alter: false,
        or_replace,
        materialized,
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
pub(super) fn parse_create_database(p: &mut Parser) -> Result<Statement, ParserError> {
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
pub(super) fn parse_alter(p: &mut Parser) -> Result<Statement, ParserError> {
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

/// `ALTER MATERIALIZED VIEW name ENABLE|DISABLE REWRITE | REBUILD` (Hive 3): an opaque
/// statement that changes the view.
pub(super) fn parse_alter_materialized_view(p: &mut Parser) -> Result<Statement, ParserError> {
    let start = p.next_token().span;
    p.expect_keywords(&[Keyword::MATERIALIZED, Keyword::VIEW])?;
    let name = p.parse_object_name(false)?;
    if parse_word(p, "enable") || parse_word(p, "disable") {
        expect_word(p, "rewrite")?;
    } else if !parse_word(p, "rebuild") {
        return p.expected("REBUILD, ENABLE REWRITE or DISABLE REWRITE", p.peek_token());
    }
    Ok(opaque_writing("ALTER MATERIALIZED VIEW", start, Some(name)))
}

/// `TRUNCATE [TABLE] name [PARTITION (spec)] [COLUMNS (cols)]`: sqlparser's TRUNCATE plus
/// Hive's column truncation (RCFile tables), which empties columns of the same table.
pub(super) fn parse_truncate(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token();
    let truncate = p.parse_truncate()?;
    if parse_word(p, "columns") {
        p.parse_parenthesized_column_list(sqlparser::parser::IsOptional::Mandatory, false)?;
    }
    Ok(Statement::Truncate(truncate))
}
