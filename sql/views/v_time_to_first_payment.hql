-- Analyst view: payment timeliness for new claims by region and claim start month: claims paid,
-- average / fastest / slowest days from claim start to first payment and the percentage paid on
-- time (by seven days after the end of the claim's first one-month assessment period).
CREATE OR REPLACE VIEW {{ views_database }}.v_time_to_first_payment AS
SELECT
  s.region_name,
  d.year_month                                                             AS claim_start_month,
  count(*)                                                                 AS new_claims,
  sum(CASE WHEN f.first_payment_date IS NOT NULL THEN 1 ELSE 0 END)        AS claims_paid,
  round(avg(f.days_to_first_payment), 1)                                   AS avg_days_to_first_payment,
  min(f.days_to_first_payment)                                             AS min_days_to_first_payment,
  max(f.days_to_first_payment)                                             AS max_days_to_first_payment,
  sum(CASE WHEN f.paid_within_target_flag THEN 1 ELSE 0 END)               AS paid_within_target,
  CASE
    WHEN sum(CASE WHEN f.first_payment_date IS NOT NULL THEN 1 ELSE 0 END) = 0 THEN NULL
    ELSE round(100.0 * sum(CASE WHEN f.paid_within_target_flag THEN 1 ELSE 0 END)
               / sum(CASE WHEN f.first_payment_date IS NOT NULL THEN 1 ELSE 0 END), 1)
  END                                                                      AS paid_within_target_pct
FROM {{ model_database }}.fact_claim f
JOIN {{ model_database }}.dim_site s
  ON s.site_sk = f.site_sk
JOIN {{ model_database }}.dim_date d
  ON d.date_sk = f.start_date_sk
WHERE f.claim_sequence_for_claimant = 1
GROUP BY s.region_name, d.year_month;
