-- Phase 2 of the initial Crown load: replaces {{ transactional_database }}.appointment_type_dim
-- with the cleaned Crown export (codes upper-cased, duration cast to minutes, Y/N flags to
-- booleans), keeping the most recently updated row per appointment type.
INSERT OVERWRITE TABLE {{ transactional_database }}.appointment_type_dim
SELECT
  appointment_type_id,
  appointment_type_code,
  appointment_type_name,
  appointment_category,
  default_duration_minutes,
  mandatory_flag,
  default_channel,
  start_date,
  end_date,
  active_flag,
  last_updated_timestamp
FROM (
  SELECT
    upper(trim(t.appointment_type_id))                        AS appointment_type_id,
    upper(trim(t.appointment_type_code))                      AS appointment_type_code,
    trim(t.appointment_type_name)                             AS appointment_type_name,
    coalesce(upper(trim(t.appointment_category)), 'OTHER')    AS appointment_category,
    CAST(t.default_duration_minutes AS INT)                   AS default_duration_minutes,
    CASE WHEN upper(trim(t.mandatory_flag)) IN ('Y', 'YES', 'TRUE', '1') THEN true ELSE false END AS mandatory_flag,
    upper(trim(t.default_channel))                            AS default_channel,
    to_date(t.start_date)                                     AS start_date,
    to_date(t.end_date)                                       AS end_date,
    CASE WHEN upper(trim(t.active_flag)) IN ('Y', 'YES', 'TRUE', '1') THEN true ELSE false END AS active_flag,
    CAST(t.last_updated AS TIMESTAMP)                         AS last_updated_timestamp,
    row_number() OVER (PARTITION BY upper(trim(t.appointment_type_id)) ORDER BY t.last_updated DESC) AS rn
  FROM {{ transactional_database }}.appointment_type_dim_json t
  WHERE t.appointment_type_id IS NOT NULL
) latest
WHERE rn = 1;
