//! Hive's `percentile` (UDAFPercentile: exact, integers only, linear interpolation between
//! the two nearest ranks at `p × (n - 1)`) and `percentile_approx`
//! (GenericUDAFPercentileApprox: Hive's NumericHistogram with B bins, default 10000, read
//! by its `quantile`, which interpolates inside a bin: exact for up to B distinct values;
//! beyond, Hive merges the closest bins, breaking ties at random, and this merges the first
//! of equal pairs). Both take one percentile or an array of them; NULL inputs are skipped.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, ListArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Float64Type};
use datafusion::common::{exec_err, plan_err, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDF, AggregateUDFImpl, Signature, TypeSignature, Volatility};
use std::sync::Arc;

pub fn functions() -> Vec<AggregateUDF> {
    vec![
        AggregateUDF::new_from_impl(Percentile::new("percentile", &[2], false)),
        AggregateUDF::new_from_impl(Percentile::new("percentile_approx", &[2, 3], true)),
    ]
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Percentile {
    name: &'static str,
    signature: Signature,
    approximate: bool,
}

impl Percentile {
    fn new(name: &'static str, counts: &[usize], approximate: bool) -> Self {
        Percentile {
            name,
            signature: Signature::one_of(
                counts.iter().map(|n| TypeSignature::Any(*n)).collect(),
                Volatility::Immutable,
            ),
            approximate,
        }
    }
}

fn floats() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Float64, true)))
}

impl AggregateUDFImpl for Percentile {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, t: &[DataType]) -> Result<DataType> {
        let numeric = t[0].is_numeric() || t[0] == DataType::Null;
        if !numeric {
            return plan_err!("{}: the column must be a number, got {}", self.name, t[0]);
        }
        if !self.approximate && !t[0].is_integer() && t[0] != DataType::Null {
            return plan_err!(
                "percentile takes integer columns only (Hive's UDAFPercentile), got {}; use percentile_approx",
                t[0]
            );
        }
        Ok(match &t[1] {
            DataType::List(_) => floats(),
            _ => DataType::Float64,
        })
    }
    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![
            Arc::new(Field::new(format!("{}_values", args.name), floats(), true)),
            Arc::new(Field::new(format!("{}_percentiles", args.name), floats(), true)),
            Arc::new(Field::new(format!("{}_bins", args.name), DataType::Float64, true)),
        ])
    }
    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(PercentileAccumulator {
            approximate: self.approximate,
            array_result: matches!(args.return_field.data_type(), DataType::List(_)),
            values: Vec::new(),
            percentiles: None,
            bins: 10_000.0,
        }))
    }
}

#[derive(Debug)]
struct PercentileAccumulator {
    approximate: bool,
    array_result: bool,
    values: Vec<f64>,
    percentiles: Option<Vec<f64>>,
    bins: f64,
}

fn list_values(a: &ArrayRef, i: usize) -> Result<Vec<f64>> {
    let l = a.as_list::<i32>();
    let v = super::casts::cast_array(&l.value(i), &DataType::Float64)?;
    Ok(v.as_primitive::<Float64Type>().iter().flatten().collect())
}

impl PercentileAccumulator {
    fn set_percentiles(&mut self, p: &ArrayRef) -> Result<()> {
        if self.percentiles.is_some() || p.is_empty() || p.is_null(0) {
            return Ok(());
        }
        let ps = match p.data_type() {
            DataType::List(_) => list_values(p, 0)?,
            _ => {
                let v = super::casts::cast_array(p, &DataType::Float64)?;
                vec![v.as_primitive::<Float64Type>().value(0)]
            }
        };
        if let Some(bad) = ps.iter().find(|p| !(0.0..=1.0).contains(*p)) {
            return exec_err!("percentile {bad}: percentiles must be between 0 and 1");
        }
        self.percentiles = Some(ps);
        Ok(())
    }

    fn exact(&self, sorted: &[f64], p: f64) -> f64 {
        let position = (sorted.len() - 1) as f64 * p;
        let (lower, higher) = (position.floor(), position.ceil());
        let (lo, hi) = (sorted[lower as usize], sorted[higher as usize]);
        if lower == higher || lo == hi {
            return lo;
        }
        (higher - position) * lo + (position - lower) * hi
    }

