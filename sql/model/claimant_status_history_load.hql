-- Adds this export's partition to the claim status history kept across runs in the
-- transactional database: one row per claimant on each claim with the claim's status as at the
-- export date. Rerunning the same export overwrites only its own partition.
SET hive.exec.dynamic.partition=true;
SET hive.exec.dynamic.partition.mode=nonstrict;

INSERT OVERWRITE TABLE {{ transactional_database }}.claimant_status_history PARTITION (export_date)
SELECT
  c.contract_id,
  cc.claimant_id,
  cc.claimant_role,
  c.claim_type,
  c.contract_status,
  c.claim_start_date,
  c.claim_closed_date,
  c.closure_reason_code,
  c.home_site_id                                                           AS site_id,
  datediff(coalesce(c.claim_closed_date, ctx.export_date), c.claim_start_date) AS days_on_claim,
  c.last_modified_timestamp,
  CAST(ctx.export_date AS STRING)                                          AS export_date
FROM {{ transform_database }}.contract c
JOIN {{ transform_database }}.contract_claimant cc
  ON cc.contract_id = c.contract_id
CROSS JOIN {{ transform_database }}.snapshot_context ctx;
