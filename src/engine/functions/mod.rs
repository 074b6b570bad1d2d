//! Hive's built-in functions, with Hive 3.1's semantics (as EMR 6 runs it), as DataFusion
//! UDFs and UDAFs. One file per family: `casts` (CAST and the implicit conversions),
//! `math`, `strings`, `regex` (Java's regex dialect), `json` (get_json_object, json_tuple),
//! `dates` (with `simple_date_format`, Java's SimpleDateFormat), `collections` (arrays, maps,
//! the generators behind LATERAL VIEW) and `aggregates` (percentile, percentile_approx).
//!
//! Registering a name DataFusion already has (concat, regexp_replace, round, floor, ...)
//! replaces DataFusion's version: Hive's differs. Names starting `pdm_` are internal: the
//! rewrite of `hive_sql` calls them; HQL never names them.

mod aggregates;
mod casts;
mod collections;
mod dates;
mod json;
mod math;
mod regex;
mod simple_date_format;
mod strings;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    AggregateUDF, ColumnarValue, Expr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    TypeSignature, Volatility,
};
use std::sync::Arc;

pub use casts::{hive_type_name, CAST};
pub use collections::{ENTRIES, INDEX, OUTER_ARRAY, POSITIONS, SKIP_NULLS};
pub use json::JSON_FIELD;
pub use math::{DIVIDE, INTEGER_DIVIDE, NUMERIC};
pub use regex::RLIKE;
pub use strings::{hive_substr, SUBSTR};

/// Every scalar function this module provides.
pub fn hive_functions() -> Vec<ScalarUDF> {
    let mut all = Vec::new();
    all.extend(casts::functions());
    all.extend(math::functions());
    all.extend(strings::functions());
    all.extend(regex::functions());
    all.extend(json::functions());
    all.extend(dates::functions());
    all.extend(collections::functions());
    all
}

/// Hive's CAST, for the rules that convert on the typed plan.
pub fn cast_function() -> ScalarUDF {
    casts::functions().remove(0)
}

/// Every aggregate function this module provides.
pub fn hive_aggregates() -> Vec<AggregateUDF> {
    aggregates::functions()
}

/// What an evaluation knows besides its arguments.
pub struct Call<'a> {
    pub rows: usize,
    pub returns: &'a DataType,
}

type Eval = fn(&[ArrayRef], &Call) -> Result<ArrayRef>;
/// The result type from the argument types and the arguments that are literals.
type ReturnType = fn(&[DataType], &[Option<&ScalarValue>]) -> Result<DataType>;
/// Replaces a call by a plain expression once the argument types are known (or keeps it).
type Simplify = fn(Vec<Expr>, &[DataType]) -> Result<ExprSimplifyResult>;

/// A Hive function: a name, how many arguments, its result type and a column-wise evaluation.
#[derive(Debug)]
struct HiveFunction {
    name: &'static str,
    signature: Signature,
    return_type: ReturnType,
    eval: Eval,
    simplify: Option<Simplify>,
}

// Names are unique, so they are the identity (function pointers make no stable identity).
impl PartialEq for HiveFunction {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for HiveFunction {}
impl std::hash::Hash for HiveFunction {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state)
    }
}

impl ScalarUDFImpl for HiveFunction {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        (self.return_type)(arg_types, &vec![None; arg_types.len()])
    }
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args.arg_fields.iter().map(|f| f.data_type().clone()).collect();
        let t = (self.return_type)(&types, args.scalar_arguments)?;
        Ok(Arc::new(Field::new(self.name, t, true)))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let call = Call {
            rows: args.number_rows,
            returns: args.return_field.data_type(),
        };
        Ok(ColumnarValue::Array((self.eval)(&arrays, &call)?))
    }
    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        let Some(simplify) = self.simplify else {
            return Ok(ExprSimplifyResult::Original(args));
        };
        let types = args.iter().map(|a| info.get_data_type(a)).collect::<Result<Vec<_>>>();
        match types {
            Ok(types) => simplify(args, &types),
            Err(_) => Ok(ExprSimplifyResult::Original(args)),
        }
    }
}

