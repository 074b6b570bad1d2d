-- Analyst view: the workload of each active agent: to-dos currently held, overdue, cleared and
-- cleared within target, plus appointments held and attended, alongside the agent's team,
-- site, role and grade.
CREATE OR REPLACE VIEW {{ views_database }}.v_agent_workload AS
SELECT
  a.agent_id,
  a.staff_number,
  a.agent_name,
  a.primary_role,
  a.grade_code,
  a.team_name,
  a.site_name,
  coalesce(td.to_dos_held, 0)                                              AS to_dos_held,
  coalesce(td.to_dos_overdue, 0)                                           AS to_dos_overdue,
  coalesce(cl.to_dos_cleared, 0)                                           AS to_dos_cleared,
  coalesce(cl.to_dos_cleared_within_target, 0)                             AS to_dos_cleared_within_target,
  coalesce(ap.appointments_held, 0)                                        AS appointments_held,
  coalesce(ap.appointments_attended, 0)                                    AS appointments_attended,
  coalesce(ap.appointment_minutes, 0)                                      AS appointment_minutes
FROM {{ model_database }}.dim_agent a
LEFT JOIN (
  SELECT
    agent_sk,
    sum(outstanding_count)                                                 AS to_dos_held,
    sum(CASE WHEN overdue_flag THEN 1 ELSE 0 END)                          AS to_dos_overdue
  FROM {{ model_database }}.fact_to_do
  WHERE outstanding_count = 1
  GROUP BY agent_sk
) td
  ON td.agent_sk = a.agent_sk
LEFT JOIN (
  SELECT
    completed_by_agent_sk                                                  AS agent_sk,
    sum(completed_count)                                                   AS to_dos_cleared,
    sum(CASE WHEN within_target_flag THEN 1 ELSE 0 END)                    AS to_dos_cleared_within_target
  FROM {{ model_database }}.fact_to_do
  WHERE completed_count = 1
  GROUP BY completed_by_agent_sk
) cl
  ON cl.agent_sk = a.agent_sk
LEFT JOIN (
  SELECT
    agent_sk,
    sum(appointment_count - cancelled_count)                               AS appointments_held,
    sum(attended_count)                                                    AS appointments_attended,
    sum(CASE WHEN attended_count = 1 THEN scheduled_duration_minutes ELSE 0 END) AS appointment_minutes
  FROM {{ model_database }}.fact_appointment
  GROUP BY agent_sk
) ap
  ON ap.agent_sk = a.agent_sk
WHERE a.agent_sk <> -1
  AND a.active_flag;
