-- Analyst view: the work-in-progress of each team as at the export date, outstanding to-dos by
-- type with how many are overdue, their average and oldest age, and how many have no agent
-- assigned (sitting in the team queue).
CREATE OR REPLACE VIEW {{ views_database }}.v_to_dos_outstanding_by_team AS
SELECT
  tm.site_name,
  tm.team_code,
  tm.team_name,
  tm.team_type,
  tt.to_do_category,
  tt.to_do_type_code,
  tt.to_do_type_name,
  sum(f.outstanding_count)                                                 AS outstanding_to_dos,
  sum(CASE WHEN f.overdue_flag THEN 1 ELSE 0 END)                          AS overdue_to_dos,
  sum(CASE WHEN f.agent_sk = -1 THEN 1 ELSE 0 END)                         AS unassigned_to_dos,
  sum(CASE WHEN f.priority IN ('HIGH', 'URGENT') THEN 1 ELSE 0 END)        AS high_priority_to_dos,
  round(avg(f.age_days), 1)                                                AS avg_age_days,
  max(f.age_days)                                                          AS oldest_age_days
FROM {{ model_database }}.fact_to_do f
JOIN {{ model_database }}.dim_team tm
  ON tm.team_sk = f.team_sk
JOIN {{ model_database }}.dim_to_do_type tt
  ON tt.to_do_type_sk = f.to_do_type_sk
WHERE f.outstanding_count = 1
GROUP BY tm.site_name, tm.team_code, tm.team_name, tm.team_type, tt.to_do_category, tt.to_do_type_code, tt.to_do_type_name;
