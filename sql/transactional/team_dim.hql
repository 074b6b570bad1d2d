-- Crown reference table of UC teams (work coach teams in a jobcentre, case manager teams in a
-- service centre). Kept across runs; parent: team -> site_dim.site_id, child: agent_dim.team_id.
-- Read by model.dim_team.
CREATE TABLE IF NOT EXISTS {{ transactional_database }}.team_dim (
  team_id                STRING,
  team_code              STRING,
  team_name              STRING,
  team_type              STRING    COMMENT 'WORK_COACH, CASE_MANAGEMENT, TELEPHONY, DECISION_MAKING',
  site_id                STRING    COMMENT 'Parent site, site_dim.site_id',
  parent_team_id         STRING    COMMENT 'Owning team for sub-teams',
  team_leader_agent_id   STRING,
  start_date             DATE,
  end_date               DATE,
  active_flag            BOOLEAN,
  last_updated_timestamp TIMESTAMP
)
STORED AS ORC;
