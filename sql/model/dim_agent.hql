-- Agent dimension: Crown agent_dim is the master list of staff; the UC service's own agent record
-- (transform.agent) supplies the current team where the agent has moved since the Crown export
-- and the primary role. Carries team_sk and site_sk from dim_team. Unknown member agent_sk = -1.
DROP TABLE IF EXISTS {{ model_database }}.dim_agent;
CREATE TABLE {{ model_database }}.dim_agent (
  agent_sk                INT,
  agent_id                STRING,
  staff_number            STRING,
  agent_name              STRING,
  role_code               STRING,
  role_name               STRING,
  primary_role            STRING,
  grade_code              STRING,
  team_sk                 INT,
  team_id                 STRING,
  team_name               STRING,
  site_sk                 INT,
  site_name               STRING,
  start_date              DATE,
  end_date                DATE,
  length_of_service_days  INT,
  active_flag             BOOLEAN
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ model_database }}.dim_agent
SELECT
  CAST(row_number() OVER (ORDER BY a.agent_id) AS INT)                    AS agent_sk,
  a.agent_id,
  a.staff_number,
  concat_ws(' ', a.first_name, a.last_name)                                AS agent_name,
  coalesce(a.role_code, 'UNKNOWN')                                         AS role_code,
  coalesce(a.role_name, 'Unknown')                                         AS role_name,
  coalesce(ua.primary_role, a.role_code, 'UNKNOWN')                        AS primary_role,
  coalesce(a.grade_code, ua.grade_code)                                    AS grade_code,
  coalesce(t.team_sk, -1)                                                  AS team_sk,
  coalesce(ua.team_id, a.team_id)                                          AS team_id,
  coalesce(t.team_name, 'Unknown')                                         AS team_name,
  coalesce(t.site_sk, -1)                                                  AS site_sk,
  coalesce(t.site_name, 'Unknown')                                         AS site_name,
  a.start_date,
  a.end_date,
  datediff(coalesce(a.end_date, to_date(a.last_updated_timestamp)), a.start_date) AS length_of_service_days,
  CASE WHEN a.end_date IS NOT NULL THEN false ELSE a.active_flag END       AS active_flag
FROM {{ transactional_database }}.agent_dim a
LEFT JOIN {{ transform_database }}.agent ua
  ON ua.agent_id = a.agent_id
LEFT JOIN {{ model_database }}.dim_team t
  ON t.team_id = coalesce(ua.team_id, a.team_id)
WHERE a.agent_id IS NOT NULL

UNION ALL

SELECT
  -1, 'UNKNOWN', CAST(NULL AS STRING), 'Unknown', 'UNKNOWN', 'Unknown', 'UNKNOWN', CAST(NULL AS STRING),
  -1, 'UNKNOWN', 'Unknown', -1, 'Unknown', CAST(NULL AS DATE), CAST(NULL AS DATE), CAST(NULL AS INT), false;
