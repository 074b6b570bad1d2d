-- Hive external table over the DynamoDB run-record table (data_pipeline_metadata), so the run
-- history of PDM (and the other data products sharing the table) can be queried from Hive on the
-- cluster. Optional step (create_hive_dynamo_table); needs the EMR DynamoDB storage handler.
CREATE EXTERNAL TABLE IF NOT EXISTS {{ transactional_database }}.data_pipeline_metadata_hive (
  correlation_id               STRING,
  data_product                 STRING,
  run_date                     STRING,
  run_id                       BIGINT,
  status                       STRING,
  current_step                 STRING,
  time_to_exist                BIGINT,
  cluster_id                   STRING,
  s3_prefix_snapshots          STRING,
  s3_prefix_analytical_dataset STRING,
  snapshot_type                STRING
)
STORED BY 'org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler'
TBLPROPERTIES (
  "dynamodb.table.name" = "{{ run_record_table }}",
  "dynamodb.column.mapping" = "correlation_id:Correlation_Id,data_product:DataProduct,run_date:Date,run_id:Run_Id,status:Status,current_step:CurrentStep,time_to_exist:TimeToExist,cluster_id:Cluster_Id,s3_prefix_snapshots:S3_Prefix_Snapshots,s3_prefix_analytical_dataset:S3_Prefix_Analytical_DataSet,snapshot_type:Snapshot_Type"
);
