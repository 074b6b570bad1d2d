//! The HiveQL dialect pdmctl parses with: sqlparser's Hive dialect, extended where real Hive
//! scripts need more. It reports itself as `HiveDialect`, so every Hive-specific branch inside
//! sqlparser still applies; only the hooks below differ.

use sqlparser::dialect::{Dialect, HiveDialect};
use std::any::TypeId;

#[derive(Debug, Default, Clone, Copy)]
pub struct HiveQl;

const HIVE: HiveDialect = HiveDialect {};

impl Dialect for HiveQl {
    fn dialect(&self) -> TypeId {
        TypeId::of::<HiveDialect>()
    }
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        HIVE.is_delimited_identifier_start(ch)
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        HIVE.is_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        HIVE.is_identifier_part(ch)
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
}
