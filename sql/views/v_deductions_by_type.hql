-- Analyst view: deductions taken from UC awards by assessment period month and deduction type
-- (advance repayments, overpayment recovery, third-party deductions, sanctions): count of
-- statements affected, total and average amount.
CREATE OR REPLACE VIEW {{ views_database }}.v_deductions_by_type AS
SELECT
  d.assessment_period_month,
  d.deduction_group,
  d.deduction_type_code,
  d.deduction_type_description,
  count(DISTINCT d.statement_id)                                           AS statements_with_deduction,
  count(*)                                                                 AS deductions,
  sum(d.deduction_amount)                                                  AS deduction_total,
  round(avg(d.deduction_amount), 2)                                        AS avg_deduction_amount
FROM {{ transform_database }}.statement_deduction d
GROUP BY d.assessment_period_month, d.deduction_group, d.deduction_type_code, d.deduction_type_description;
