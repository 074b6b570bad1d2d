-- Analyst view: UC spend per assessment period month: number of awards, each award element, the
-- earnings reduction, deductions by group, take-home pay and the split paid to claimants and
-- (managed payments) to landlords.
CREATE OR REPLACE VIEW {{ views_database }}.v_payment_totals_by_assessment_period AS
SELECT
  f.assessment_period_month,
  count(*)                                                                 AS statements,
  sum(CASE WHEN f.nil_award_flag THEN 0 ELSE 1 END)                        AS awards_in_payment,
  sum(CASE WHEN f.in_work_flag THEN 1 ELSE 0 END)                          AS in_work_awards,
  sum(f.standard_allowance_amount)                                         AS standard_allowance_total,
  sum(f.housing_element_amount)                                            AS housing_element_total,
  sum(f.child_element_amount)                                              AS child_element_total,
  sum(f.childcare_costs_element_amount)                                    AS childcare_costs_element_total,
  sum(f.lcw_element_amount)                                                AS lcw_element_total,
  sum(f.carer_element_amount)                                              AS carer_element_total,
  sum(f.earnings_reduction_amount)                                         AS earnings_reduction_total,
  sum(f.total_award_amount)                                                AS award_total,
  sum(f.dwp_debt_deduction_amount)                                         AS dwp_debt_deduction_total,
  sum(f.third_party_deduction_amount)                                      AS third_party_deduction_total,
  sum(f.sanction_deduction_amount)                                         AS sanction_deduction_total,
  sum(f.take_home_pay_amount)                                              AS take_home_pay_total,
  round(avg(f.take_home_pay_amount), 2)                                    AS avg_take_home_pay,
  sum(f.paid_to_claimant_amount)                                           AS paid_to_claimants_total,
  sum(f.paid_to_landlord_amount)                                           AS paid_to_landlords_total
FROM {{ model_database }}.fact_statement f
GROUP BY f.assessment_period_month;
