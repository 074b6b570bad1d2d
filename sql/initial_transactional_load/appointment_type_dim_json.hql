-- Phase 1 of the initial Crown load: external table over the Crown appointment_type_dim JSON
-- export, read by appointment_type_dim_load.hql. One flat JSON document per line, all strings:
-- {"appointment_type_id": "AT0007", "appointment_type_code": "WSR", "appointment_type_name":
--  "Work Search Review", "appointment_category": "WORK_SEARCH", "default_duration_minutes": "10",
--  "mandatory_flag": "Y", "default_channel": "FACE_TO_FACE", "start_date": "2016-05-09",
--  "end_date": null, "active_flag": "Y", "last_updated": "2020-11-19 02:00:41"}
DROP TABLE IF EXISTS {{ transactional_database }}.appointment_type_dim_json;
CREATE EXTERNAL TABLE {{ transactional_database }}.appointment_type_dim_json (
  appointment_type_id      STRING,
  appointment_type_code    STRING,
  appointment_type_name    STRING,
  appointment_category     STRING,
  default_duration_minutes STRING,
  mandatory_flag           STRING,
  default_channel          STRING,
  start_date               STRING,
  end_date                 STRING,
  active_flag              STRING,
  last_updated             STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ crown_path }}/appointment_type_dim/';
