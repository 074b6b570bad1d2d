//! Arrays and maps: `size` (-1 for NULL), `a[i]` (0-based; a map's `m[k]` by key; out of
//! range is NULL), `sort_array` (ascending, NULLs first), and the internal pieces the
//! rewrite builds Hive's generators from: the NULL-free array of `collect_list`/
//! `collect_set`, `explode` OUTER's `[NULL]`, a map's entries and `posexplode`'s positions.

use super::casts::to_text;
use super::{function, int32, Call};
use datafusion::arrow::array::{
    make_array, new_null_array, Array, ArrayRef, AsArray, Int32Array, ListArray, MutableArrayData, StructArray,
    UInt64Array,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::{sort_to_indices, take, SortOptions};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{exec_err, plan_err, Result, ScalarValue};
use datafusion::logical_expr::ScalarUDF;
use std::sync::Arc;

/// `a[i]` and `m[k]`.
pub const INDEX: &str = "pdm_index";
/// `collect_list(x)` is `pdm_skip_nulls(array_agg(x))`.
pub const SKIP_NULLS: &str = "pdm_skip_nulls";
/// A NULL or empty array becomes `[NULL]`, so unnest keeps the row, as Hive's OUTER does.
pub const OUTER_ARRAY: &str = "pdm_outer_array";
/// A map as an array of `{key, value}` structs (explode of a map).
pub const ENTRIES: &str = "pdm_entries";
/// An array as an array of `{pos, val}` structs (posexplode).
pub const POSITIONS: &str = "pdm_positions";

pub fn functions() -> Vec<ScalarUDF> {
    vec![
        function("size", &[1], int32, size),
        function(INDEX, &[2], index_type, index),
        function(SKIP_NULLS, &[1], same_list, skip_nulls),
        function(OUTER_ARRAY, &[1], same_list, outer_array),
        function(ENTRIES, &[1], entries_type, entries),
        function(POSITIONS, &[1], positions_type, positions),
        function("sort_array", &[1], same_list, sort_array),
    ]
}

fn same_list(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    match &t[0] {
        l @ DataType::List(_) => Ok(l.clone()),
        DataType::Null => Ok(super::list_of(DataType::Utf8)),
        other => plan_err!("an array is needed here, got {other}"),
    }
}

fn size(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let a = &args[0];
    let out: Int32Array = match a.data_type() {
        DataType::List(_) => {
            let l = a.as_list::<i32>();
            (0..call.rows)
                .map(|i| Some(if l.is_null(i) { -1 } else { l.value_length(i) }))
                .collect()
        }
        DataType::Map(_, _) => {
            let m = a.as_map();
            (0..call.rows)
                .map(|i| Some(if m.is_null(i) { -1 } else { m.value_length(i) }))
                .collect()
        }
        DataType::Null => (0..call.rows).map(|_| Some(-1)).collect(),
        other => return exec_err!("size() needs an array or a map, got {other}"),
    };
    Ok(Arc::new(out))
}

fn index_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    match &t[0] {
        DataType::List(f) => Ok(f.data_type().clone()),
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(fields) if fields.len() == 2 => Ok(fields[1].data_type().clone()),
            other => plan_err!("map entries of type {other}"),
        },
        DataType::Null => Ok(DataType::Null),
        other => plan_err!("[] on a {other}: Hive indexes arrays and maps only"),
    }
}

fn index(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let (c, key) = (&args[0], &args[1]);
    let row = |i: usize| super::row(c.len(), i);
    let krow = |i: usize| super::row(key.len(), i);
    match c.data_type() {
        DataType::List(_) => {
            let list = c.as_list::<i32>();
            let k = super::casts::cast_array(key, &DataType::Int64)?;
            let k = k.as_primitive::<datafusion::arrow::datatypes::Int64Type>();
            let picks: UInt64Array = (0..call.rows)
                .map(|i| {
                    let (r, kr) = (row(i), krow(i));
                    if list.is_null(r) || k.is_null(kr) {
                        return None;
                    }
                    let n = k.value(kr);
                    (n >= 0 && n < list.value_length(r) as i64).then(|| (list.value_offsets()[r] as i64 + n) as u64)
                })
                .collect();
            Ok(take(list.values().as_ref(), &picks, None)?)
        }
        DataType::Map(_, _) => {
            let map = c.as_map();
            let keys = to_text(map.keys())?;
            let keys = keys.as_string::<i32>();
            let wanted = to_text(key)?;
            let wanted = wanted.as_string::<i32>();
            let picks: UInt64Array = (0..call.rows)
                .map(|i| {
                    let (r, kr) = (row(i), krow(i));
                    if map.is_null(r) || wanted.is_null(kr) {
                        return None;
                    }
                    let (start, end) = (map.value_offsets()[r] as usize, map.value_offsets()[r + 1] as usize);
                    // A later duplicate key wins, as in a Java map.
                    (start..end)
                        .rev()
                        .find(|&j| keys.value(j) == wanted.value(kr))
                        .map(|j| j as u64)
                })
                .collect();
            Ok(take(map.values().as_ref(), &picks, None)?)
        }
        DataType::Null => Ok(new_null_array(&DataType::Null, call.rows)),
        other => exec_err!("[] on a {other}"),
    }
}

