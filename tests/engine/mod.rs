//! The embedded engine on its own: Hive's function and query semantics (the differential
//! table) and the JSON SerDes, through the same path as `pdmctl query local`.

mod hive_semantics;
mod serde;
