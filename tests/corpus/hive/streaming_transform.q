-- The streaming forms of the Language Manual's Transform page: MAP and REDUCE as spellings
-- of SELECT TRANSFORM, FROM-first, with row formats, record readers and typed outputs.
CREATE TABLE pv_users (userid INT, dt STRING, page STRING);
CREATE TABLE pv_users_reduced (dt STRING, cnt INT);
ADD FILE /tmp/map_script.py;
ADD FILE /tmp/reduce_script.py;

FROM (
  FROM pv_users
  MAP pv_users.userid, pv_users.dt
  USING 'python map_script.py'
  AS dt, uid
  CLUSTER BY dt) map_output
INSERT OVERWRITE TABLE pv_users_reduced
  REDUCE map_output.dt, map_output.uid
  USING 'python reduce_script.py'
  AS dt, cnt;

FROM (
  FROM pv_users
  SELECT TRANSFORM(pv_users.userid, pv_users.dt)
  USING 'python map_script.py'
  AS (dt STRING, uid INT)
  CLUSTER BY dt) map_output
INSERT OVERWRITE TABLE pv_users_reduced
  SELECT TRANSFORM(map_output.dt, map_output.uid)
  USING 'python reduce_script.py'
  AS (dt STRING, cnt INT);

FROM pv_users
SELECT TRANSFORM(userid, page)
  ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
  WITH SERDEPROPERTIES ('field.delim' = '\t')
  RECORDWRITER 'org.apache.hadoop.hive.ql.exec.TextRecordWriter'
  USING '/bin/cat'
  AS (uid STRING, page STRING)
  ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t'
  RECORDREADER 'org.apache.hadoop.hive.ql.exec.TextRecordReader';

FROM pv_users
MAP userid, page
  ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
  USING 'cat'
  AS k, v;

CREATE TABLE pv_counts AS
REDUCE dt, userid
USING 'python reduce_script.py'
AS dt, cnt
FROM (
    SELECT dt, userid FROM pv_users
    CLUSTER BY dt
) t;

SELECT map('a', 1, 'b', 2) AS m, reduce_count FROM (SELECT 1 AS reduce_count) x;
