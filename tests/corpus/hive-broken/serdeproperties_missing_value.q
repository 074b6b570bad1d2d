-- Broken on purpose: a SerDe property without a value.
INSERT OVERWRITE DIRECTORY '/exports/orders_csv'
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES (
   'separatorChar'= ',',
   'quoteChar'=
)
SELECT id FROM orders;
