-- Skewed tables as the Language Manual's DDL page writes them: SKEWED BY ... ON ...,
-- with list bucketing (STORED AS DIRECTORIES) or followed by the table's own format.
CREATE TABLE list_bucket_single (key STRING, value STRING)
  SKEWED BY (key) ON (1, 5, 6) STORED AS DIRECTORIES;

CREATE TABLE list_bucket_multiple (col1 STRING, col2 INT, col3 STRING)
  SKEWED BY (col1, col2) ON (('s1', 1), ('s3', 3), ('s13', 13), ('s78', 78))
  STORED AS DIRECTORIES;

CREATE TABLE web_events_skewed (user_id BIGINT, event STRING)
  PARTITIONED BY (dt STRING)
  SKEWED BY (user_id) ON (0, -1)
  STORED AS ORC
  TBLPROPERTIES ('orc.compress' = 'ZLIB');

CREATE TABLE clicks_skewed (country STRING, url STRING)
  SKEWED BY (country) ON ('US', 'IN') STORED AS DIRECTORIES
  STORED AS PARQUET
  LOCATION '/warehouse/clicks_skewed';

ALTER TABLE list_bucket_single SKEWED BY (key) ON (1, 5, 6, 9) STORED AS DIRECTORIES;
ALTER TABLE list_bucket_single NOT SKEWED;
