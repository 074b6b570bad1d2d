-- Market basket analysis in the shape of a BigBench query: a UDTF over collected item sets,
-- filters whose lists come from the driver's hiveconf settings.
ADD JAR ${env:BIG_BENCH_QUERIES_DIR}/Resources/bigbenchqueriesmr.jar;
CREATE TEMPORARY FUNCTION makePairs AS 'io.bigdatabenchmark.v1.queries.udf.PairwiseUDTF';

set hive.exec.compress.output=false;
set hive.exec.compress.output;

DROP TABLE IF EXISTS ${hiveconf:RESULT_TABLE};
CREATE TABLE ${hiveconf:RESULT_TABLE} (
  pid1 BIGINT,
  pid2 BIGINT,
  cnt  BIGINT
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LINES TERMINATED BY '\n'
STORED AS ${env:BIG_BENCH_hive_default_fileformat_result_table} LOCATION '${hiveconf:RESULT_DIR}';

INSERT INTO TABLE ${hiveconf:RESULT_TABLE}
SELECT  item_1, item_2, COUNT (*) AS cnt
FROM (
    -- every pair once: the smaller key on the left
    SELECT makePairs(sort_array(items), false) AS (item_1, item_2)
    FROM (
        SELECT collect_set(ss_item_sk) AS items
        FROM store_sales s, item i
        WHERE s.ss_item_sk = i.i_item_sk
        AND i.i_category_id IN (${hiveconf:q01_i_category_id_IN})
        AND s.ss_store_sk IN (${hiveconf:q01_ss_store_sk_IN})
        GROUP BY ss_ticket_number
    ) per_ticket
) pairs
GROUP BY item_1, item_2
HAVING cnt > ${hiveconf:q01_viewed_together_count}
ORDER BY cnt DESC, item_1, item_2
LIMIT ${hiveconf:q01_limit};
