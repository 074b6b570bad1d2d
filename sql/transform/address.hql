-- Flattened UC addresses: one row per address id (latest version), postcode normalised to
-- upper case with one space before the inward code, postcode district and area derived for
-- geographic reporting, local authority and tenure pulled out of their nested objects.
DROP TABLE IF EXISTS {{ transform_database }}.address;
CREATE TABLE {{ transform_database }}.address (
  address_id              STRING,
  address_lines           STRING,
  address_line_count      INT,
  town                    STRING,
  postcode                STRING,
  postcode_district       STRING,
  postcode_area           STRING,
  uprn                    STRING,
  local_authority_code    STRING,
  local_authority_name    STRING,
  country                 STRING,
  tenure_type             STRING,
  landlord_type           STRING,
  monthly_rent_amount     DECIMAL(10,2),
  created_timestamp       TIMESTAMP,
  last_modified_timestamp TIMESTAMP
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.address
SELECT
  address_id,
  address_lines,
  address_line_count,
  town,
  postcode,
  regexp_extract(postcode, '^([A-Z0-9]+) ', 1)                         AS postcode_district,
  regexp_extract(postcode, '^([A-Z]+)', 1)                             AS postcode_area,
  uprn,
  local_authority_code,
  local_authority_name,
  country,
  tenure_type,
  landlord_type,
  monthly_rent_amount,
  created_timestamp,
  last_modified_timestamp
FROM (
  SELECT
    nullif(get_json_object(a.`_id`, '$.addressid'), 'null')             AS address_id,
    trim(concat_ws(', ', a.lines))                                      AS address_lines,
    CASE WHEN a.lines IS NULL THEN 0 ELSE size(a.lines) END AS address_line_count,
    trim(a.town)                                                        AS town,
    regexp_replace(upper(regexp_replace(trim(a.postcode), ' ', '')), '^(.+)([0-9][A-Z]{2})$', '$1 $2') AS postcode,
    trim(a.uprn)                                                        AS uprn,
    upper(trim(nullif(get_json_object(a.localAuthority, '$.code'), 'null'))) AS local_authority_code,
    trim(nullif(get_json_object(a.localAuthority, '$.name'), 'null'))   AS local_authority_name,
    upper(trim(a.country))                                              AS country,
    upper(nullif(get_json_object(a.tenure, '$.type'), 'null'))          AS tenure_type,
    upper(nullif(get_json_object(a.tenure, '$.landlordtype'), 'null'))  AS landlord_type,
    round(CAST(nullif(get_json_object(a.tenure, '$.monthlyrentinpence'), 'null') AS DECIMAL(12,0)) / 100, 2) AS monthly_rent_amount,
    CAST(regexp_replace(substr(a.createdDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)          AS created_timestamp,
    CAST(regexp_replace(substr(a.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP)  AS last_modified_timestamp,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(a.`_id`, '$.addressid'), 'null')
      ORDER BY a.`_lastModifiedDateTime` DESC
    )                                                                   AS rn
  FROM {{ source_database }}.address a
) latest
WHERE rn = 1
  AND address_id IS NOT NULL;
