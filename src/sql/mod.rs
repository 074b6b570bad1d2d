//! Hive SQL: the dialect pdmctl parses with ([`dialect`]), the text pass that runs before its
//! tokenizer ([`text`]), the analysis of rendered files: statements, tables created,
//! written and read ([`analyse`]), and the SerDe a table declares in its ROW FORMAT ([`row_format`]).
//!
//! May use: `error`, `bundle` (the files it analyses), `render::source_map` (positions in the
//! template). Used by `plan`, `lint`, and the engine.

pub mod analyse;
pub mod dialect;
pub mod row_format;
pub mod text;
