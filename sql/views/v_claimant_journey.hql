-- Analyst view: the journey of each claimant through each claim: registration, declaration,
-- claim start, first payment and closure, with the number of appointments (and missed ones),
-- to-dos raised and assessment periods paid on that claim.
CREATE OR REPLACE VIEW {{ views_database }}.v_claimant_journey AS
SELECT
  c.claimant_id,
  c.age_band,
  c.gender,
  c.local_authority_name,
  f.contract_id,
  f.claim_type,
  f.claim_sequence_for_claimant,
  c.registration_date,
  dd.calendar_date                                                         AS declaration_date,
  f.claim_start_date,
  f.first_payment_date,
  f.claim_closed_date,
  f.contract_status,
  f.closure_reason_description,
  f.days_declaration_to_start,
  f.days_to_first_payment,
  f.days_on_claim,
  coalesce(ap.appointments, 0)                                             AS appointments,
  coalesce(ap.appointments_missed, 0)                                      AS appointments_missed,
  ap.first_appointment_date,
  coalesce(td.to_dos_raised, 0)                                            AS to_dos_raised,
  coalesce(td.to_dos_outstanding, 0)                                       AS to_dos_outstanding,
  coalesce(st.assessment_periods, 0)                                       AS assessment_periods,
  st.latest_assessment_period_month,
  st.total_take_home_pay
FROM {{ model_database }}.fact_claim f
JOIN {{ model_database }}.dim_claimant c
  ON c.claimant_sk = f.claimant_sk
LEFT JOIN {{ model_database }}.dim_date dd
  ON dd.date_sk = f.declaration_date_sk
LEFT JOIN (
  SELECT
    fa.contract_id,
    sum(fa.appointment_count)                                              AS appointments,
    sum(fa.failed_to_attend_count)                                         AS appointments_missed,
    min(d.calendar_date)                                                   AS first_appointment_date
  FROM {{ model_database }}.fact_appointment fa
  LEFT JOIN {{ model_database }}.dim_date d
    ON d.date_sk = fa.appointment_date_sk
  GROUP BY fa.contract_id
) ap
  ON ap.contract_id = f.contract_id
LEFT JOIN (
  SELECT contract_id, count(*) AS to_dos_raised, sum(outstanding_count) AS to_dos_outstanding
  FROM {{ model_database }}.fact_to_do
  GROUP BY contract_id
) td
  ON td.contract_id = f.contract_id
LEFT JOIN (
  SELECT
    contract_id,
    count(*)                                                               AS assessment_periods,
    max(assessment_period_month)                                           AS latest_assessment_period_month,
    sum(take_home_pay_amount)                                              AS total_take_home_pay
  FROM {{ model_database }}.fact_statement
  GROUP BY contract_id
) st
  ON st.contract_id = f.contract_id
WHERE f.claimant_sk <> -1;
