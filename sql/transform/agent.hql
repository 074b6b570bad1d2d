-- Flattened UC agents as the service sees them (latest version per agent id): name, team, grade
-- and the roles array collapsed to a list and a primary role, used to complement the Crown
-- agent_dim (ADG knows team moves before Crown does).
DROP TABLE IF EXISTS {{ transform_database }}.agent;
CREATE TABLE {{ transform_database }}.agent (
  agent_id                 STRING,
  staff_number             STRING,
  first_name               STRING,
  last_name                STRING,
  email_address            STRING,
  team_id                  STRING,
  role_list                STRING,
  role_count               INT,
  primary_role             STRING,
  grade_code               STRING,
  start_date               DATE,
  end_date                 DATE,
  is_active                BOOLEAN,
  last_modified_timestamp  TIMESTAMP
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.agent
SELECT
  agent_id,
  staff_number,
  first_name,
  last_name,
  email_address,
  team_id,
  role_list,
  role_count,
  CASE
    WHEN role_list LIKE '%TEAM_LEADER%'    THEN 'TEAM_LEADER'
    WHEN role_list LIKE '%DECISION_MAKER%' THEN 'DECISION_MAKER'
    WHEN role_list LIKE '%WORK_COACH%'     THEN 'WORK_COACH'
    WHEN role_list LIKE '%CASE_MANAGER%'   THEN 'CASE_MANAGER'
    WHEN role_list LIKE '%SERVICE_AGENT%'  THEN 'SERVICE_AGENT'
    ELSE 'OTHER'
  END                                                                      AS primary_role,
  grade_code,
  start_date,
  end_date,
  is_active,
  last_modified_timestamp
FROM (
  SELECT
    upper(trim(nullif(get_json_object(s.`_id`, '$.agentid'), 'null')))     AS agent_id,
    lpad(trim(s.staffNumber), 8, '0')                                      AS staff_number,
    trim(nullif(get_json_object(s.name, '$.firstname'), 'null'))           AS first_name,
    upper(trim(nullif(get_json_object(s.name, '$.lastname'), 'null')))     AS last_name,
    lower(trim(s.emailAddress))                                            AS email_address,
    upper(trim(s.teamId))                                                  AS team_id,
    upper(concat_ws(',', s.roles))                                         AS role_list,
    CASE WHEN s.roles IS NULL THEN 0 ELSE size(s.roles) END AS role_count,
    upper(trim(s.grade))                                                   AS grade_code,
    to_date(s.startDate)                                                   AS start_date,
    to_date(s.endDate)                                                     AS end_date,
    CASE WHEN s.endDate IS NOT NULL THEN false ELSE coalesce(s.isActive, true) END AS is_active,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    row_number() OVER (
      PARTITION BY upper(trim(nullif(get_json_object(s.`_id`, '$.agentid'), 'null')))
      ORDER BY s.`_lastModifiedDateTime` DESC
    )                                                                      AS rn
  FROM {{ source_database }}.agent s
) latest
WHERE rn = 1
  AND agent_id IS NOT NULL;
