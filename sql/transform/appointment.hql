-- Flattened UC appointments: latest version per appointment id with type, site, agent, channel,
-- scheduled times and duration, and the attendance outcome decoded from the nested attendance
-- object and the ATTENDANCE_STATUS dictionary, with attended / failed-to-attend flags.
DROP TABLE IF EXISTS {{ transform_database }}.appointment;
CREATE TABLE {{ transform_database }}.appointment (
  appointment_id                 STRING,
  claimant_id                    STRING,
  contract_id                    STRING,
  appointment_type_code          STRING,
  site_id                        STRING,
  agent_id                       STRING,
  channel                        STRING,
  scheduled_start_timestamp      TIMESTAMP,
  scheduled_end_timestamp        TIMESTAMP,
  appointment_date               DATE,
  scheduled_duration_minutes     INT,
  attendance_status              STRING,
  attendance_status_description  STRING,
  attended_flag                  BOOLEAN,
  failed_to_attend_flag          BOOLEAN,
  cancelled_flag                 BOOLEAN,
  arrived_timestamp              TIMESTAMP,
  recorded_by_agent_id           STRING,
  booked_timestamp               TIMESTAMP,
  booking_lead_days              INT,
  last_modified_timestamp        TIMESTAMP
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.appointment
SELECT
  a.appointment_id,
  a.claimant_id,
  a.contract_id,
  a.appointment_type_code,
  a.site_id,
  a.agent_id,
  a.channel,
  a.scheduled_start_timestamp,
  a.scheduled_end_timestamp,
  to_date(a.scheduled_start_timestamp)                                     AS appointment_date,
  CAST((unix_timestamp(a.scheduled_end_timestamp) - unix_timestamp(a.scheduled_start_timestamp)) / 60 AS INT) AS scheduled_duration_minutes,
  a.attendance_status,
  coalesce(d.description, 'Unknown')                                       AS attendance_status_description,
  CASE WHEN a.attendance_status IN ('ATTENDED', 'LATE') THEN true ELSE false END AS attended_flag,
  CASE WHEN a.attendance_status = 'FAILED_TO_ATTEND' THEN true ELSE false END AS failed_to_attend_flag,
  CASE WHEN a.attendance_status LIKE 'CANCELLED%' OR a.attendance_status = 'RESCHEDULED' THEN true ELSE false END AS cancelled_flag,
  a.arrived_timestamp,
  a.recorded_by_agent_id,
  a.booked_timestamp,
  datediff(to_date(a.scheduled_start_timestamp), to_date(a.booked_timestamp)) AS booking_lead_days,
  a.last_modified_timestamp
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.appointmentid'), 'null')            AS appointment_id,
    s.claimantId                                                           AS claimant_id,
    s.contractId                                                           AS contract_id,
    upper(trim(s.appointmentTypeCode))                                     AS appointment_type_code,
    upper(trim(s.siteId))                                                  AS site_id,
    upper(trim(s.agentId))                                                 AS agent_id,
    CASE upper(trim(s.channel))
      WHEN 'FACE_TO_FACE' THEN 'FACE_TO_FACE'
      WHEN 'F2F' THEN 'FACE_TO_FACE'
      WHEN 'TELEPHONE' THEN 'TELEPHONE'
      WHEN 'PHONE' THEN 'TELEPHONE'
      WHEN 'VIDEO' THEN 'VIDEO'
      ELSE 'UNKNOWN'
    END                                                                    AS channel,
    CAST(regexp_replace(substr(s.scheduledStartDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)  AS scheduled_start_timestamp,
    CAST(regexp_replace(substr(s.scheduledEndDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)    AS scheduled_end_timestamp,
    coalesce(upper(nullif(get_json_object(s.attendance, '$.status'), 'null')), 'NOT_RECORDED') AS attendance_status,
    CAST(regexp_replace(substr(nullif(get_json_object(s.attendance, '$.arriveddatetime'), 'null'), 1, 23), 'T', ' ') AS TIMESTAMP) AS arrived_timestamp,
    upper(nullif(get_json_object(s.attendance, '$.recordedbyagentid'), 'null')) AS recorded_by_agent_id,
    CAST(regexp_replace(substr(s.bookedDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)          AS booked_timestamp,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(s.`_id`, '$.appointmentid'), 'null')
      ORDER BY s.`_lastModifiedDateTime` DESC
    )                                                                      AS rn
  FROM {{ source_database }}.appointment s
) a
LEFT JOIN {{ transform_database }}.dictionary d
  ON d.dictionary_name = 'ATTENDANCE_STATUS'
 AND d.code = a.attendance_status
WHERE a.rn = 1
  AND a.appointment_id IS NOT NULL;