/// Rebuilds a list array keeping the values `keep` selects; with `fill_empty`, a row left
/// empty (or NULL) holds one NULL.
fn rebuild(list: &ListArray, keep: impl Fn(&ArrayRef, usize) -> bool, fill_empty: bool) -> Result<ArrayRef> {
    let values = list.values().to_data();
    let all = list.values();
    let mut data = MutableArrayData::new(vec![&values], true, values.len() + list.len());
    let mut lengths = Vec::with_capacity(list.len());
    for i in 0..list.len() {
        let (start, end) = (list.value_offsets()[i] as usize, list.value_offsets()[i + 1] as usize);
        let mut n = 0;
        if !list.is_null(i) {
            for j in start..end {
                if keep(all, j) {
                    data.try_extend(0, j, j + 1)?;
                    n += 1;
                }
            }
        }
        if n == 0 && fill_empty {
            data.try_extend_nulls(1)?;
            n = 1;
        }
        lengths.push(n);
    }
    let DataType::List(field) = list.data_type() else {
        unreachable!("a list")
    };
    Ok(Arc::new(ListArray::new(
        Arc::new(field.as_ref().clone().with_nullable(true)),
        OffsetBuffer::from_lengths(lengths),
        make_array(data.freeze()),
        None,
    )))
}

fn as_list(a: &ArrayRef, returns: &DataType) -> Result<ListArray> {
    Ok(match a.data_type() {
        DataType::List(_) => a.as_list::<i32>().clone(),
        _ => new_null_array(returns, a.len()).as_list::<i32>().clone(),
    })
}

fn skip_nulls(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    rebuild(&as_list(&args[0], call.returns)?, |v, j| !v.is_null(j), false)
}

fn outer_array(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    rebuild(&as_list(&args[0], call.returns)?, |_, _| true, true)
}

fn entries_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    match &t[0] {
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(fields) => Ok(super::list_of(DataType::Struct(Fields::from(vec![
                Field::new("key", fields[0].data_type().clone(), true),
                Field::new("value", fields[1].data_type().clone(), true),
            ])))),
            other => plan_err!("map entries of type {other}"),
        },
        other => {
            plan_err!("LATERAL VIEW explode with 2 column(s) of a {other}: Hive explodes only a map into (key, value)")
        }
    }
}

fn entries(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let map = args[0].as_map();
    let DataType::List(field) = call.returns else {
        unreachable!("a list")
    };
    let DataType::Struct(fields) = field.data_type() else {
        unreachable!("structs")
    };
    let e = map.entries();
    let structs = StructArray::new(fields.clone(), vec![e.column(0).clone(), e.column(1).clone()], None);
    Ok(Arc::new(ListArray::new(
        field.clone(),
        map.offsets().clone(),
        Arc::new(structs),
        map.nulls().cloned(),
    )))
}

fn positions_type(t: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    match &t[0] {
        DataType::List(f) => Ok(super::list_of(DataType::Struct(Fields::from(vec![
            Field::new("pos", DataType::Int32, true),
            Field::new("val", f.data_type().clone(), true),
        ])))),
        other => plan_err!("posexplode needs an array, got {other}"),
    }
}

fn positions(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let list = args[0].as_list::<i32>();
    let DataType::List(field) = call.returns else {
        unreachable!("a list")
    };
    let DataType::Struct(fields) = field.data_type() else {
        unreachable!("structs")
    };
    let pos: Int32Array = (0..list.len())
        .flat_map(|i| {
            let n = if list.is_null(i) { 0 } else { list.value_length(i) };
            (0..n).map(Some)
        })
        .collect();
    let (first, last) = (
        list.value_offsets()[0] as usize,
        *list.value_offsets().last().unwrap_or(&0) as usize,
    );
    let values = list.values().slice(first, last - first);
    let structs = StructArray::new(fields.clone(), vec![Arc::new(pos) as ArrayRef, values], None);
    let lengths = (0..list.len()).map(|i| {
        if list.is_null(i) {
            0
        } else {
            list.value_length(i) as usize
        }
    });
    Ok(Arc::new(ListArray::new(
        field.clone(),
        OffsetBuffer::from_lengths(lengths),
        Arc::new(structs),
        list.nulls().cloned(),
    )))
}

fn sort_array(args: &[ArrayRef], call: &Call) -> Result<ArrayRef> {
    let list = as_list(&args[0], call.returns)?;
    let values = list.values();
    let mut picks: Vec<u64> = Vec::with_capacity(values.len());
    for i in 0..list.len() {
        if list.is_null(i) {
            continue;
        }
        let (start, end) = (list.value_offsets()[i] as usize, list.value_offsets()[i + 1] as usize);
        let slice = values.slice(start, end - start);
        let order = sort_to_indices(
            &slice,
            Some(SortOptions {
                descending: false,
                nulls_first: true,
            }),
            None,
        )?;
        picks.extend(order.values().iter().map(|j| (start + *j as usize) as u64));
    }
    let sorted = take(values.as_ref(), &UInt64Array::from(picks), None)?;
    let DataType::List(field) = list.data_type() else {
        unreachable!("a list")
    };
    let lengths = (0..list.len()).map(|i| {
        if list.is_null(i) {
            0
        } else {
            list.value_length(i) as usize
        }
    });
    Ok(Arc::new(ListArray::new(
        field.clone(),
        OffsetBuffer::from_lengths(lengths),
        sorted,
        list.nulls().cloned(),
    )))
}
