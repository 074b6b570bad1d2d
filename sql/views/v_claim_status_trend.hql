-- Analyst view: the claim caseload over time from the status history kept across runs: claims
-- and claimants by status on each export date, with the day-on-day change in open claims.
CREATE OR REPLACE VIEW {{ views_database }}.v_claim_status_trend AS
SELECT
  export_date,
  contract_status,
  claims,
  claimants,
  couple_claims,
  claims - lag(claims, 1) OVER (PARTITION BY contract_status ORDER BY export_date) AS change_since_previous_export
FROM (
  SELECT
    h.export_date,
    h.contract_status,
    count(DISTINCT h.contract_id)                                          AS claims,
    count(DISTINCT h.claimant_id)                                          AS claimants,
    count(DISTINCT CASE WHEN h.claim_type = 'COUPLE' THEN h.contract_id END) AS couple_claims
  FROM {{ transactional_database }}.claimant_status_history h
  GROUP BY h.export_date, h.contract_status
) daily;
