-- Source: the UC contract collection (core/contract). A contract is a Universal Credit claim: a
-- single claimant or a couple, with its declaration, start and closure. One JSON document per
-- line; flattened by transform/contract.hql and transform/contract_claimant.hql.
--
-- One document:
-- {"_id": {"contractId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"},
--  "_lastModifiedDateTime": "2021-03-15T02:11:56.907+0000",
--  "claimType": "COUPLE",
--  "status": "OPEN",
--  "claimants": [{"claimantId": "6f1c2b9e-1d4a-4b7e-9a51-3c2e8f0d7a11", "role": "LEAD",
--                 "joinedDate": "2021-01-04", "leftDate": null},
--                {"claimantId": "3e5a7c9e-2b4d-4f6a-8c0e-1a3c5e7a9c1e", "role": "PARTNER",
--                 "joinedDate": "2021-01-04", "leftDate": null}],
--  "declarationDateTime": "2021-01-04T16:20:00.000+0000",
--  "startDate": "2021-01-04",
--  "closedDate": null,
--  "closureReasonCode": null,
--  "assessmentPeriodDay": 4,
--  "homeSiteId": "ST000118",
--  "circumstances": {"housingCostsClaimed": true, "childcareCostsClaimed": false,
--                    "numberOfChildren": 2, "hasLimitedCapabilityForWork": false, "isCarer": false},
--  "createdDateTime": "2021-01-04T15:40:12.000+0000"}
-- Types: claimType SINGLE | COUPLE; status OPEN | SUSPENDED | CLOSED; claimants array of objects,
-- role LEAD | PARTNER, joinedDate/leftDate yyyy-MM-dd or null; startDate/closedDate yyyy-MM-dd;
-- closureReasonCode a CLOSURE_REASON dictionary code (EARNINGS_TOO_HIGH, CLAIMANT_REQUEST,
-- FAILED_TO_ACCEPT_COMMITMENT, NOT_UK_RESIDENT, DECEASED) or null; assessmentPeriodDay integer 1-31;
-- homeSiteId a Crown site_dim.site_id; circumstances booleans and an integer.
DROP TABLE IF EXISTS {{ source_database }}.contract;
CREATE EXTERNAL TABLE {{ source_database }}.contract (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  claimType              STRING,
  status                 STRING,
  claimants              ARRAY<STRING>,
  declarationDateTime    STRING,
  startDate              STRING,
  closedDate             STRING,
  closureReasonCode      STRING,
  assessmentPeriodDay    INT,
  homeSiteId             STRING,
  circumstances          STRING,
  createdDateTime        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/core/contract/';
