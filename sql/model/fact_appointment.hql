-- Appointment fact: one row per UC appointment with type, site, agent, claimant and date as
-- surrogate keys; measures are attended / failed-to-attend / cancelled counts, scheduled length,
-- booking lead time, minutes early or late and the gap since the claimant's previous appointment.
DROP TABLE IF EXISTS {{ model_database }}.fact_appointment;
CREATE TABLE {{ model_database }}.fact_appointment (
  appointment_id                   STRING,
  contract_id                      STRING,
  appointment_type_sk              INT,
  site_sk                          INT,
  agent_sk                         INT,
  claimant_sk                      INT,
  appointment_date_sk              INT,
  channel                          STRING,
  attendance_status                STRING,
  attendance_status_description    STRING,
  appointment_count                INT,
  attended_count                   INT,
  failed_to_attend_count           INT,
  cancelled_count                  INT,
  scheduled_duration_minutes       INT,
  booking_lead_days                INT,
  minutes_early                    INT,
  appointment_sequence_for_claimant INT,
  days_since_previous_appointment  INT,
  mandatory_missed_flag            BOOLEAN
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ model_database }}.fact_appointment
SELECT
  a.appointment_id,
  a.contract_id,
  coalesce(apt.appointment_type_sk, -1)                                     AS appointment_type_sk,
  coalesce(ds.site_sk, -1)                                                 AS site_sk,
  coalesce(ag.agent_sk, -1)                                                AS agent_sk,
  coalesce(dc.claimant_sk, -1)                                             AS claimant_sk,
  coalesce(dd.date_sk, -1)                                                 AS appointment_date_sk,
  a.channel,
  a.attendance_status,
  a.attendance_status_description,
  1                                                                        AS appointment_count,
  CASE WHEN a.attended_flag THEN 1 ELSE 0 END                              AS attended_count,
  CASE WHEN a.failed_to_attend_flag THEN 1 ELSE 0 END                      AS failed_to_attend_count,
  CASE WHEN a.cancelled_flag THEN 1 ELSE 0 END                             AS cancelled_count,
  coalesce(a.scheduled_duration_minutes, apt.default_duration_minutes)      AS scheduled_duration_minutes,
  a.booking_lead_days,
  CAST((unix_timestamp(a.scheduled_start_timestamp) - unix_timestamp(a.arrived_timestamp)) / 60 AS INT) AS minutes_early,
  CAST(row_number() OVER (PARTITION BY a.claimant_id ORDER BY a.scheduled_start_timestamp, a.appointment_id) AS INT) AS appointment_sequence_for_claimant,
  datediff(
    a.appointment_date,
    lag(a.appointment_date, 1) OVER (PARTITION BY a.claimant_id ORDER BY a.scheduled_start_timestamp, a.appointment_id)
  )                                                                        AS days_since_previous_appointment,
  CASE WHEN a.failed_to_attend_flag AND coalesce(apt.mandatory_flag, false) THEN true ELSE false END AS mandatory_missed_flag
FROM {{ transform_database }}.appointment a
LEFT JOIN {{ model_database }}.dim_appointment_type apt
  ON apt.appointment_type_code = a.appointment_type_code
LEFT JOIN {{ model_database }}.dim_site ds
  ON ds.site_id = a.site_id
LEFT JOIN {{ model_database }}.dim_agent ag
  ON ag.agent_id = a.agent_id
LEFT JOIN {{ model_database }}.dim_claimant dc
  ON dc.claimant_id = a.claimant_id
LEFT JOIN {{ model_database }}.dim_date dd
  ON dd.calendar_date = a.appointment_date;
