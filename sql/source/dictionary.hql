-- Source: the PDM dictionary, code -> description lookups shared by every collection (marital
-- status, closure reason, deduction type, attendance status...), one JSON document per line
-- after the clean-dictionary-data step. Cleaned by transform/dictionary.hql.
--
-- One document:
-- {"dictionary_name": "CLOSURE_REASON", "code": "EARNINGS_TOO_HIGH",
--  "description": "Earnings too high for an award", "start_date": "2013-04-29", "end_date": null}
-- Types: all strings; start_date/end_date yyyy-MM-dd, end_date null while the code is current.
-- Dictionaries: MARITAL_STATUS, CLOSURE_REASON, DEDUCTION_TYPE, ATTENDANCE_STATUS, CONTRACT_STATUS,
-- TO_DO_STATUS, PAYEE_TYPE.
DROP TABLE IF EXISTS {{ source_database }}.dictionary;
CREATE EXTERNAL TABLE {{ source_database }}.dictionary (
  dictionary_name STRING,
  code            STRING,
  description     STRING,
  start_date      STRING,
  end_date        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ dictionary_path }}/';
