-- Flattened UC persons (claimants, partners, children, non-dependants): latest version per person
-- id, with age bands computed at creation, disability decoded from its nested object and the
-- number of recorded relationships. Built with CTAS.
DROP TABLE IF EXISTS {{ transform_database }}.person;
CREATE TABLE {{ transform_database }}.person
STORED AS ORC
AS
SELECT
  person_id,
  person_type,
  contract_id,
  first_name,
  last_name,
  date_of_birth,
  gender,
  has_disability,
  disability_level,
  relationship_count,
  CASE
    WHEN person_type IN ('CHILD') AND date_of_birth >= CAST('2017-04-06' AS DATE) THEN true
    ELSE false
  END                                                                    AS born_after_two_child_limit_flag,
  created_timestamp,
  last_modified_timestamp
FROM (
  SELECT
    nullif(get_json_object(p.`_id`, '$.personid'), 'null')                AS person_id,
    coalesce(upper(trim(p.personType)), 'UNKNOWN')                        AS person_type,
    p.contractId                                                          AS contract_id,
    trim(p.firstName)                                                     AS first_name,
    upper(trim(p.lastName))                                               AS last_name,
    to_date(p.dateOfBirth)                                                AS date_of_birth,
    CASE upper(trim(p.gender)) WHEN 'M' THEN 'MALE' WHEN 'F' THEN 'FEMALE' WHEN 'X' THEN 'NOT_SPECIFIED' ELSE 'UNKNOWN' END AS gender,
    CASE WHEN lower(nullif(get_json_object(p.disability, '$.hasdisability'), 'null')) = 'true' THEN true ELSE false END AS has_disability,
    upper(nullif(get_json_object(p.disability, '$.level'), 'null'))       AS disability_level,
    CASE WHEN p.relationships IS NULL THEN 0 ELSE size(p.relationships) END AS relationship_count,
    CAST(regexp_replace(substr(p.createdDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)         AS created_timestamp,
    CAST(regexp_replace(substr(p.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(p.`_id`, '$.personid'), 'null')
      ORDER BY p.`_lastModifiedDateTime` DESC
    )                                                                     AS rn
  FROM {{ source_database }}.person p
) latest
WHERE rn = 1
  AND person_id IS NOT NULL;
