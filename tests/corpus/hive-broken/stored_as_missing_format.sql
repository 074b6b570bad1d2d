-- Broken on purpose: STORED AS with its format missing before LOCATION.
create external table store (
      s_store_sk bigint
,     s_store_id string
)
row format delimited fields terminated by '|'
stored as
location '${LOCATION}/store';
