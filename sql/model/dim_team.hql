-- Team dimension from the Crown team_dim reference table, carrying the site surrogate key from
-- dim_site (team -> site) and the member count the UC service reports for the team. Surrogate
-- key by team id plus the Unknown member (team_sk = -1, site_sk = -1).
DROP TABLE IF EXISTS {{ model_database }}.dim_team;
CREATE TABLE {{ model_database }}.dim_team (
  team_sk                 INT,
  team_id                 STRING,
  team_code               STRING,
  team_name               STRING,
  team_type               STRING,
  site_sk                 INT,
  site_id                 STRING,
  site_name               STRING,
  region_name             STRING,
  parent_team_id          STRING,
  team_leader_agent_id    STRING,
  member_count            INT,
  start_date              DATE,
  end_date                DATE,
  active_flag             BOOLEAN
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ model_database }}.dim_team
SELECT
  CAST(row_number() OVER (ORDER BY t.team_id) AS INT)                     AS team_sk,
  t.team_id,
  t.team_code,
  coalesce(t.team_name, ut.team_name)                                      AS team_name,
  coalesce(t.team_type, ut.team_type, 'UNKNOWN')                           AS team_type,
  coalesce(s.site_sk, -1)                                                  AS site_sk,
  t.site_id,
  coalesce(s.site_name, 'Unknown')                                         AS site_name,
  coalesce(s.region_name, 'Unknown')                                       AS region_name,
  t.parent_team_id,
  coalesce(ut.leader_agent_id, t.team_leader_agent_id)                     AS team_leader_agent_id,
  coalesce(ut.member_count, 0)                                             AS member_count,
  t.start_date,
  t.end_date,
  t.active_flag
FROM {{ transactional_database }}.team_dim t
LEFT JOIN {{ model_database }}.dim_site s
  ON s.site_id = t.site_id
LEFT JOIN {{ transform_database }}.team ut
  ON ut.team_id = t.team_id
WHERE t.team_id IS NOT NULL

UNION ALL

SELECT
  -1, 'UNKNOWN', 'UNKNOWN', 'Unknown', 'UNKNOWN', -1, 'UNKNOWN', 'Unknown', 'Unknown',
  CAST(NULL AS STRING), CAST(NULL AS STRING), 0, CAST(NULL AS DATE), CAST(NULL AS DATE), false;
