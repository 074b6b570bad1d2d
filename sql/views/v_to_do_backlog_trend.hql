-- Analyst view: the to-do backlog of each team over time, from the to-do history kept across
-- runs: outstanding and overdue to-dos and their average age on each export date, with team and
-- site names from the Crown reference tables.
CREATE OR REPLACE VIEW {{ views_database }}.v_to_do_backlog_trend AS
SELECT
  h.export_date,
  coalesce(s.site_name, 'Unknown')                                         AS site_name,
  coalesce(t.team_name, 'Unknown')                                         AS team_name,
  coalesce(t.team_type, 'UNKNOWN')                                         AS team_type,
  sum(CASE WHEN h.to_do_status IN ('OPEN', 'IN_PROGRESS') THEN 1 ELSE 0 END) AS outstanding_to_dos,
  sum(CASE WHEN h.overdue_flag THEN 1 ELSE 0 END)                          AS overdue_to_dos,
  round(avg(CASE WHEN h.to_do_status IN ('OPEN', 'IN_PROGRESS') THEN h.age_days END), 1) AS avg_outstanding_age_days,
  sum(CASE WHEN h.completed_date = CAST(h.export_date AS DATE) THEN 1 ELSE 0 END) AS cleared_on_export_date
FROM {{ transactional_database }}.to_do_status_history h
LEFT JOIN {{ transactional_database }}.team_dim t
  ON t.team_id = h.team_id
LEFT JOIN {{ transactional_database }}.site_dim s
  ON s.site_id = t.site_id
GROUP BY h.export_date, coalesce(s.site_name, 'Unknown'), coalesce(t.team_name, 'Unknown'), coalesce(t.team_type, 'UNKNOWN');
