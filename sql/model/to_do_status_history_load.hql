-- Adds this export's partition to the to-do history kept across runs: every to-do still open
-- at the export date, or cleared in the 31 days before it, with its age and overdue flag, so the
-- backlog can be trended day by day. Rerunning an export overwrites only its own partition.
SET hive.exec.dynamic.partition=true;
SET hive.exec.dynamic.partition.mode=nonstrict;

INSERT OVERWRITE TABLE {{ transactional_database }}.to_do_status_history PARTITION (export_date)
SELECT
  t.to_do_id,
  t.contract_id,
  t.to_do_type_code,
  t.to_do_status,
  t.team_id,
  t.current_agent_id                                                       AS assigned_agent_id,
  t.created_date,
  t.due_date,
  t.completed_date,
  datediff(coalesce(t.completed_date, ctx.export_date), t.created_date)    AS age_days,
  CASE
    WHEN t.to_do_status IN ('OPEN', 'IN_PROGRESS') AND t.due_date < ctx.export_date THEN true
    ELSE false
  END                                                                      AS overdue_flag,
  CAST(ctx.export_date AS STRING)                                          AS export_date
FROM {{ transform_database }}.to_do t
CROSS JOIN {{ transform_database }}.snapshot_context ctx
WHERE t.to_do_status IN ('OPEN', 'IN_PROGRESS')
   OR t.completed_date >= date_add(ctx.export_date, -31);
