-- Source: the UC person collection (core/person): every individual known to a claim, claimants,
-- partners and the children and other dependants they claim for. One JSON document per line;
-- flattened by transform/person.hql.
--
-- One document:
-- {"_id": {"personId": "b7e1f2a3-4c5d-4e6f-8a9b-0c1d2e3f4a5b"},
--  "_lastModifiedDateTime": "2021-02-20T17:45:03.118+0000",
--  "personType": "CHILD",
--  "contractId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
--  "firstName": "Oliver", "lastName": "Smith",
--  "dateOfBirth": "2016-09-14",
--  "gender": "M",
--  "disability": {"hasDisability": true, "level": "LOWER", "awardedDateTime": "2020-07-01T00:00:00.000+0000"},
--  "relationships": [{"relatedPersonId": "a2d4c6e8-0b1d-4f3a-8c5e-7a9b1c3d5e7f", "relationshipType": "PARENT"}],
--  "createdDateTime": "2021-01-04T15:52:40.000+0000"}
-- Types: personType CLAIMANT | PARTNER | CHILD | NON_DEPENDANT; dateOfBirth yyyy-MM-dd; gender M | F | X;
-- disability is an object or null, disability.hasDisability boolean, disability.level LOWER | HIGHER;
-- relationships array of objects, relationshipType PARENT | PARTNER | GUARDIAN | OTHER.
DROP TABLE IF EXISTS {{ source_database }}.person;
CREATE EXTERNAL TABLE {{ source_database }}.person (
  `_id`                  STRING,
  `_lastModifiedDateTime` STRING,
  personType             STRING,
  contractId             STRING,
  firstName              STRING,
  lastName               STRING,
  dateOfBirth            STRING,
  gender                 STRING,
  disability             STRING,
  relationships          ARRAY<STRING>,
  createdDateTime        STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ data_path }}/core/person/';
