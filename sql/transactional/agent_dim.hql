-- Crown reference table of DWP staff (agents) using the UC service: work coaches, case managers,
-- team leaders. Kept across runs; loaded from the Crown export by initial_transactional_load and
-- read by model.dim_agent. Parent: agent -> team_dim.team_id.
CREATE TABLE IF NOT EXISTS {{ transactional_database }}.agent_dim (
  agent_id               STRING    COMMENT 'Crown agent identifier, same id as ADG agent._id.agentId',
  staff_number           STRING    COMMENT 'DWP 8 digit staff number',
  first_name             STRING,
  last_name              STRING,
  email_address          STRING,
  team_id                STRING    COMMENT 'Parent team, team_dim.team_id',
  role_code              STRING    COMMENT 'WORK_COACH, CASE_MANAGER, TEAM_LEADER, DECISION_MAKER, SERVICE_AGENT',
  role_name              STRING,
  grade_code             STRING    COMMENT 'Civil service grade: AA, AO, EO, HEO, SEO',
  start_date             DATE,
  end_date               DATE      COMMENT 'NULL while the agent is in post',
  active_flag            BOOLEAN,
  last_updated_timestamp TIMESTAMP
)
STORED AS ORC;
