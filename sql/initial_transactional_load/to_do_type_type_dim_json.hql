-- Phase 1 of the initial Crown load: external table over the Crown to_do_type_type_dim JSON
-- export, read by to_do_type_type_dim_load.hql. One flat JSON document per line, all strings:
-- {"to_do_type_id": "TD0042", "to_do_type_code": "VERIFY_HOUSING_COSTS", "to_do_type_name":
--  "Verify housing costs", "to_do_category": "HOUSING", "owning_team_type": "CASE_MANAGEMENT",
--  "target_days": "7", "automated_flag": "Y", "start_date": "2016-05-09", "end_date": null,
--  "active_flag": "Y", "last_updated": "2020-12-01 03:30:00"}
DROP TABLE IF EXISTS {{ transactional_database }}.to_do_type_type_dim_json;
CREATE EXTERNAL TABLE {{ transactional_database }}.to_do_type_type_dim_json (
  to_do_type_id    STRING,
  to_do_type_code  STRING,
  to_do_type_name  STRING,
  to_do_category   STRING,
  owning_team_type STRING,
  target_days      STRING,
  automated_flag   STRING,
  start_date       STRING,
  end_date         STRING,
  active_flag      STRING,
  last_updated     STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ crown_path }}/to_do_type_type_dim/';
