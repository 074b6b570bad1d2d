-- Flattened UC teams as the service sees them (latest version per team id): name, site, type,
-- leader and member count from the members array. Built with CTAS; complements the Crown
-- team_dim in the model.
DROP TABLE IF EXISTS {{ transform_database }}.team;
CREATE TABLE {{ transform_database }}.team
STORED AS ORC
AS
SELECT
  team_id,
  team_name,
  site_id,
  team_type,
  leader_agent_id,
  member_count,
  is_active,
  created_timestamp,
  last_modified_timestamp
FROM (
  SELECT
    upper(trim(nullif(get_json_object(s.`_id`, '$.teamid'), 'null')))      AS team_id,
    trim(s.name)                                                           AS team_name,
    upper(trim(s.siteId))                                                  AS site_id,
    coalesce(upper(trim(s.teamType)), 'UNKNOWN')                           AS team_type,
    upper(trim(s.leaderAgentId))                                           AS leader_agent_id,
    CASE WHEN s.members IS NULL THEN 0 ELSE size(s.members) END AS member_count,
    coalesce(s.isActive, true)                                             AS is_active,
    CAST(regexp_replace(substr(s.createdDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)         AS created_timestamp,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    row_number() OVER (
      PARTITION BY upper(trim(nullif(get_json_object(s.`_id`, '$.teamid'), 'null')))
      ORDER BY s.`_lastModifiedDateTime` DESC
    )                                                                      AS rn
  FROM {{ source_database }}.team s
) latest
WHERE rn = 1
  AND team_id IS NOT NULL;
