-- Exports to a folder with a SerDe and its properties (Language Manual, DML: Writing data
-- into the filesystem from queries), as CSV-producing ETL jobs write them.
CREATE TABLE orders (id BIGINT, customer STRING, total DECIMAL(12, 2), ds STRING);

INSERT OVERWRITE DIRECTORY '/exports/orders_csv'
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES (
   'separatorChar'= ',',
   'quoteChar'= '"',
   'escapeChar'= '\\'
)
STORED AS TEXTFILE
SELECT id, customer, total FROM orders WHERE ds = '2024-01-31';

INSERT OVERWRITE LOCAL DIRECTORY '/tmp/orders_json'
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
SELECT * FROM orders;

INSERT OVERWRITE DIRECTORY '${hiveconf:EXPORT_DIR}/orders'
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' NULL DEFINED AS ''
STORED AS TEXTFILE
SELECT id, total FROM orders;
