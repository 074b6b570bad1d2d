-- Source: the UC address collection (core/address): addresses claimants give, with postcode,
-- UPRN and the local authority that administers housing and council tax support for it.
-- Flattened by transform/address.hql.
--
-- One document:
-- {"_id": {"addressId": "0c9e8d7f-6a5b-4c3d-9e1f-2a3b4c5d6e7f"},
--  "_lastModifiedDateTime": "2021-01-04T15:41:02.220+0000",
--  "lines": ["Flat 3", "27 Wheeler Street"],
--  "town": "Birmingham",
--  "postcode": "b19 2ez",
--  "uprn": "100070531217",
--  "localAuthority": {"code": "E08000025", "name": "Birmingham"},
--  "country": "ENGLAND",
--  "tenure": {"type": "SOCIAL_RENTED", "landlordType": "HOUSING_ASSOCIATION", "monthlyRentInPence": 65000},
--  "createdDateTime": "2021-01-04T15:41:02.000+0000"}
-- Types: lines array of strings (1 to 4 lines); postcode free text as typed (any case, with or
-- without the space); uprn string of digits or null; localAuthority.code ONS code; country
-- ENGLAND | WALES | SCOTLAND; tenure object or null, tenure.type SOCIAL_RENTED | PRIVATE_RENTED |
-- OWNER_OCCUPIER | OTHER, monthlyRentInPence integer.
DROP TABLE IF EXISTS {{ source_database }}.address;
CREATE EXTERNAL TABLE {{ source_database }}.address (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  lines                  ARRAY<STRING>,
  town                   STRING,
  postcode               STRING,
  uprn                   STRING,
  localAuthority         STRING,
  country                STRING,
  tenure                 STRING,
  createdDateTime        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/core/address/';
