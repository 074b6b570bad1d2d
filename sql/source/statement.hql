-- Source: the UC statement collection (core/statement): the monthly award statement of a claim,
-- one per assessment period, with the award elements, deductions and the payments that paid it.
-- One JSON document per line; flattened by transform/statement.hql, statement_payment.hql and
-- statement_deduction.hql. Money is held in pence as integers.
--
-- One document:
-- {"_id": {"statementId": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"},
--  "_lastModifiedDateTime": "2021-03-11T04:02:19.551+0000",
--  "contractId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
--  "assessmentPeriod": {"startDate": "2021-02-04", "endDate": "2021-03-03"},
--  "status": "PAID",
--  "awardComponents": {"standardAllowanceInPence": 59404, "housingElementInPence": 65000,
--                      "childElementInPence": 51708, "childcareCostsElementInPence": 0,
--                      "limitedCapabilityForWorkElementInPence": 0, "carerElementInPence": 0},
--  "earnedIncomeInPence": 45000, "unearnedIncomeInPence": 0, "workAllowanceInPence": 29300,
--  "earningsReductionInPence": 9891,
--  "totalAwardInPence": 166221,
--  "deductions": [{"deductionType": "ADVANCE_REPAYMENT", "amountInPence": 4200},
--                 {"deductionType": "THIRD_PARTY_RENT_ARREARS", "amountInPence": 3700}],
--  "totalDeductionsInPence": 7900,
--  "takeHomePayInPence": 158321,
--  "payments": [{"paymentId": "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", "payeeType": "CLAIMANT",
--                "amountInPence": 108321, "paymentDate": "2021-03-10", "paymentStatus": "PAID"},
--               {"paymentId": "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f7a", "payeeType": "LANDLORD",
--                "amountInPence": 50000, "paymentDate": "2021-03-10", "paymentStatus": "PAID"}],
--  "calculationDateTime": "2021-03-04T01:15:42.000+0000",
--  "createdDateTime": "2021-03-04T01:15:42.000+0000"}
-- Types: *InPence integers (pence, never null in awardComponents: 0 when the element is not
-- awarded); assessmentPeriod dates yyyy-MM-dd, an AP runs one calendar month from the
-- contract's assessmentPeriodDay; status CALCULATED | PAID | CANCELLED; deductionType a
-- DEDUCTION_TYPE dictionary code (ADVANCE_REPAYMENT, OVERPAYMENT_RECOVERY, THIRD_PARTY_RENT_ARREARS,
-- THIRD_PARTY_COUNCIL_TAX, SANCTION, CHILD_MAINTENANCE); payeeType CLAIMANT | LANDLORD | THIRD_PARTY;
-- paymentStatus SCHEDULED | PAID | FAILED | RECALLED.
DROP TABLE IF EXISTS {{ source_database }}.statement;
CREATE EXTERNAL TABLE {{ source_database }}.statement (
  `_id`                    STRING,
  `_lastModifiedDateTime`  STRING,
  contractId               STRING,
  assessmentPeriod         STRING,
  status                   STRING,
  awardComponents          STRING,
  earnedIncomeInPence      BIGINT,
  unearnedIncomeInPence    BIGINT,
  workAllowanceInPence     BIGINT,
  earningsReductionInPence BIGINT,
  totalAwardInPence        BIGINT,
  deductions               ARRAY<STRING>,
  totalDeductionsInPence   BIGINT,
  takeHomePayInPence       BIGINT,
  payments                 ARRAY<STRING>,
  calculationDateTime      STRING,
  createdDateTime          STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/core/statement/';
