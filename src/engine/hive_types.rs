//! Hive's implicit conversions that need the operands' types, as a DataFusion analyzer rule
//! that runs before DataFusion's own type coercion:
//!
//! - a comparison (`= <> < <= > >=`, `IN`, `BETWEEN`) of text with a number compares both
//!   as DOUBLE (GenericUDFBaseCompare; DataFusion would compare them as text, so `'10' > 9`
//!   would be false).
//!
//! - a UNION of text and numbers in one column is text (FunctionRegistry.
//!   getCommonClassForUnionAll, Hive 2.2+): the numbers become Hive's text of them (DataFusion
//!   would make the column a number and the text NULL).
//!
//! What the AST alone decides (casts, division, text in arithmetic) is in `hive_sql`.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, DFSchema, Result};
use datafusion::logical_expr::expr::InList;
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::utils::merge_schema;
use datafusion::logical_expr::{lit, Projection, ScalarUDF, Union};
use datafusion::logical_expr::{Between, BinaryExpr, Expr, ExprSchemable, LogicalPlan, Operator, TryCast};
use datafusion::optimizer::AnalyzerRule;
use std::sync::Arc;

#[derive(Debug)]
pub struct HiveConversions {
    /// Hive's CAST (functions::CAST), for the text of numbers.
    cast: Arc<ScalarUDF>,
}

impl HiveConversions {
    pub fn new(cast: ScalarUDF) -> Self {
        HiveConversions { cast: Arc::new(cast) }
    }

    fn widen_union(&self, plan: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
        let LogicalPlan::Union(union) = plan else {
            return Ok(Transformed::no(plan));
        };
        let width = union.schema.fields().len();
        let text_columns: Vec<usize> = (0..width)
            .filter(|&i| {
                let types: Vec<&DataType> = union
                    .inputs
                    .iter()
                    .filter_map(|p| p.schema().fields().get(i).map(|f| f.data_type()))
                    .collect();
                types.iter().any(|t| is_text(t)) && types.iter().any(|t| is_number(t))
            })
            .collect();
        if text_columns.is_empty() {
            return Ok(Transformed::no(LogicalPlan::Union(union)));
        }
        let inputs = union
            .inputs
            .iter()
            .map(|input| {
                let exprs: Vec<Expr> = input
                    .schema()
                    .iter()
                    .enumerate()
                    .map(|(i, (qualifier, field))| {
                        let column = Expr::Column(Column::from((qualifier, field)));
                        if text_columns.contains(&i) && is_number(field.data_type()) {
                            self.cast.call(vec![column, lit("string")]).alias(field.name())
                        } else {
                            column
                        }
                    })
                    .collect();
                Ok(Arc::new(LogicalPlan::Projection(Projection::try_new(
                    exprs,
                    input.clone(),
                )?)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Transformed::yes(LogicalPlan::Union(Union::try_new_with_loose_types(
            inputs,
        )?)))
    }
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn is_number(t: &DataType) -> bool {
    t.is_numeric()
}

fn as_double(e: Expr) -> Expr {
    Expr::TryCast(TryCast::new(Box::new(e), DataType::Float64))
}

fn coerce(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    let type_of = |e: &Expr| e.get_type(schema).ok();
    match e {
        Expr::BinaryExpr(BinaryExpr { left, op, right })
            if matches!(
                op,
                Operator::Eq | Operator::NotEq | Operator::Lt | Operator::LtEq | Operator::Gt | Operator::GtEq
            ) =>
        {
            let (l, r) = (type_of(&left), type_of(&right));
            match (l, r) {
                (Some(l), Some(r)) if (is_text(&l) && is_number(&r)) || (is_number(&l) && is_text(&r)) => {
                    Ok(Transformed::yes(Expr::BinaryExpr(BinaryExpr::new(
                        Box::new(as_double(*left)),
                        op,
                        Box::new(as_double(*right)),
                    ))))
                }
                _ => Ok(Transformed::no(Expr::BinaryExpr(BinaryExpr { left, op, right }))),
            }
        }
        Expr::InList(InList { expr, list, negated }) => {
            let t = type_of(&expr);
            let types: Vec<Option<DataType>> = list.iter().map(type_of).collect();
            let mixed = match &t {
                Some(t) if is_text(t) => types.iter().any(|x| x.as_ref().is_some_and(is_number)),
                Some(t) if is_number(t) => types.iter().any(|x| x.as_ref().is_some_and(is_text)),
                _ => false,
            };
            if !mixed {
                return Ok(Transformed::no(Expr::InList(InList { expr, list, negated })));
            }
            Ok(Transformed::yes(Expr::InList(InList {
                expr: Box::new(as_double(*expr)),
                list: list.into_iter().map(as_double).collect(),
                negated,
            })))
        }
        Expr::Between(Between {
            expr,
            negated,
            low,
            high,
        }) => {
            let types = [type_of(&expr), type_of(&low), type_of(&high)];
            let text = types.iter().any(|t| t.as_ref().is_some_and(is_text));
            let number = types.iter().any(|t| t.as_ref().is_some_and(is_number));
            if !(text && number) {
                return Ok(Transformed::no(Expr::Between(Between {
                    expr,
                    negated,
                    low,
                    high,
                })));
            }
            Ok(Transformed::yes(Expr::Between(Between {
                expr: Box::new(as_double(*expr)),
                negated,
                low: Box::new(as_double(*low)),
                high: Box::new(as_double(*high)),
            })))
        }
        other => Ok(Transformed::no(other)),
    }
}

impl AnalyzerRule for HiveConversions {
    fn analyze(&self, plan: LogicalPlan, _: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(|plan| {
            let plan = self.widen_union(plan)?.data;
            let mut schema = merge_schema(&plan.inputs());
            if let LogicalPlan::TableScan(ts) = &plan {
                if let Ok(s) = DFSchema::try_from_qualified_schema(ts.table_name.clone(), &ts.source.schema()) {
                    schema.merge(&s);
                }
            }
            let names = NamePreserver::new(&plan);
            plan.map_expressions(|e| {
                let name = names.save(&e);
                e.transform_up(|e| coerce(e, &schema))
                    .map(|t| t.update_data(|e| name.restore(e)))
            })
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "hive_conversions"
    }
}
