-- Crown reference table of the appointment types a UC claimant can be booked into (initial
-- evidence interview, claimant commitment, work search review...). Kept across runs and read by
-- model.dim_appointment_type.
CREATE TABLE IF NOT EXISTS {{ transactional_database }}.appointment_type_dim (
  appointment_type_id      STRING,
  appointment_type_code    STRING    COMMENT 'Code held on ADG appointment.appointmentTypeCode, e.g. IEI, CC, WSR',
  appointment_type_name    STRING,
  appointment_category     STRING    COMMENT 'EVIDENCE, COMMITMENT, WORK_SEARCH, HEALTH, OTHER',
  default_duration_minutes INT,
  mandatory_flag           BOOLEAN   COMMENT 'Failure to attend may lead to a sanction referral',
  default_channel          STRING    COMMENT 'FACE_TO_FACE, TELEPHONE, VIDEO',
  start_date               DATE,
  end_date                 DATE,
  active_flag              BOOLEAN,
  last_updated_timestamp   TIMESTAMP
)
STORED AS ORC;
