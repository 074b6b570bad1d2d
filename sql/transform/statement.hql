-- Flattened UC monthly statements: latest version per statement id, award elements and income
-- converted from pence to pounds, partitioned by assessment period month (yyyy-MM of the AP end
-- date, the month the award is paid in) with a dynamic-partition insert.
SET hive.exec.dynamic.partition=true;
SET hive.exec.dynamic.partition.mode=nonstrict;

DROP TABLE IF EXISTS {{ transform_database }}.statement;
CREATE TABLE {{ transform_database }}.statement (
  statement_id                    STRING,
  contract_id                     STRING,
  assessment_period_start_date    DATE,
  assessment_period_end_date      DATE,
  statement_status                STRING,
  standard_allowance_amount       DECIMAL(12,2),
  housing_element_amount          DECIMAL(12,2),
  child_element_amount            DECIMAL(12,2),
  childcare_costs_element_amount  DECIMAL(12,2),
  lcw_element_amount              DECIMAL(12,2),
  carer_element_amount            DECIMAL(12,2),
  maximum_award_amount            DECIMAL(12,2),
  earned_income_amount            DECIMAL(12,2),
  unearned_income_amount          DECIMAL(12,2),
  work_allowance_amount           DECIMAL(12,2),
  earnings_reduction_amount       DECIMAL(12,2),
  total_award_amount              DECIMAL(12,2),
  total_deductions_amount         DECIMAL(12,2),
  take_home_pay_amount            DECIMAL(12,2),
  deduction_count                 INT,
  payment_count                   INT,
  calculation_timestamp           TIMESTAMP,
  created_timestamp               TIMESTAMP,
  last_modified_timestamp         TIMESTAMP
)
PARTITIONED BY (assessment_period_month STRING)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.statement PARTITION (assessment_period_month)
SELECT
  statement_id,
  contract_id,
  assessment_period_start_date,
  assessment_period_end_date,
  statement_status,
  standard_allowance_amount,
  housing_element_amount,
  child_element_amount,
  childcare_costs_element_amount,
  lcw_element_amount,
  carer_element_amount,
  standard_allowance_amount + housing_element_amount + child_element_amount
    + childcare_costs_element_amount + lcw_element_amount + carer_element_amount AS maximum_award_amount,
  earned_income_amount,
  unearned_income_amount,
  work_allowance_amount,
  earnings_reduction_amount,
  total_award_amount,
  total_deductions_amount,
  take_home_pay_amount,
  deduction_count,
  payment_count,
  calculation_timestamp,
  created_timestamp,
  last_modified_timestamp,
  substr(CAST(assessment_period_end_date AS STRING), 1, 7)               AS assessment_period_month
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.statementid'), 'null')              AS statement_id,
    s.contractId                                                           AS contract_id,
    to_date(nullif(get_json_object(s.assessmentPeriod, '$.startdate'), 'null')) AS assessment_period_start_date,
    to_date(nullif(get_json_object(s.assessmentPeriod, '$.enddate'), 'null')) AS assessment_period_end_date,
    coalesce(upper(trim(s.status)), 'CALCULATED')                          AS statement_status,
    CAST(coalesce(CAST(nullif(get_json_object(s.awardComponents, '$.standardallowanceinpence'), 'null') AS BIGINT), 0) / 100 AS DECIMAL(12,2)) AS standard_allowance_amount,
    CAST(coalesce(CAST(nullif(get_json_object(s.awardComponents, '$.housingelementinpence'), 'null') AS BIGINT), 0) / 100 AS DECIMAL(12,2))  AS housing_element_amount,
    CAST(coalesce(CAST(nullif(get_json_object(s.awardComponents, '$.childelementinpence'), 'null') AS BIGINT), 0) / 100 AS DECIMAL(12,2))    AS child_element_amount,
    CAST(coalesce(CAST(nullif(get_json_object(s.awardComponents, '$.childcarecostselementinpence'), 'null') AS BIGINT), 0) / 100 AS DECIMAL(12,2)) AS childcare_costs_element_amount,
    CAST(coalesce(CAST(nullif(get_json_object(s.awardComponents, '$.limitedcapabilityforworkelementinpence'), 'null') AS BIGINT), 0) / 100 AS DECIMAL(12,2)) AS lcw_element_amount,
    CAST(coalesce(CAST(nullif(get_json_object(s.awardComponents, '$.carerelementinpence'), 'null') AS BIGINT), 0) / 100 AS DECIMAL(12,2))    AS carer_element_amount,
    CAST(coalesce(s.earnedIncomeInPence, 0) / 100 AS DECIMAL(12,2))        AS earned_income_amount,
    CAST(coalesce(s.unearnedIncomeInPence, 0) / 100 AS DECIMAL(12,2))      AS unearned_income_amount,
    CAST(coalesce(s.workAllowanceInPence, 0) / 100 AS DECIMAL(12,2))       AS work_allowance_amount,
    CAST(coalesce(s.earningsReductionInPence, 0) / 100 AS DECIMAL(12,2))   AS earnings_reduction_amount,
    CAST(coalesce(s.totalAwardInPence, 0) / 100 AS DECIMAL(12,2))          AS total_award_amount,
    CAST(coalesce(s.totalDeductionsInPence, 0) / 100 AS DECIMAL(12,2))     AS total_deductions_amount,
    CAST(coalesce(s.takeHomePayInPence, 0) / 100 AS DECIMAL(12,2))         AS take_home_pay_amount,
    CASE WHEN s.deductions IS NULL THEN 0 ELSE size(s.deductions) END AS deduction_count,
    CASE WHEN s.payments IS NULL THEN 0 ELSE size(s.payments) END AS payment_count,
    CAST(regexp_replace(substr(s.calculationDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)     AS calculation_timestamp,
    CAST(regexp_replace(substr(s.createdDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)         AS created_timestamp,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(s.`_id`, '$.statementid'), 'null')
      ORDER BY s.`_lastModifiedDateTime` DESC
    )                                                                      AS rn
  FROM {{ source_database }}.statement s
) latest
WHERE rn = 1
  AND statement_id IS NOT NULL
  AND statement_status <> 'CANCELLED'
  AND assessment_period_end_date IS NOT NULL;
