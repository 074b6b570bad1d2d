-- Source: the UC team collection (agent_core/team): teams as the UC service sees them, with their
-- site and members, complementing the Crown team_dim reference table. Flattened by
-- transform/team.hql.
--
-- One document:
-- {"_id": {"teamId": "TM000311"},
--  "_lastModifiedDateTime": "2021-02-22T05:44:10.377+0000",
--  "name": "Newtown Work Coach Team 3",
--  "siteId": "ST000118",
--  "teamType": "WORK_COACH",
--  "leaderAgentId": "AG0000877",
--  "members": [{"agentId": "AG0001042", "joinedDate": "2019-02-11"},
--              {"agentId": "AG0000877", "joinedDate": "2017-10-02"}],
--  "isActive": true,
--  "createdDateTime": "2017-10-02T08:00:00.000+0000"}
-- Types: _id.teamId is the Crown team_id; siteId a Crown site_id; teamType WORK_COACH |
-- CASE_MANAGEMENT | TELEPHONY | DECISION_MAKING; members array of objects, joinedDate yyyy-MM-dd;
-- isActive boolean.
DROP TABLE IF EXISTS {{ source_database }}.team;
CREATE EXTERNAL TABLE {{ source_database }}.team (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  name                   STRING,
  siteId                 STRING,
  teamType               STRING,
  leaderAgentId          STRING,
  members                ARRAY<STRING>,
  isActive               BOOLEAN,
  createdDateTime        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/agent_core/team/';
