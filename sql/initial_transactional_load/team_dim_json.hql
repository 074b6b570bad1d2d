-- Phase 1 of the initial Crown load: external table over the Crown team_dim JSON export, read by
-- team_dim_load.hql. One flat JSON document per line, all strings:
-- {"team_id": "TM000311", "team_code": "BNT-WC-03", "team_name": "Newtown Work Coach Team 3",
--  "team_type": "WORK_COACH", "site_id": "ST000118", "parent_team_id": null,
--  "team_leader_agent_id": "AG0000877", "start_date": "2017-10-02", "end_date": null,
--  "active_flag": "Y", "last_updated": "2021-02-22 05:44:10"}
DROP TABLE IF EXISTS {{ transactional_database }}.team_dim_json;
CREATE EXTERNAL TABLE {{ transactional_database }}.team_dim_json (
  team_id              STRING,
  team_code            STRING,
  team_name            STRING,
  team_type            STRING,
  site_id              STRING,
  parent_team_id       STRING,
  team_leader_agent_id STRING,
  start_date           STRING,
  end_date             STRING,
  active_flag          STRING,
  last_updated         STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ crown_path }}/team_dim/';
