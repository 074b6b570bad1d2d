-- One row per assignment of a to-do to an agent, exploded from the assignees array of the latest
-- to-do version, numbered in assignment order, with how long each agent held the item. Feeds the
-- agent workload and hand-off reporting.
DROP TABLE IF EXISTS {{ transform_database }}.to_do_assignee;
CREATE TABLE {{ transform_database }}.to_do_assignee (
  to_do_id                 STRING,
  assignment_sequence      INT,
  agent_id                 STRING,
  team_id                  STRING,
  assigned_timestamp       TIMESTAMP,
  unassigned_timestamp     TIMESTAMP,
  current_assignment_flag  BOOLEAN,
  days_assigned            INT
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.to_do_assignee
SELECT
  a.to_do_id,
  row_number() OVER (PARTITION BY a.to_do_id ORDER BY a.assigned_timestamp)  AS assignment_sequence,
  a.agent_id,
  t.team_id,
  a.assigned_timestamp,
  a.unassigned_timestamp,
  CASE WHEN a.unassigned_timestamp IS NULL AND t.to_do_status IN ('OPEN', 'IN_PROGRESS') THEN true ELSE false END AS current_assignment_flag,
  datediff(to_date(coalesce(a.unassigned_timestamp, t.completed_timestamp, t.last_modified_timestamp)), to_date(a.assigned_timestamp)) AS days_assigned
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.todoid'), 'null')                   AS to_do_id,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    upper(trim(nullif(get_json_object(aj, '$.agentid'), 'null')))          AS agent_id,
    CAST(regexp_replace(substr(nullif(get_json_object(aj, '$.assigneddatetime'), 'null'), 1, 23), 'T', ' ') AS TIMESTAMP) AS assigned_timestamp,
    CAST(regexp_replace(substr(nullif(get_json_object(aj, '$.unassigneddatetime'), 'null'), 1, 23), 'T', ' ') AS TIMESTAMP) AS unassigned_timestamp
  FROM {{ source_database }}.to_do s
  LATERAL VIEW explode(s.assignees) asg AS aj
) a
JOIN {{ transform_database }}.to_do t
  ON t.to_do_id = a.to_do_id
 AND t.last_modified_timestamp = a.last_modified_timestamp
WHERE a.agent_id IS NOT NULL;
