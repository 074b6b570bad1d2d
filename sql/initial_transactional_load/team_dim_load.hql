-- Phase 2 of the initial Crown load: replaces {{ transactional_database }}.team_dim with the
-- cleaned Crown export, keeping the most recently updated row per team; the site_id parent key
-- is normalised the same way as site_dim.site_id so that model.dim_team can join on it.
INSERT OVERWRITE TABLE {{ transactional_database }}.team_dim
SELECT
  team_id,
  team_code,
  team_name,
  team_type,
  site_id,
  parent_team_id,
  team_leader_agent_id,
  start_date,
  end_date,
  active_flag,
  last_updated_timestamp
FROM (
  SELECT
    upper(trim(t.team_id))                                    AS team_id,
    upper(trim(t.team_code))                                  AS team_code,
    trim(t.team_name)                                         AS team_name,
    upper(trim(t.team_type))                                  AS team_type,
    upper(trim(t.site_id))                                    AS site_id,
    upper(trim(t.parent_team_id))                             AS parent_team_id,
    upper(trim(t.team_leader_agent_id))                       AS team_leader_agent_id,
    to_date(t.start_date)                                     AS start_date,
    to_date(t.end_date)                                       AS end_date,
    CASE WHEN upper(trim(t.active_flag)) IN ('Y', 'YES', 'TRUE', '1') THEN true ELSE false END AS active_flag,
    CAST(t.last_updated AS TIMESTAMP)                         AS last_updated_timestamp,
    row_number() OVER (PARTITION BY upper(trim(t.team_id)) ORDER BY t.last_updated DESC) AS rn
  FROM {{ transactional_database }}.team_dim_json t
  WHERE t.team_id IS NOT NULL
) latest
WHERE rn = 1;
