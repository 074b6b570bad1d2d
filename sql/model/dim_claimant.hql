-- Claimant dimension: one row per UC claimant with demographics (age and age band at the export
-- date), marital status, address geography (postcode district, local authority, tenure),
-- identity verification and disability. Surrogate key by claimant id; Unknown member -1.
DROP TABLE IF EXISTS {{ model_database }}.dim_claimant;
CREATE TABLE {{ model_database }}.dim_claimant (
  claimant_sk                   INT,
  claimant_id                   STRING,
  nino                          STRING,
  nino_valid_flag               BOOLEAN,
  person_id                     STRING,
  claimant_name                 STRING,
  date_of_birth                 DATE,
  age_at_export                 INT,
  age_band                      STRING,
  gender                        STRING,
  marital_status_code           STRING,
  marital_status_description    STRING,
  has_disability                BOOLEAN,
  address_id                    STRING,
  postcode                      STRING,
  postcode_district             STRING,
  local_authority_code          STRING,
  local_authority_name          STRING,
  tenure_type                   STRING,
  preferred_contact_method      STRING,
  identity_verification_status  STRING,
  payment_account_type          STRING,
  registration_date             DATE,
  is_deleted                    BOOLEAN
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ model_database }}.dim_claimant
SELECT
  CAST(row_number() OVER (ORDER BY c.claimant_id) AS INT)                 AS claimant_sk,
  c.claimant_id,
  c.nino,
  c.nino_valid_flag,
  c.person_id,
  concat_ws(' ', c.first_name, c.last_name)                                AS claimant_name,
  c.date_of_birth,
  c.age_at_export,
  CASE
    WHEN c.age_at_export IS NULL THEN 'Unknown'
    WHEN c.age_at_export < 18 THEN '16-17'
    WHEN c.age_at_export < 25 THEN '18-24'
    WHEN c.age_at_export < 35 THEN '25-34'
    WHEN c.age_at_export < 45 THEN '35-44'
    WHEN c.age_at_export < 55 THEN '45-54'
    WHEN c.age_at_export < 65 THEN '55-64'
    ELSE '65+'
  END                                                                      AS age_band,
  c.gender,
  c.marital_status_code,
  c.marital_status_description,
  coalesce(p.has_disability, false)                                        AS has_disability,
  c.address_id,
  coalesce(a.postcode, 'Unknown')                                          AS postcode,
  coalesce(a.postcode_district, 'Unknown')                                 AS postcode_district,
  coalesce(a.local_authority_code, 'UNKNOWN')                              AS local_authority_code,
  coalesce(a.local_authority_name, 'Unknown')                              AS local_authority_name,
  coalesce(a.tenure_type, 'UNKNOWN')                                       AS tenure_type,
  c.preferred_contact_method,
  c.identity_verification_status,
  coalesce(c.payment_account_type, 'NONE')                                 AS payment_account_type,
  to_date(c.registration_timestamp)                                        AS registration_date,
  c.is_deleted
FROM (
  SELECT
    cl.*,
    -- whole years between date of birth and the export date
    CAST(datediff(ctx.export_date, cl.date_of_birth) / 365.25 AS INT) AS age_at_export
  FROM {{ transform_database }}.claimant cl
  CROSS JOIN {{ transform_database }}.snapshot_context ctx
) c
LEFT JOIN {{ transform_database }}.address a
  ON a.address_id = c.address_id
LEFT JOIN {{ transform_database }}.person p
  ON p.person_id = c.person_id

UNION ALL

SELECT
  -1, 'UNKNOWN', CAST(NULL AS STRING), false, CAST(NULL AS STRING), 'Unknown', CAST(NULL AS DATE),
  CAST(NULL AS INT), 'Unknown', 'UNKNOWN', 'UNKNOWN', 'Unknown', false, CAST(NULL AS STRING),
  'Unknown', 'Unknown', 'UNKNOWN', 'Unknown', 'UNKNOWN', CAST(NULL AS STRING), CAST(NULL AS STRING),
  'NONE', CAST(NULL AS DATE), false;
