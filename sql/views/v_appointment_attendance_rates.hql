-- Analyst view: appointment attendance by site, appointment type, channel and month: booked,
-- attended, failed to attend (FTA) and cancelled, with the attendance rate over appointments
-- that went ahead and the number of missed mandatory appointments (possible sanction referrals).
CREATE OR REPLACE VIEW {{ views_database }}.v_appointment_attendance_rates AS
SELECT
  s.region_name,
  s.site_name,
  apt.appointment_category,
  apt.appointment_type_code,
  apt.appointment_type_name,
  f.channel,
  d.year_month                                                             AS appointment_month,
  sum(f.appointment_count)                                                 AS appointments_booked,
  sum(f.attended_count)                                                    AS appointments_attended,
  sum(f.failed_to_attend_count)                                            AS appointments_failed_to_attend,
  sum(f.cancelled_count)                                                   AS appointments_cancelled,
  CASE
    WHEN sum(f.attended_count) + sum(f.failed_to_attend_count) = 0 THEN NULL
    ELSE round(100.0 * sum(f.attended_count) / (sum(f.attended_count) + sum(f.failed_to_attend_count)), 1)
  END                                                                      AS attendance_rate_pct,
  sum(CASE WHEN f.mandatory_missed_flag THEN 1 ELSE 0 END)                 AS mandatory_missed,
  round(avg(f.booking_lead_days), 1)                                       AS avg_booking_lead_days
FROM {{ model_database }}.fact_appointment f
JOIN {{ model_database }}.dim_site s
  ON s.site_sk = f.site_sk
JOIN {{ model_database }}.dim_appointment_type apt
  ON apt.appointment_type_sk = f.appointment_type_sk
JOIN {{ model_database }}.dim_date d
  ON d.date_sk = f.appointment_date_sk
GROUP BY s.region_name, s.site_name, apt.appointment_category, apt.appointment_type_code,
         apt.appointment_type_name, f.channel, d.year_month;
