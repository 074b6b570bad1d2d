-- Broken on purpose: a copy of ../hive/bigbench_sessionize_reduce.sql with a comma missing in the REDUCE list.
-- Click sessions rebuilt by a streaming reducer, in the shape of the BigBench Hive queries:
-- a view over FROM ( FROM ( ... ) REDUCE ... USING ... ), then a second streaming pass.
ADD FILE ${hiveconf:QUERY_DIR}/sessionize.py;
ADD FILE ${hiveconf:QUERY_DIR}/abandoned_carts.py;

DROP VIEW IF EXISTS ${hiveconf:TEMP_TABLE1};
CREATE VIEW ${hiveconf:TEMP_TABLE1} AS
SELECT *
FROM(
  FROM
  (
    SELECT
      c.wcs_user_sk,
      w.wp_type,
      (wcs_click_date_sk * 24 * 60 * 60 + wcs_click_time_sk) AS tstamp_sec
    FROM web_clickstreams c, web_page w
    WHERE c.wcs_web_page_sk = w.wp_web_page_sk
    AND   c.wcs_user_sk IS NOT NULL
    AND   c.wcs_sales_sk IS NULL -- no sale
    DISTRIBUTE BY wcs_user_sk SORT BY wcs_user_sk, tstamp_sec
  ) clicks
  REDUCE
    wcs_user_sk
    tstamp_sec,
    wp_type
  USING 'python sessionize.py ${hiveconf:q04_session_timeout_inSec}'
  AS (
    wp_type STRING,
    tstamp BIGINT, -- kept for a deterministic order
    sessionid STRING)
) sessionized
;

DROP TABLE IF EXISTS ${hiveconf:RESULT_TABLE};
CREATE TABLE ${hiveconf:RESULT_TABLE} (avg_pages DECIMAL(20,1))
ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LINES TERMINATED BY '\n'
STORED AS ${env:BIG_BENCH_hive_default_fileformat_result_table} LOCATION '${hiveconf:RESULT_DIR}';

INSERT INTO TABLE ${hiveconf:RESULT_TABLE}
SELECT sum(pagecount) / count(*)
FROM(
  FROM
  (
      SELECT *
      FROM ${hiveconf:TEMP_TABLE1} sessions
      DISTRIBUTE BY sessionid SORT BY sessionid, tstamp, wp_type
  ) distributed_sessions
  REDUCE
      wp_type,
      sessionid
    USING 'python abandoned_carts.py'
    AS (pagecount BIGINT)
) abandoned
;

DROP VIEW IF EXISTS ${hiveconf:TEMP_TABLE1};
