-- One row per claimant on a claim, exploded from the claimants array of the latest version of
-- each contract: links claims to claimants with the claimant's role (LEAD / PARTNER) and the
-- dates they joined and left the claim (a couple separating leaves a left date).
DROP TABLE IF EXISTS {{ transform_database }}.contract_claimant;
CREATE TABLE {{ transform_database }}.contract_claimant (
  contract_id             STRING,
  claimant_id             STRING,
  claimant_role           STRING,
  joined_date             DATE,
  left_date               DATE,
  current_member_flag     BOOLEAN,
  last_modified_timestamp TIMESTAMP
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.contract_claimant
SELECT
  x.contract_id,
  nullif(get_json_object(x.claimant_json, '$.claimantid'), 'null')         AS claimant_id,
  coalesce(upper(trim(nullif(get_json_object(x.claimant_json, '$.role'), 'null'))), 'UNKNOWN') AS claimant_role,
  to_date(nullif(get_json_object(x.claimant_json, '$.joineddate'), 'null')) AS joined_date,
  to_date(nullif(get_json_object(x.claimant_json, '$.leftdate'), 'null'))  AS left_date,
  CASE WHEN nullif(get_json_object(x.claimant_json, '$.leftdate'), 'null') IS NULL THEN true ELSE false END AS current_member_flag,
  c.last_modified_timestamp
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.contractid'), 'null')               AS contract_id,
    s.`_lastModifiedDateTime`                                              AS last_modified_raw,
    cl                                                                     AS claimant_json
  FROM {{ source_database }}.contract s
  LATERAL VIEW explode(s.claimants) cls AS cl
) x
JOIN {{ transform_database }}.contract c
  ON c.contract_id = x.contract_id
 AND c.last_modified_timestamp = CAST(regexp_replace(substr(x.last_modified_raw, 1, 23), 'T', ' ') AS TIMESTAMP)
WHERE nullif(get_json_object(x.claimant_json, '$.claimantid'), 'null') IS NOT NULL;