/// How many arguments a function takes.
enum Arity<'a> {
    Exactly(&'a [usize]),
    AtLeastOne,
}

fn make(
    name: &'static str,
    arity: Arity,
    return_type: ReturnType,
    eval: Eval,
    simplify: Option<Simplify>,
) -> ScalarUDF {
    let signature = match arity {
        Arity::Exactly(counts) => Signature::one_of(
            counts.iter().map(|n| TypeSignature::Any(*n)).collect(),
            Volatility::Immutable,
        ),
        Arity::AtLeastOne => Signature::variadic_any(Volatility::Immutable),
    };
    ScalarUDF::new_from_impl(HiveFunction {
        name,
        signature,
        return_type,
        eval,
        simplify,
    })
}

fn function(name: &'static str, counts: &[usize], return_type: ReturnType, eval: Eval) -> ScalarUDF {
    make(name, Arity::Exactly(counts), return_type, eval, None)
}

fn variadic(name: &'static str, return_type: ReturnType, eval: Eval) -> ScalarUDF {
    make(name, Arity::AtLeastOne, return_type, eval, None)
}

// ----- result types -----

fn utf8(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(DataType::Utf8)
}
fn int32(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(DataType::Int32)
}
fn int64(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(DataType::Int64)
}
fn float64(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(DataType::Float64)
}
fn boolean(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(DataType::Boolean)
}
fn date32(_: &[DataType], _: &[Option<&ScalarValue>]) -> Result<DataType> {
    Ok(DataType::Date32)
}
fn list_of(t: DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(t, true)))
}

// ----- argument access -----

/// The arguments as Hive's text (numbers, dates and timestamps as Hive prints them).
fn string_args(args: &[ArrayRef]) -> Result<Vec<StringArray>> {
    args.iter()
        .map(|a| Ok(casts::to_text(a)?.as_string::<i32>().clone()))
        .collect()
}

/// Row `i` of an argument, or row 0 of a one-row array when the argument was a literal.
fn row(len: usize, i: usize) -> usize {
    if len == 1 {
        0
    } else {
        i
    }
}

fn str_at(a: &StringArray, i: usize) -> Option<&str> {
    let i = row(a.len(), i);
    (!a.is_null(i)).then(|| a.value(i))
}

/// The arguments as BIGINT, as Hive converts them (text '2' is 2, 2.7 is 2).
fn int_args(args: &[ArrayRef]) -> Result<Vec<Int64Array>> {
    args.iter()
        .map(|a| {
            Ok(casts::cast_array(a, &DataType::Int64)?
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .clone())
        })
        .collect()
}

fn int_at(a: &Int64Array, i: usize) -> Option<i64> {
    let i = row(a.len(), i);
    (!a.is_null(i)).then(|| a.value(i))
}

fn float_at(a: &datafusion::arrow::array::Float64Array, i: usize) -> Option<f64> {
    let i = row(a.len(), i);
    (!a.is_null(i)).then(|| a.value(i))
}

/// Strings of a row-wise function, NULL where `f` gives None.
fn map_strings(args: &[ArrayRef], rows: usize, f: impl Fn(&[Option<&str>]) -> Option<String>) -> Result<ArrayRef> {
    let cols = string_args(args)?;
    let mut values: Vec<Option<&str>> = Vec::with_capacity(cols.len());
    let out: StringArray = (0..rows)
        .map(|i| {
            values.clear();
            values.extend(cols.iter().map(|c| str_at(c, i)));
            f(&values)
        })
        .collect();
    Ok(Arc::new(out))
}

/// A literal string argument (a pattern, a unit) given at planning time.
fn literal_str<'a>(scalars: &[Option<&'a ScalarValue>], i: usize) -> Option<&'a str> {
    match scalars.get(i).copied().flatten() {
        Some(ScalarValue::Utf8(Some(s)) | ScalarValue::LargeUtf8(Some(s)) | ScalarValue::Utf8View(Some(s))) => Some(s),
        _ => None,
    }
}
