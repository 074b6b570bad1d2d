-- Phase 1 of the initial Crown load: external table over the Crown agent_dim JSON export, read
-- by agent_dim_load.hql into the managed ORC table {{ transactional_database }}.agent_dim.
-- Crown exports flat rows, one JSON document per line, every value a string (null when empty):
-- {"agent_id": "AG0001042", "staff_number": "10234567", "first_name": "Priya", "last_name": "Shah",
--  "email_address": "priya.shah@dwp.gov.uk", "team_id": "TM000311", "role_code": "WORK_COACH",
--  "role_name": "Work Coach", "grade_code": "EO", "start_date": "2018-06-04", "end_date": null,
--  "active_flag": "Y", "last_updated": "2021-03-01 06:15:22"}
DROP TABLE IF EXISTS {{ transactional_database }}.agent_dim_json;
CREATE EXTERNAL TABLE {{ transactional_database }}.agent_dim_json (
  agent_id      STRING,
  staff_number  STRING,
  first_name    STRING,
  last_name     STRING,
  email_address STRING,
  team_id       STRING,
  role_code     STRING,
  role_name     STRING,
  grade_code    STRING,
  start_date    STRING,
  end_date      STRING,
  active_flag   STRING,
  last_updated  STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ crown_path }}/agent_dim/';
