-- TPC-DS on Hive: external text tables over the generator's pipe-separated files.
create database if not exists ${DB};
use ${DB};

drop table if exists call_center;
create external table call_center(
      cc_call_center_sk         bigint
,     cc_call_center_id         string
,     cc_rec_start_date        string
,     cc_name                   string
,     cc_employees              int
,     cc_sq_ft                  int
,     cc_tax_percentage         decimal(5,2)
)
row format delimited fields terminated by '|'
location '${LOCATION}/call_center';

drop table if exists date_dim;
create external table date_dim(
      d_date_sk                 bigint
,     d_date_id                 string
,     d_date                    string
,     d_year                    int
,     d_moy                     int
,     d_dom                     int
,     d_day_name                string
)
row format delimited fields terminated by '|'
location '${LOCATION}/date_dim';

drop table if exists inventory;
create external table inventory(
      inv_date_sk               bigint
,     inv_item_sk               bigint
,     inv_warehouse_sk          bigint
,     inv_quantity_on_hand      int
)
row format delimited fields terminated by '|'
location '${LOCATION}/inventory';
