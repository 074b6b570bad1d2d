-- Daily snapshot of every open or recently cleared to-do, one partition per export date, kept
-- across runs for work-in-progress and ageing trends. The model stage adds the partition of the
-- current export (model/to_do_status_history_load.hql).
CREATE TABLE IF NOT EXISTS {{ transactional_database }}.to_do_status_history (
  to_do_id               STRING,
  contract_id            STRING,
  to_do_type_code        STRING,
  to_do_status           STRING    COMMENT 'OPEN, IN_PROGRESS, COMPLETED, CANCELLED',
  team_id                STRING,
  assigned_agent_id      STRING,
  created_date           DATE,
  due_date               DATE,
  completed_date         DATE,
  age_days               INT,
  overdue_flag           BOOLEAN
)
PARTITIONED BY (export_date STRING)
STORED AS ORC;
