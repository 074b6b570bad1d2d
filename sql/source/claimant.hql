-- Source: the UC claimant collection (core/claimant) of the ADG analytical dataset, one JSON
-- document per line. External table only: nested objects arrive as JSON text (STRING) and arrays
-- of objects as ARRAY<STRING>; transform/claimant.hql flattens, types and deduplicates them.
--
-- One document:
-- {"_id": {"claimantId": "6f1c2b9e-1d4a-4b7e-9a51-3c2e8f0d7a11"},
--  "_lastModifiedDateTime": "2021-03-14T09:21:07.412+0000",
--  "nino": "QQ123456C",
--  "personId": "a2d4c6e8-0b1d-4f3a-8c5e-7a9b1c3d5e7f",
--  "personDetails": {"title": "MS", "firstName": "Jane", "lastName": "Smith",
--                    "dateOfBirth": "1987-06-02", "gender": "F", "maritalStatus": "MARRIED"},
--  "contactDetails": {"emailAddress": "jane.smith@example.com", "mobileNumber": "07700900123",
--                     "preferredContactMethod": "JOURNAL"},
--  "addressId": "0c9e8d7f-6a5b-4c3d-9e1f-2a3b4c5d6e7f",
--  "identityVerification": {"status": "VERIFIED", "method": "GOV_UK_VERIFY",
--                           "verifiedDateTime": "2021-01-05T11:02:33.000+0000"},
--  "paymentDetails": [{"accountType": "BANK", "sortCode": "200000", "accountNumberLastFour": "5678",
--                      "effectiveFromDate": "2021-01-05", "isCurrent": true}],
--  "registrationDateTime": "2021-01-04T15:40:12.000+0000",
--  "createdDateTime": "2021-01-04T15:40:12.000+0000",
--  "isDeleted": false}
-- Types: ids are UUID strings; nino string (null until verified, format 2 letters 6 digits 1 letter);
-- dateOfBirth / effectiveFromDate strings yyyy-MM-dd; *DateTime strings yyyy-MM-ddTHH:mm:ss.SSS+0000;
-- gender M | F | X; maritalStatus a MARITAL_STATUS dictionary code (SINGLE, MARRIED, CIVIL_PARTNERSHIP,
-- SEPARATED, DIVORCED, WIDOWED); preferredContactMethod JOURNAL | EMAIL | SMS | PHONE;
-- identityVerification.status VERIFIED | PENDING | FAILED; paymentDetails.accountType BANK | BUILDING_SOCIETY
-- | CREDIT_UNION; paymentDetails.isCurrent and isDeleted booleans.
DROP TABLE IF EXISTS {{ source_database }}.claimant;
CREATE EXTERNAL TABLE {{ source_database }}.claimant (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  nino                   STRING,
  personId               STRING,
  personDetails          STRING,
  contactDetails         STRING,
  addressId              STRING,
  identityVerification   STRING,
  paymentDetails         ARRAY<STRING>,
  registrationDateTime   STRING,
  createdDateTime        STRING,
  isDeleted              BOOLEAN
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/core/claimant/';
