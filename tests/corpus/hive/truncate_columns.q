-- TRUNCATE (Language Manual, DDL: Truncate Table), with a partition and with Hive's column
-- truncation for RCFile tables.
CREATE TABLE events_rc (id INT, payload STRING, debug STRING)
  PARTITIONED BY (ds STRING)
  STORED AS RCFILE;

TRUNCATE TABLE events_rc PARTITION (ds = '2024-01-01');
TRUNCATE TABLE events_rc PARTITION (ds = '2024-01-01') COLUMNS (debug);
TRUNCATE TABLE events_rc COLUMNS (payload, debug);
TRUNCATE TABLE events_rc;
