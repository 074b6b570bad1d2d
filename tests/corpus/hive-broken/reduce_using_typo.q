-- Broken on purpose: a broken copy of ../hive/streaming_transform.q's first statement, USIN
-- for USING in the REDUCE clause.
FROM (
  FROM pv_users
  MAP pv_users.userid, pv_users.dt
  USING 'python map_script.py'
  AS dt, uid
  CLUSTER BY dt) map_output
INSERT OVERWRITE TABLE pv_users_reduced
  REDUCE map_output.dt,
         map_output.uid
  USIN 'python reduce_script.py'
  AS dt, cnt;
