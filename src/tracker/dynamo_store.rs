//! The run record in DynamoDB (DESIGN §2): the `RunRecordStore` of the AWS environments, so
//! the claim and tracker rules of `run_record` are the same as locally. Writes are PutItem
//! with a condition expression; Run_Id and TimeToExist are numbers (N), the rest strings (S),
//! as the deployed relauncher Lambda reads them.

use crate::aws::{describe, Aws};
use crate::error::{Error, Result};
use crate::tracker::{Condition, RunRecord, RunRecordStore, Status, DATA_PRODUCT};
use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::HashMap;

pub struct DynamoStore<'a> {
    aws: &'a Aws,
    table: String,
}

type Item = HashMap<String, AttributeValue>;

impl<'a> DynamoStore<'a> {
    pub fn new(aws: &'a Aws, table: &str) -> Self {
        DynamoStore {
            aws,
            table: table.to_string(),
        }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// Every PDM record whose Cluster_Id is `cluster_id` (a Scan, as the relauncher does: the
    /// table has no index on it). Items that lack an attribute are returned as errors.
    pub fn find_by_cluster(&self, cluster_id: &str) -> Result<Vec<std::result::Result<RunRecord, String>>> {
        let mut found = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let resp = self
                .aws
                .block_on(
                    self.aws
                        .dynamodb
                        .scan()
                        .table_name(&self.table)
                        .filter_expression("Cluster_Id = :c AND DataProduct = :p")
                        .expression_attribute_values(":c", s(cluster_id))
                        .expression_attribute_values(":p", s(DATA_PRODUCT))
                        .consistent_read(true)
                        .set_exclusive_start_key(start.take())
                        .send(),
                )
                .map_err(|e| Error::aws(format!("DynamoDB Scan {}", self.table), describe(&e)))?;
            for item in resp.items() {
                found.push(from_item(item));
            }
            match resp.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => break,
            }
        }
        Ok(found)
    }
}

impl RunRecordStore for DynamoStore<'_> {
    fn get(&self, correlation_id: &str) -> Result<Option<RunRecord>> {
        let resp = self
            .aws
            .block_on(
                self.aws
                    .dynamodb
                    .get_item()
                    .table_name(&self.table)
                    .key("Correlation_Id", s(correlation_id))
                    .key("DataProduct", s(DATA_PRODUCT))
                    // The claim decides on this read; a stale one could resume a finished run.
                    .consistent_read(true)
                    .send(),
            )
            .map_err(|e| Error::aws(format!("DynamoDB GetItem {}", self.table), describe(&e)))?;
        match resp.item() {
            None => Ok(None),
            Some(item) => from_item(item).map(Some).map_err(|m| {
                Error::aws(
                    format!("DynamoDB GetItem {}", self.table),
                    format!("record `{correlation_id}`: {m}"),
                )
            }),
        }
    }

    fn put(&self, record: &RunRecord, condition: Condition) -> Result<bool> {
        let mut req = self
            .aws
            .dynamodb
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(record)));
        req = match condition {
            Condition::Absent => req.condition_expression("attribute_not_exists(Correlation_Id)"),
            Condition::RunIdIs(id) => req
                .condition_expression("Run_Id = :rid")
                .expression_attribute_values(":rid", n(id)),
            // `Status` is a DynamoDB reserved word.
            Condition::RunIdAndStatusIs(id, st) => req
                .condition_expression("Run_Id = :rid AND #st = :st")
                .expression_attribute_names("#st", "Status")
                .expression_attribute_values(":rid", n(id))
                .expression_attribute_values(":st", s(st.as_str())),
        };
        match self.aws.block_on(req.send()) {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(e) => Err(Error::aws(format!("DynamoDB PutItem {}", self.table), describe(&e))),
        }
    }
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

pub fn to_item(r: &RunRecord) -> Item {
    let mut item = Item::new();
    item.insert("Correlation_Id".into(), s(&r.correlation_id));
    item.insert("DataProduct".into(), s(&r.data_product));
    item.insert("Date".into(), s(&r.date));
    item.insert("Run_Id".into(), n(r.run_id));
    item.insert("Status".into(), s(r.status.as_str()));
    item.insert("CurrentStep".into(), s(&r.current_step));
    item.insert("TimeToExist".into(), n(r.time_to_exist));
    if let Some(c) = &r.cluster_id {
        item.insert("Cluster_Id".into(), s(c));
    }
    if let Some(p) = &r.s3_prefix_snapshots {
        item.insert("S3_Prefix_Snapshots".into(), s(p));
    }
    item.insert(
        "S3_Prefix_Analytical_DataSet".into(),
        s(&r.s3_prefix_analytical_dataset),
    );
    item.insert("Snapshot_Type".into(), s(&r.snapshot_type));
    item
}

/// Reads an item; the message names the attribute that is missing or of the wrong type.
pub fn from_item(item: &Item) -> std::result::Result<RunRecord, String> {
    let text = |name: &str| -> std::result::Result<String, String> {
        match item.get(name) {
            Some(AttributeValue::S(v)) => Ok(v.clone()),
            Some(_) => Err(format!("attribute {name} is not a string")),
            None => Err(format!("attribute {name} is missing")),
        }
    };
    let opt_text = |name: &str| match item.get(name) {
        Some(AttributeValue::S(v)) => Some(v.clone()),
        _ => None,
    };
    let number = |name: &str| -> std::result::Result<i64, String> {
        match item.get(name) {
            // A number written as a string by another writer is still read.
            Some(AttributeValue::N(v)) | Some(AttributeValue::S(v)) => v
                .parse()
                .map_err(|_| format!("attribute {name} is not a whole number: `{v}`")),
            Some(_) => Err(format!("attribute {name} is not a number")),
            None => Err(format!("attribute {name} is missing")),
        }
    };
    let status_text = text("Status")?;
    let status = Status::parse(&status_text).ok_or_else(|| format!("attribute Status is `{status_text}`"))?;
    let run_id = number("Run_Id")?;
    Ok(RunRecord {
        correlation_id: text("Correlation_Id")?,
        data_product: text("DataProduct")?,
        date: text("Date")?,
        run_id: u32::try_from(run_id).map_err(|_| format!("attribute Run_Id is out of range: {run_id}"))?,
        status,
        current_step: text("CurrentStep")?,
        time_to_exist: number("TimeToExist")?,
        cluster_id: opt_text("Cluster_Id"),
        s3_prefix_snapshots: opt_text("S3_Prefix_Snapshots"),
        s3_prefix_analytical_dataset: text("S3_Prefix_Analytical_DataSet")?,
        snapshot_type: text("Snapshot_Type")?,
    })
}
