-- Source: the UC appointment collection (core/appointment): appointments booked for a claimant
-- with a work coach at a site (initial evidence interview, claimant commitment, work search
-- review...) and whether the claimant attended. Flattened by transform/appointment.hql.
--
-- One document:
-- {"_id": {"appointmentId": "f6a7b8c9-d0e1-4f2a-8b3c-4d5e6f7a8b9c"},
--  "_lastModifiedDateTime": "2021-03-09T11:05:13.640+0000",
--  "claimantId": "6f1c2b9e-1d4a-4b7e-9a51-3c2e8f0d7a11",
--  "contractId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
--  "appointmentTypeCode": "WSR",
--  "siteId": "ST000118",
--  "agentId": "AG0001042",
--  "channel": "FACE_TO_FACE",
--  "scheduledStartDateTime": "2021-03-09T10:40:00.000+0000",
--  "scheduledEndDateTime": "2021-03-09T10:50:00.000+0000",
--  "attendance": {"status": "ATTENDED", "arrivedDateTime": "2021-03-09T10:36:12.000+0000",
--                 "recordedByAgentId": "AG0001042", "recordedDateTime": "2021-03-09T11:05:13.000+0000"},
--  "bookedDateTime": "2021-02-23T14:20:00.000+0000",
--  "createdDateTime": "2021-02-23T14:20:00.000+0000"}
-- Types: appointmentTypeCode a Crown appointment_type_dim.appointment_type_code (IEI, CC, WSR,
-- WFI, HCP...); siteId / agentId Crown ids; channel FACE_TO_FACE | TELEPHONE | VIDEO; attendance
-- object, null before the appointment, attendance.status ATTENDED | FAILED_TO_ATTEND | LATE |
-- CANCELLED_BY_CLAIMANT | CANCELLED_BY_DWP | RESCHEDULED, arrivedDateTime null unless attended.
DROP TABLE IF EXISTS {{ source_database }}.appointment;
CREATE EXTERNAL TABLE {{ source_database }}.appointment (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  claimantId             STRING,
  contractId             STRING,
  appointmentTypeCode    STRING,
  siteId                 STRING,
  agentId                STRING,
  channel                STRING,
  scheduledStartDateTime STRING,
  scheduledEndDateTime   STRING,
  attendance             STRING,
  bookedDateTime         STRING,
  createdDateTime        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/core/appointment/';
