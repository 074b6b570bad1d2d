-- Broken on purpose: a REDUCE clause with its script missing after USING.
FROM (
  FROM pv_users
  MAP userid, dt
  USING 'python map.py'
  AS dt, uid
  CLUSTER BY dt) m
INSERT OVERWRITE TABLE pv_reduced
  REDUCE m.dt, m.uid
  USING
  AS dt, cnt;
