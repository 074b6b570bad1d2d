-- Appointment type dimension from the Crown appointment_type_dim reference table: code, name,
-- category, default length and whether attendance is mandatory (sanctionable). Surrogate key
-- by type code, plus the Unknown member (appointment_type_sk = -1).
DROP TABLE IF EXISTS {{ model_database }}.dim_appointment_type;
CREATE TABLE {{ model_database }}.dim_appointment_type
STORED AS ORC
AS
SELECT
  CAST(row_number() OVER (ORDER BY t.appointment_type_code) AS INT)       AS appointment_type_sk,
  t.appointment_type_id,
  t.appointment_type_code,
  t.appointment_type_name,
  t.appointment_category,
  t.default_duration_minutes,
  CASE
    WHEN t.default_duration_minutes IS NULL THEN 'Unknown'
    WHEN t.default_duration_minutes <= 15 THEN 'Short (up to 15 min)'
    WHEN t.default_duration_minutes <= 45 THEN 'Standard (16-45 min)'
    ELSE 'Long (over 45 min)'
  END                                                                      AS duration_band,
  t.mandatory_flag,
  t.default_channel,
  t.start_date,
  t.end_date,
  t.active_flag
FROM (
  SELECT
    x.*,
    row_number() OVER (PARTITION BY x.appointment_type_code ORDER BY x.active_flag DESC, x.start_date DESC) AS rn
  FROM {{ transactional_database }}.appointment_type_dim x
  WHERE x.appointment_type_code IS NOT NULL
) t
WHERE t.rn = 1

UNION ALL

SELECT
  -1                          AS appointment_type_sk,
  'UNKNOWN'                   AS appointment_type_id,
  'UNKNOWN'                   AS appointment_type_code,
  'Unknown'                   AS appointment_type_name,
  'OTHER'                     AS appointment_category,
  CAST(NULL AS INT)           AS default_duration_minutes,
  'Unknown'                   AS duration_band,
  false                       AS mandatory_flag,
  CAST(NULL AS STRING)        AS default_channel,
  CAST(NULL AS DATE)          AS start_date,
  CAST(NULL AS DATE)          AS end_date,
  false                       AS active_flag;
