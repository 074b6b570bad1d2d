-- One-row table holding the export (as-at) date of this run, the date of the most recent change
-- seen in the core collections. The model uses it instead of the wall clock for ages, overdue
-- flags and the history partitions, so a rerun of an old export gives the same answer.
DROP TABLE IF EXISTS {{ transform_database }}.snapshot_context;
CREATE TABLE {{ transform_database }}.snapshot_context
STORED AS ORC
AS
SELECT
  to_date(max(m.max_last_modified))                                        AS export_date,
  substr(CAST(to_date(max(m.max_last_modified)) AS STRING), 1, 7)          AS export_month,
  max(m.max_last_modified)                                                 AS max_last_modified_timestamp,
  sum(m.row_count)                                                         AS total_core_rows
FROM (
  SELECT max(last_modified_timestamp) AS max_last_modified, count(*) AS row_count FROM {{ transform_database }}.contract
  UNION ALL
  SELECT max(last_modified_timestamp) AS max_last_modified, count(*) AS row_count FROM {{ transform_database }}.claimant
  UNION ALL
  SELECT max(last_modified_timestamp) AS max_last_modified, count(*) AS row_count FROM {{ transform_database }}.to_do
  UNION ALL
  SELECT max(last_modified_timestamp) AS max_last_modified, count(*) AS row_count FROM {{ transform_database }}.appointment
) m;
