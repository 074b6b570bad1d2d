-- Source: the UC toDo collection (core/toDo): work items raised on a claim for an agent or a
-- team to clear (verify housing costs, review evidence, make a decision...). One JSON document
-- per line; flattened by transform/to_do.hql and transform/to_do_assignee.hql.
--
-- One document:
-- {"_id": {"toDoId": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"},
--  "_lastModifiedDateTime": "2021-03-12T13:47:31.002+0000",
--  "contractId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
--  "claimantId": "6f1c2b9e-1d4a-4b7e-9a51-3c2e8f0d7a11",
--  "toDoTypeCode": "VERIFY_HOUSING_COSTS",
--  "status": "COMPLETED",
--  "priority": "HIGH",
--  "teamId": "TM000311",
--  "assignees": [{"agentId": "AG0001042", "assignedDateTime": "2021-03-05T09:00:12.000+0000",
--                 "unassignedDateTime": "2021-03-08T10:30:00.000+0000"},
--                {"agentId": "AG0000877", "assignedDateTime": "2021-03-08T10:30:00.000+0000",
--                 "unassignedDateTime": null}],
--  "dueDate": "2021-03-12",
--  "outcome": {"outcomeCode": "VERIFIED", "completedByAgentId": "AG0000877",
--              "completedDateTime": "2021-03-12T13:47:30.000+0000"},
--  "createdDateTime": "2021-03-05T08:58:44.000+0000"}
-- Types: toDoTypeCode a Crown to_do_type_type_dim.to_do_type_code; status OPEN | IN_PROGRESS |
-- COMPLETED | CANCELLED; priority LOW | NORMAL | HIGH | URGENT; teamId a Crown team_dim.team_id;
-- assignees array of objects in assignment order (the open one has unassignedDateTime null);
-- agentId a Crown agent_dim.agent_id; dueDate yyyy-MM-dd; outcome object, null until completed,
-- outcomeCode VERIFIED | NOT_VERIFIED | NO_ACTION_NEEDED | REFERRED.
DROP TABLE IF EXISTS {{ source_database }}.to_do;
CREATE EXTERNAL TABLE {{ source_database }}.to_do (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  contractId             STRING,
  claimantId             STRING,
  toDoTypeCode           STRING,
  status                 STRING,
  priority               STRING,
  teamId                 STRING,
  assignees              ARRAY<STRING>,
  dueDate                STRING,
  outcome                STRING,
  createdDateTime        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/core/toDo/';