    fn histogram(&self, sorted: &[f64]) -> Vec<(f64, f64)> {
        let mut bins: Vec<(f64, f64)> = Vec::new();
        for &v in sorted {
            match bins.last_mut() {
                Some(last) if last.0 == v => last.1 += 1.0,
                _ => bins.push((v, 1.0)),
            }
        }
        let limit = self.bins.max(1.0) as usize;
        while bins.len() > limit {
            let (mut at, mut smallest) = (0, f64::INFINITY);
            for i in 0..bins.len() - 1 {
                let d = bins[i + 1].0 - bins[i].0;
                if d < smallest {
                    smallest = d;
                    at = i;
                }
            }
            let (a, b) = (bins[at], bins[at + 1]);
            let y = a.1 + b.1;
            bins[at] = (a.0 * (a.1 / y) + b.0 / y * b.1, y);
            bins.remove(at + 1);
        }
        bins
    }

    fn quantile(bins: &[(f64, f64)], q: f64) -> f64 {
        let sum: f64 = bins.iter().map(|b| b.1).sum();
        let mut csum = 0.0;
        for (b, bin) in bins.iter().enumerate() {
            csum += bin.1;
            if csum / sum >= q {
                if b == 0 {
                    return bin.0;
                }
                // The share of the bin below q, as Hive computes it.
                let below = (csum - bin.1) / sum;
                let t = (q - below) / (bin.1 / sum);
                return bins[b - 1].0 + t * (bin.0 - bins[b - 1].0);
            }
        }
        bins.last().map(|b| b.0).unwrap_or(f64::NAN)
    }
}

impl Accumulator for PercentileAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.set_percentiles(&values[1])?;
        if let Some(b) = values.get(2) {
            let b = super::casts::cast_array(b, &DataType::Float64)?;
            if let Some(v) = b.as_primitive::<Float64Type>().iter().flatten().next() {
                self.bins = v;
            }
        }
        let v = super::casts::cast_array(&values[0], &DataType::Float64)?;
        self.values.extend(v.as_primitive::<Float64Type>().iter().flatten());
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let ps = self.percentiles.clone().unwrap_or_default();
        if self.values.is_empty() || ps.is_empty() {
            return Ok(if self.array_result {
                ScalarValue::List(Arc::new(ListArray::new_null(
                    Arc::new(Field::new_list_field(DataType::Float64, true)),
                    1,
                )))
            } else {
                ScalarValue::Float64(None)
            });
        }
        let mut sorted = self.values.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let results: Vec<f64> = if self.approximate {
            let bins = self.histogram(&sorted);
            ps.iter().map(|p| Self::quantile(&bins, *p)).collect()
        } else {
            ps.iter().map(|p| self.exact(&sorted, *p)).collect()
        };
        Ok(if self.array_result {
            ScalarValue::List(Arc::new(ListArray::from_iter_primitive::<Float64Type, _, _>(vec![
                Some(results.into_iter().map(Some).collect::<Vec<_>>()),
            ])))
        } else {
            ScalarValue::Float64(Some(results[0]))
        })
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.values.capacity() * 8
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let list = |v: Vec<f64>| {
            ScalarValue::List(Arc::new(ListArray::from_iter_primitive::<Float64Type, _, _>(vec![
                Some(v.into_iter().map(Some).collect::<Vec<_>>()),
            ])))
        };
        Ok(vec![
            list(std::mem::take(&mut self.values)),
            match &self.percentiles {
                Some(p) => list(p.clone()),
                None => ScalarValue::List(Arc::new(ListArray::new_null(
                    Arc::new(Field::new_list_field(DataType::Float64, true)),
                    1,
                ))),
            },
            ScalarValue::Float64(Some(self.bins)),
        ])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        for i in 0..states[0].len() {
            if !states[0].is_null(i) {
                self.values.extend(list_values(&states[0], i)?);
            }
            if self.percentiles.is_none() && !states[1].is_null(i) {
                self.percentiles = Some(list_values(&states[1], i)?);
            }
            let bins = states[2].as_primitive::<Float64Type>();
            if !bins.is_null(i) {
                self.bins = bins.value(i);
            }
        }
        Ok(())
    }
}
