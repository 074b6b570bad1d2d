-- Analyst view: the open UC caseload by the local authority of the lead claimant's address, for
-- housing and council tax support partners: open claims, claims with housing costs, social vs
-- private renters, children on the claims.
CREATE OR REPLACE VIEW {{ views_database }}.v_claims_by_local_authority AS
SELECT
  c.local_authority_code,
  c.local_authority_name,
  count(*)                                                                 AS open_claims,
  sum(CASE WHEN f.claim_type = 'COUPLE' THEN 1 ELSE 0 END)                 AS couple_claims,
  sum(CASE WHEN f.housing_costs_claimed THEN 1 ELSE 0 END)                 AS claims_with_housing_costs,
  sum(CASE WHEN c.tenure_type = 'SOCIAL_RENTED' THEN 1 ELSE 0 END)         AS social_rented,
  sum(CASE WHEN c.tenure_type = 'PRIVATE_RENTED' THEN 1 ELSE 0 END)        AS private_rented,
  sum(f.number_of_children)                                                AS children_on_claims,
  sum(CASE WHEN f.number_of_children > 0 THEN 1 ELSE 0 END)                AS claims_with_children
FROM {{ model_database }}.fact_claim f
JOIN {{ model_database }}.dim_claimant c
  ON c.claimant_sk = f.claimant_sk
WHERE f.contract_status IN ('OPEN', 'SUSPENDED')
GROUP BY c.local_authority_code, c.local_authority_name;
