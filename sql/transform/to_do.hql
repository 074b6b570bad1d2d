-- Flattened UC to-dos (work items): latest version per to-do id with its type, status, priority,
-- owning team, the agent currently assigned (from the assignees array), due and completion dates
-- and the days taken to clear it.
DROP TABLE IF EXISTS {{ transform_database }}.to_do;
CREATE TABLE {{ transform_database }}.to_do (
  to_do_id                 STRING,
  contract_id              STRING,
  claimant_id              STRING,
  to_do_type_code          STRING,
  to_do_status             STRING,
  priority                 STRING,
  priority_rank            INT,
  team_id                  STRING,
  current_agent_id         STRING,
  assignment_count         INT,
  created_timestamp        TIMESTAMP,
  created_date             DATE,
  due_date                 DATE,
  completed_timestamp      TIMESTAMP,
  completed_date           DATE,
  completed_by_agent_id    STRING,
  outcome_code             STRING,
  days_to_complete         INT,
  completed_late_flag      BOOLEAN,
  last_modified_timestamp  TIMESTAMP
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.to_do
SELECT
  t.to_do_id,
  t.contract_id,
  t.claimant_id,
  t.to_do_type_code,
  t.to_do_status,
  t.priority,
  CASE t.priority WHEN 'URGENT' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'NORMAL' THEN 3 WHEN 'LOW' THEN 4 ELSE 5 END AS priority_rank,
  t.team_id,
  cur.current_agent_id,
  t.assignment_count,
  t.created_timestamp,
  to_date(t.created_timestamp)                                             AS created_date,
  t.due_date,
  t.completed_timestamp,
  to_date(t.completed_timestamp)                                           AS completed_date,
  t.completed_by_agent_id,
  t.outcome_code,
  datediff(to_date(t.completed_timestamp), to_date(t.created_timestamp))   AS days_to_complete,
  CASE
    WHEN t.completed_timestamp IS NULL OR t.due_date IS NULL THEN NULL
    WHEN to_date(t.completed_timestamp) > t.due_date THEN true
    ELSE false
  END                                                                      AS completed_late_flag,
  t.last_modified_timestamp
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.todoid'), 'null')                   AS to_do_id,
    s.contractId                                                           AS contract_id,
    s.claimantId                                                           AS claimant_id,
    upper(trim(s.toDoTypeCode))                                            AS to_do_type_code,
    CASE
      WHEN nullif(get_json_object(s.outcome, '$.completeddatetime'), 'null') IS NOT NULL THEN 'COMPLETED'
      ELSE coalesce(upper(trim(s.status)), 'OPEN')
    END                                                                    AS to_do_status,
    coalesce(upper(trim(s.priority)), 'NORMAL')                            AS priority,
    upper(trim(s.teamId))                                                  AS team_id,
    CASE WHEN s.assignees IS NULL THEN 0 ELSE size(s.assignees) END AS assignment_count,
    CAST(regexp_replace(substr(s.createdDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)         AS created_timestamp,
    to_date(s.dueDate)                                                     AS due_date,
    CAST(regexp_replace(substr(nullif(get_json_object(s.outcome, '$.completeddatetime'), 'null'), 1, 23), 'T', ' ') AS TIMESTAMP) AS completed_timestamp,
    upper(nullif(get_json_object(s.outcome, '$.completedbyagentid'), 'null')) AS completed_by_agent_id,
    upper(nullif(get_json_object(s.outcome, '$.outcomecode'), 'null'))     AS outcome_code,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    s.`_lastModifiedDateTime`                                              AS last_modified_raw,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(s.`_id`, '$.todoid'), 'null')
      ORDER BY s.`_lastModifiedDateTime` DESC
    )                                                                      AS rn
  FROM {{ source_database }}.to_do s
) t
LEFT JOIN (
  -- the open assignment (no unassigned time) of each to-do version
  SELECT
    nullif(get_json_object(s2.`_id`, '$.todoid'), 'null')                  AS to_do_id,
    s2.`_lastModifiedDateTime`                                             AS last_modified_raw,
    max(upper(nullif(get_json_object(aj, '$.agentid'), 'null')))           AS current_agent_id
  FROM {{ source_database }}.to_do s2
  LATERAL VIEW explode(s2.assignees) asg AS aj
  WHERE nullif(get_json_object(aj, '$.unassigneddatetime'), 'null') IS NULL
  GROUP BY nullif(get_json_object(s2.`_id`, '$.todoid'), 'null'), s2.`_lastModifiedDateTime`
) cur
  ON cur.to_do_id = t.to_do_id
 AND cur.last_modified_raw = t.last_modified_raw
WHERE t.rn = 1
  AND t.to_do_id IS NOT NULL;
