-- A nightly warehouse load in the usual shape of EMR Hive jobs: settings, a staging table
-- over S3, a dynamic-partition insert with window functions, a CTE and a lateral view.
SET hive.exec.dynamic.partition=true;
SET hive.exec.dynamic.partition.mode=nonstrict;
SET mapreduce.job.name=orders nightly ${hiveconf:run_date};
SET hivevar:target_db=dw;

CREATE EXTERNAL TABLE IF NOT EXISTS staging.orders_raw (
  order_id BIGINT,
  customer_id BIGINT,
  items ARRAY<STRUCT<sku:STRING, qty:INT, price:DECIMAL(10,2)>>,
  attrs MAP<STRING, STRING>,
  created_at STRING
)
PARTITIONED BY (ds STRING)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')
LOCATION 's3://${hiveconf:bucket}/raw/orders/';

ALTER TABLE staging.orders_raw ADD IF NOT EXISTS PARTITION (ds = '${hiveconf:run_date}')
  LOCATION 's3://${hiveconf:bucket}/raw/orders/ds=${hiveconf:run_date}/';

CREATE TABLE IF NOT EXISTS ${hivevar:target_db}.order_lines (
  order_id BIGINT,
  customer_id BIGINT,
  sku STRING,
  qty INT,
  amount DECIMAL(12,2),
  line_no INT,
  channel STRING
)
PARTITIONED BY (ds STRING)
STORED AS ORC
TBLPROPERTIES ('orc.compress' = 'SNAPPY');

WITH lines AS (
  SELECT o.order_id, o.customer_id, item.sku, item.qty, item.price,
         coalesce(o.attrs['channel'], 'web') AS channel, o.ds
  FROM staging.orders_raw o
  LATERAL VIEW OUTER explode(o.items) exploded AS item
  WHERE o.ds = '${hiveconf:run_date}'
)
INSERT OVERWRITE TABLE ${hivevar:target_db}.order_lines PARTITION (ds)
SELECT order_id,
       customer_id,
       sku,
       qty,
       CAST(qty * price AS DECIMAL(12,2)) AS amount,
       row_number() OVER (PARTITION BY order_id ORDER BY sku) AS line_no,
       channel,
       ds
FROM lines
WHERE qty > 0
DISTRIBUTE BY ds;

INSERT OVERWRITE TABLE ${hivevar:target_db}.order_lines PARTITION (ds = '${hiveconf:run_date}')
SELECT order_id, customer_id, sku, qty, amount, line_no, channel
FROM ${hivevar:target_db}.order_lines
WHERE ds = '${hiveconf:run_date}'
  AND NOT (channel RLIKE '^test_')
  AND sku NOT IN ${hiveconf:blocked_skus};

ANALYZE TABLE ${hivevar:target_db}.order_lines PARTITION (ds = '${hiveconf:run_date}')
  COMPUTE STATISTICS FOR COLUMNS sku, qty, amount;
