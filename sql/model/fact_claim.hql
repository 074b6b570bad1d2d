-- Claim fact: one row per UC contract (claim) with its lead claimant, home site and key dates as
-- surrogate keys, and the claim's measures: days from declaration to start, days on claim, days
-- to first payment (the service's headline timeliness measure), statements and amount paid.
DROP TABLE IF EXISTS {{ model_database }}.fact_claim;
CREATE TABLE {{ model_database }}.fact_claim (
  contract_id                    STRING,
  claimant_sk                    INT,
  partner_claimant_sk            INT,
  site_sk                        INT,
  declaration_date_sk            INT,
  start_date_sk                  INT,
  closed_date_sk                 INT,
  first_payment_date_sk          INT,
  claim_type                     STRING,
  contract_status                STRING,
  closure_reason_code            STRING,
  closure_reason_description     STRING,
  claim_start_date               DATE,
  claim_closed_date              DATE,
  first_payment_date             DATE,
  claim_count                    INT,
  number_of_claimants            INT,
  number_of_children             INT,
  housing_costs_claimed          BOOLEAN,
  childcare_costs_claimed        BOOLEAN,
  days_declaration_to_start      INT,
  days_on_claim                  INT,
  days_to_first_payment          INT,
  paid_within_target_flag        BOOLEAN,
  statement_count                INT,
  total_paid_amount              DECIMAL(14,2),
  claim_sequence_for_claimant    INT,
  days_since_previous_claim      INT
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ model_database }}.fact_claim
SELECT
  c.contract_id,
  coalesce(dc.claimant_sk, -1)                                             AS claimant_sk,
  coalesce(dp.claimant_sk, -1)                                             AS partner_claimant_sk,
  coalesce(ds.site_sk, -1)                                                 AS site_sk,
  coalesce(dd_decl.date_sk, -1)                                            AS declaration_date_sk,
  coalesce(dd_start.date_sk, -1)                                           AS start_date_sk,
  coalesce(dd_closed.date_sk, -1)                                          AS closed_date_sk,
  coalesce(dd_pay.date_sk, -1)                                             AS first_payment_date_sk,
  c.claim_type,
  c.contract_status,
  c.closure_reason_code,
  c.closure_reason_description,
  c.claim_start_date,
  c.claim_closed_date,
  pay.first_payment_date,
  1                                                                        AS claim_count,
  c.number_of_claimants,
  c.number_of_children,
  c.housing_costs_claimed,
  c.childcare_costs_claimed,
  datediff(c.claim_start_date, c.declaration_date)                         AS days_declaration_to_start,
  datediff(coalesce(c.claim_closed_date, ctx.export_date), c.claim_start_date) AS days_on_claim,
  datediff(pay.first_payment_date, c.claim_start_date)                     AS days_to_first_payment,
  -- first UC payment is due 7 days after the end of the first (one month) assessment period
  CASE
    WHEN pay.first_payment_date IS NULL OR st.first_ap_end_date IS NULL THEN NULL
    WHEN pay.first_payment_date <= date_add(st.first_ap_end_date, 7) THEN true
    ELSE false
  END                                                                      AS paid_within_target_flag,
  coalesce(st.statement_count, 0)                                          AS statement_count,
  coalesce(pay.total_paid_amount, CAST(0 AS DECIMAL(14,2)))                AS total_paid_amount,
  CAST(row_number() OVER (PARTITION BY c.lead_claimant_id ORDER BY c.claim_start_date, c.contract_id) AS INT) AS claim_sequence_for_claimant,
  datediff(
    c.claim_start_date,
    lag(c.claim_closed_date, 1) OVER (PARTITION BY c.lead_claimant_id ORDER BY c.claim_start_date, c.contract_id)
  )                                                                        AS days_since_previous_claim
FROM {{ transform_database }}.contract c
CROSS JOIN {{ transform_database }}.snapshot_context ctx
LEFT JOIN {{ model_database }}.dim_claimant dc
  ON dc.claimant_id = c.lead_claimant_id
LEFT JOIN (
  SELECT contract_id, max(claimant_id) AS partner_claimant_id
  FROM {{ transform_database }}.contract_claimant
  WHERE claimant_role = 'PARTNER'
  GROUP BY contract_id
) partner
  ON partner.contract_id = c.contract_id
LEFT JOIN {{ model_database }}.dim_claimant dp
  ON dp.claimant_id = partner.partner_claimant_id
LEFT JOIN {{ model_database }}.dim_site ds
  ON ds.site_id = c.home_site_id
LEFT JOIN (
  SELECT
    contract_id,
    min(payment_date)                                                      AS first_payment_date,
    CAST(sum(payment_amount) AS DECIMAL(14,2))                             AS total_paid_amount
  FROM {{ transform_database }}.statement_payment
  WHERE payment_status = 'PAID'
  GROUP BY contract_id
) pay
  ON pay.contract_id = c.contract_id
LEFT JOIN (
  SELECT
    contract_id,
    CAST(count(*) AS INT)                                                  AS statement_count,
    min(assessment_period_end_date)                                        AS first_ap_end_date
  FROM {{ transform_database }}.statement
  GROUP BY contract_id
) st
  ON st.contract_id = c.contract_id
LEFT JOIN {{ model_database }}.dim_date dd_decl
  ON dd_decl.calendar_date = c.declaration_date
LEFT JOIN {{ model_database }}.dim_date dd_start
  ON dd_start.calendar_date = c.claim_start_date
LEFT JOIN {{ model_database }}.dim_date dd_closed
  ON dd_closed.calendar_date = c.claim_closed_date
LEFT JOIN {{ model_database }}.dim_date dd_pay
  ON dd_pay.calendar_date = pay.first_payment_date;
