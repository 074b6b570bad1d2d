-- Analyst view: new UC claims per home site and claim start month, split single / couple, with
-- how many are still open and the average days to first payment. Materialised into the uc
-- database by create-views-tables.
CREATE OR REPLACE VIEW {{ views_database }}.v_claims_by_site_month AS
SELECT
  s.region_name,
  s.district_name,
  s.site_code,
  s.site_name,
  d.year_month                                                             AS claim_start_month,
  d.financial_year,
  sum(f.claim_count)                                                       AS new_claims,
  sum(CASE WHEN f.claim_type = 'SINGLE' THEN 1 ELSE 0 END)                 AS single_claims,
  sum(CASE WHEN f.claim_type = 'COUPLE' THEN 1 ELSE 0 END)                 AS couple_claims,
  sum(CASE WHEN f.contract_status = 'OPEN' THEN 1 ELSE 0 END)              AS still_open_claims,
  sum(CASE WHEN f.contract_status = 'CLOSED' THEN 1 ELSE 0 END)            AS closed_claims,
  sum(CASE WHEN f.housing_costs_claimed THEN 1 ELSE 0 END)                 AS claims_with_housing_costs,
  round(avg(f.days_to_first_payment), 1)                                   AS avg_days_to_first_payment
FROM {{ model_database }}.fact_claim f
JOIN {{ model_database }}.dim_site s
  ON s.site_sk = f.site_sk
JOIN {{ model_database }}.dim_date d
  ON d.date_sk = f.start_date_sk
GROUP BY s.region_name, s.district_name, s.site_code, s.site_name, d.year_month, d.financial_year;
