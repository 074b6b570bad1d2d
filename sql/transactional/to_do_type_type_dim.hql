-- Crown reference table of to-do (work item) types raised on a UC claim: verify housing costs,
-- review childcare costs, make a decision, etc., with the service-level target in days.
-- Kept across runs and read by model.dim_to_do_type.
CREATE TABLE IF NOT EXISTS {{ transactional_database }}.to_do_type_type_dim (
  to_do_type_id          STRING,
  to_do_type_code        STRING    COMMENT 'Code held on ADG toDo.toDoTypeCode, e.g. VERIFY_HOUSING_COSTS',
  to_do_type_name        STRING,
  to_do_category         STRING    COMMENT 'VERIFICATION, HOUSING, CHILDCARE, PAYMENT, DECISION, CHANGE_OF_CIRCUMSTANCES',
  owning_team_type       STRING    COMMENT 'team_dim.team_type that normally clears it',
  target_days            INT       COMMENT 'Days from creation the to-do should be cleared in',
  automated_flag         BOOLEAN   COMMENT 'Raised by the system rather than by an agent',
  start_date             DATE,
  end_date               DATE,
  active_flag            BOOLEAN,
  last_updated_timestamp TIMESTAMP
)
STORED AS ORC;
