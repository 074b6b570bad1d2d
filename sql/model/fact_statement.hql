-- Monthly award fact: one row per UC statement (assessment period) with the award elements,
-- income, earnings taper, deductions by group, take-home pay and how it was paid (claimant vs
-- landlord). Partitioned by assessment period month with a dynamic-partition insert.
SET hive.exec.dynamic.partition=true;
SET hive.exec.dynamic.partition.mode=nonstrict;

DROP TABLE IF EXISTS {{ model_database }}.fact_statement;
CREATE TABLE {{ model_database }}.fact_statement (
  statement_id                    STRING,
  contract_id                     STRING,
  claimant_sk                     INT,
  site_sk                         INT,
  ap_start_date_sk                INT,
  ap_end_date_sk                  INT,
  assessment_period_number        INT,
  statement_status                STRING,
  standard_allowance_amount       DECIMAL(12,2),
  housing_element_amount          DECIMAL(12,2),
  child_element_amount            DECIMAL(12,2),
  childcare_costs_element_amount  DECIMAL(12,2),
  lcw_element_amount              DECIMAL(12,2),
  carer_element_amount            DECIMAL(12,2),
  maximum_award_amount            DECIMAL(12,2),
  earned_income_amount            DECIMAL(12,2),
  earnings_reduction_amount       DECIMAL(12,2),
  total_award_amount              DECIMAL(12,2),
  dwp_debt_deduction_amount       DECIMAL(12,2),
  third_party_deduction_amount    DECIMAL(12,2),
  sanction_deduction_amount       DECIMAL(12,2),
  total_deductions_amount         DECIMAL(12,2),
  take_home_pay_amount            DECIMAL(12,2),
  paid_to_claimant_amount         DECIMAL(12,2),
  paid_to_landlord_amount         DECIMAL(12,2),
  in_work_flag                    BOOLEAN,
  nil_award_flag                  BOOLEAN,
  take_home_pay_change_amount     DECIMAL(12,2),
  cumulative_take_home_pay_amount DECIMAL(14,2)
)
PARTITIONED BY (assessment_period_month STRING)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ model_database }}.fact_statement PARTITION (assessment_period_month)
SELECT
  s.statement_id,
  s.contract_id,
  coalesce(dc.claimant_sk, -1)                                             AS claimant_sk,
  coalesce(ds.site_sk, -1)                                                 AS site_sk,
  coalesce(d_start.date_sk, -1)                                            AS ap_start_date_sk,
  coalesce(d_end.date_sk, -1)                                              AS ap_end_date_sk,
  CAST(row_number() OVER (PARTITION BY s.contract_id ORDER BY s.assessment_period_start_date) AS INT) AS assessment_period_number,
  s.statement_status,
  s.standard_allowance_amount,
  s.housing_element_amount,
  s.child_element_amount,
  s.childcare_costs_element_amount,
  s.lcw_element_amount,
  s.carer_element_amount,
  s.maximum_award_amount,
  s.earned_income_amount,
  s.earnings_reduction_amount,
  s.total_award_amount,
  CAST(coalesce(ded.dwp_debt_amount, 0) AS DECIMAL(12,2))                  AS dwp_debt_deduction_amount,
  CAST(coalesce(ded.third_party_amount, 0) AS DECIMAL(12,2))               AS third_party_deduction_amount,
  CAST(coalesce(ded.sanction_amount, 0) AS DECIMAL(12,2))                  AS sanction_deduction_amount,
  s.total_deductions_amount,
  s.take_home_pay_amount,
  CAST(coalesce(pay.claimant_amount, 0) AS DECIMAL(12,2))                  AS paid_to_claimant_amount,
  CAST(coalesce(pay.landlord_amount, 0) AS DECIMAL(12,2))                  AS paid_to_landlord_amount,
  CASE WHEN s.earned_income_amount > 0 THEN true ELSE false END            AS in_work_flag,
  CASE WHEN s.total_award_amount <= 0 THEN true ELSE false END             AS nil_award_flag,
  CAST(s.take_home_pay_amount - lag(s.take_home_pay_amount, 1) OVER (PARTITION BY s.contract_id ORDER BY s.assessment_period_start_date) AS DECIMAL(12,2)) AS take_home_pay_change_amount,
  CAST(sum(s.take_home_pay_amount) OVER (
    PARTITION BY s.contract_id ORDER BY s.assessment_period_start_date
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS DECIMAL(14,2))                                                      AS cumulative_take_home_pay_amount,
  s.assessment_period_month
FROM {{ transform_database }}.statement s
LEFT JOIN {{ transform_database }}.contract c
  ON c.contract_id = s.contract_id
LEFT JOIN {{ model_database }}.dim_claimant dc
  ON dc.claimant_id = c.lead_claimant_id
LEFT JOIN {{ model_database }}.dim_site ds
  ON ds.site_id = c.home_site_id
LEFT JOIN {{ model_database }}.dim_date d_start
  ON d_start.calendar_date = s.assessment_period_start_date
LEFT JOIN {{ model_database }}.dim_date d_end
  ON d_end.calendar_date = s.assessment_period_end_date
LEFT JOIN (
  SELECT
    statement_id,
    sum(CASE WHEN deduction_group = 'DWP_DEBT' THEN deduction_amount ELSE 0 END)    AS dwp_debt_amount,
    sum(CASE WHEN deduction_group = 'THIRD_PARTY' THEN deduction_amount ELSE 0 END) AS third_party_amount,
    sum(CASE WHEN deduction_group = 'SANCTION' THEN deduction_amount ELSE 0 END)    AS sanction_amount
  FROM {{ transform_database }}.statement_deduction
  GROUP BY statement_id
) ded
  ON ded.statement_id = s.statement_id
LEFT JOIN (
  SELECT
    statement_id,
    sum(CASE WHEN payee_type = 'CLAIMANT' THEN payment_amount ELSE 0 END)  AS claimant_amount,
    sum(CASE WHEN payee_type = 'LANDLORD' THEN payment_amount ELSE 0 END)  AS landlord_amount
  FROM {{ transform_database }}.statement_payment
  WHERE payment_status IN ('PAID', 'SCHEDULED')
  GROUP BY statement_id
) pay
  ON pay.statement_id = s.statement_id;
