-- To-do fact: one row per UC work item with its type, team, current agent, claimant and dates as
-- surrogate keys; measures are age at the export date, days to complete, days against the
-- Crown target for the type, hand-offs between agents and overdue / within-target flags.
DROP TABLE IF EXISTS {{ model_database }}.fact_to_do;
CREATE TABLE {{ model_database }}.fact_to_do
STORED AS ORC
AS
SELECT
  t.to_do_id,
  t.contract_id,
  coalesce(tt.to_do_type_sk, -1)                                           AS to_do_type_sk,
  coalesce(tm.team_sk, -1)                                                 AS team_sk,
  coalesce(ag.agent_sk, -1)                                                AS agent_sk,
  coalesce(cb.agent_sk, -1)                                                AS completed_by_agent_sk,
  coalesce(dc.claimant_sk, -1)                                             AS claimant_sk,
  coalesce(d_created.date_sk, -1)                                          AS created_date_sk,
  coalesce(d_due.date_sk, -1)                                              AS due_date_sk,
  coalesce(d_completed.date_sk, -1)                                        AS completed_date_sk,
  t.to_do_status,
  t.priority,
  t.outcome_code,
  CASE WHEN t.to_do_status IN ('OPEN', 'IN_PROGRESS') THEN 1 ELSE 0 END    AS outstanding_count,
  CASE WHEN t.to_do_status = 'COMPLETED' THEN 1 ELSE 0 END                 AS completed_count,
  CASE
    WHEN t.to_do_status IN ('OPEN', 'IN_PROGRESS') THEN datediff(ctx.export_date, t.created_date)
    ELSE NULL
  END                                                                      AS age_days,
  t.days_to_complete,
  tt.target_days,
  datediff(coalesce(t.completed_date, ctx.export_date), t.created_date) - tt.target_days AS days_over_target,
  CASE
    WHEN tt.target_days IS NULL THEN NULL
    WHEN datediff(coalesce(t.completed_date, ctx.export_date), t.created_date) <= tt.target_days THEN true
    ELSE false
  END                                                                      AS within_target_flag,
  CASE
    WHEN t.to_do_status IN ('OPEN', 'IN_PROGRESS') AND t.due_date < ctx.export_date THEN true
    ELSE false
  END                                                                      AS overdue_flag,
  t.assignment_count,
  coalesce(h.distinct_agent_count, 0)                                      AS distinct_agent_count,
  CASE WHEN coalesce(h.distinct_agent_count, 0) > 1 THEN coalesce(h.distinct_agent_count, 0) - 1 ELSE 0 END AS hand_off_count,
  rank() OVER (PARTITION BY t.team_id ORDER BY t.priority_rank, t.due_date, t.created_timestamp) AS team_queue_position
FROM {{ transform_database }}.to_do t
CROSS JOIN {{ transform_database }}.snapshot_context ctx
LEFT JOIN {{ model_database }}.dim_to_do_type tt
  ON tt.to_do_type_code = t.to_do_type_code
LEFT JOIN {{ model_database }}.dim_team tm
  ON tm.team_id = t.team_id
LEFT JOIN {{ model_database }}.dim_agent ag
  ON ag.agent_id = t.current_agent_id
LEFT JOIN {{ model_database }}.dim_agent cb
  ON cb.agent_id = t.completed_by_agent_id
LEFT JOIN {{ model_database }}.dim_claimant dc
  ON dc.claimant_id = t.claimant_id
LEFT JOIN (
  SELECT to_do_id, CAST(size(collect_set(agent_id)) AS INT) AS distinct_agent_count
  FROM {{ transform_database }}.to_do_assignee
  GROUP BY to_do_id
) h
  ON h.to_do_id = t.to_do_id
LEFT JOIN {{ model_database }}.dim_date d_created
  ON d_created.calendar_date = t.created_date
LEFT JOIN {{ model_database }}.dim_date d_due
  ON d_due.calendar_date = t.due_date
LEFT JOIN {{ model_database }}.dim_date d_completed
  ON d_completed.calendar_date = t.completed_date;
