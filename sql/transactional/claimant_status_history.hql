-- Daily history of each claimant's claim (contract) status, one partition per export date.
-- Kept across runs so the status trend can be reported; the model stage adds the partition of
-- the current export (model/claimant_status_history_load.hql).
CREATE TABLE IF NOT EXISTS {{ transactional_database }}.claimant_status_history (
  contract_id            STRING,
  claimant_id            STRING,
  claimant_role          STRING    COMMENT 'LEAD or PARTNER on the claim',
  claim_type             STRING    COMMENT 'SINGLE or COUPLE',
  contract_status        STRING    COMMENT 'OPEN, SUSPENDED, CLOSED',
  claim_start_date       DATE,
  claim_closed_date      DATE,
  closure_reason_code    STRING,
  site_id                STRING,
  days_on_claim          INT,
  last_modified_timestamp TIMESTAMP
)
PARTITIONED BY (export_date STRING)
STORED AS ORC;
