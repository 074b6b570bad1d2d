-- Source: the UC agent collection (agent_core/agent): staff accounts on the UC service with their
-- current team and roles, complementing the Crown agent_dim reference table. Flattened by
-- transform/agent.hql and transform/agent_role.hql.
--
-- One document:
-- {"_id": {"agentId": "AG0001042"},
--  "_lastModifiedDateTime": "2021-02-01T07:30:55.019+0000",
--  "staffNumber": "10234567",
--  "name": {"firstName": "Priya", "lastName": "Shah"},
--  "emailAddress": "priya.shah@dwp.gov.uk",
--  "teamId": "TM000311",
--  "roles": ["WORK_COACH", "JOURNAL_RESPONDER"],
--  "grade": "EO",
--  "startDate": "2018-06-04",
--  "endDate": null,
--  "isActive": true,
--  "createdDateTime": "2018-06-04T08:00:00.000+0000"}
-- Types: _id.agentId is the Crown agent_id; roles array of strings (WORK_COACH, CASE_MANAGER,
-- TEAM_LEADER, DECISION_MAKER, SERVICE_AGENT, JOURNAL_RESPONDER); grade AA | AO | EO | HEO | SEO;
-- startDate/endDate yyyy-MM-dd; isActive boolean.
DROP TABLE IF EXISTS {{ source_database }}.agent;
CREATE EXTERNAL TABLE {{ source_database }}.agent (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  staffNumber            STRING,
  name                   STRING,
  emailAddress           STRING,
  teamId                 STRING,
  roles                  ARRAY<STRING>,
  grade                  STRING,
  startDate              STRING,
  endDate                STRING,
  isActive               BOOLEAN,
  createdDateTime        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/agent_core/agent/';
