-- A bucketed TPC-DS table whose format, bucket count and table properties are all
-- loader variables, and a sampled analysis over it.
set hive.enforce.bucketing=true;
set hive.exec.max.dynamic.partitions=${MAX_PARTS};

create table if not exists ${DB}.inventory_b (
  inv_item_sk bigint,
  inv_warehouse_sk bigint,
  inv_quantity_on_hand int
)
partitioned by (inv_date_sk bigint)
clustered by (inv_item_sk) sorted by (inv_item_sk asc) into ${BUCKETS} buckets
stored as ${FILE}
tblproperties (${TBLPROPS});

create table if not exists ${DB}.reason_b (r_reason_sk bigint, r_reason_desc string)
stored as ${FILE}
tblproperties ('orc.compress'='${COMPRESS}', ${EXTRA_PROPS});

insert overwrite table ${DB}.inventory_b partition (inv_date_sk)
select inv_item_sk, inv_warehouse_sk, inv_quantity_on_hand, inv_date_sk
from ${SOURCE}.inventory
where inv_date_sk in ${DATE_KEYS}
  and inv_warehouse_sk not in ${SKIPPED_WAREHOUSES};

select inv_warehouse_sk, sum(inv_quantity_on_hand)
from ${DB}.inventory_b tablesample (bucket 1 out of 8 on inv_item_sk) s
group by inv_warehouse_sk;
