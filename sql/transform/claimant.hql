-- Flattened UC claimants: latest version per claimant id, personal and contact details pulled
-- out of their nested objects, NINO cleaned and validated, marital status decoded through the
-- dictionary, the current payment account type taken from the paymentDetails array.
DROP TABLE IF EXISTS {{ transform_database }}.claimant;
CREATE TABLE {{ transform_database }}.claimant (
  claimant_id                  STRING,
  nino                         STRING,
  nino_valid_flag              BOOLEAN,
  person_id                    STRING,
  title                        STRING,
  first_name                   STRING,
  last_name                    STRING,
  date_of_birth                DATE,
  gender                       STRING,
  marital_status_code          STRING,
  marital_status_description   STRING,
  email_address                STRING,
  mobile_number                STRING,
  preferred_contact_method     STRING,
  address_id                   STRING,
  identity_verification_status STRING,
  identity_verification_method STRING,
  identity_verified_timestamp  TIMESTAMP,
  payment_account_type         STRING,
  payment_account_count        INT,
  registration_timestamp       TIMESTAMP,
  created_timestamp            TIMESTAMP,
  is_deleted                   BOOLEAN,
  last_modified_timestamp      TIMESTAMP
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.claimant
SELECT
  c.claimant_id,
  c.nino,
  CASE WHEN regexp_extract(c.nino, '^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$', 0) <> '' THEN true ELSE false END AS nino_valid_flag,
  c.person_id,
  c.title,
  c.first_name,
  c.last_name,
  c.date_of_birth,
  c.gender,
  c.marital_status_code,
  coalesce(d.description, 'Unknown')                                     AS marital_status_description,
  c.email_address,
  c.mobile_number,
  c.preferred_contact_method,
  c.address_id,
  c.identity_verification_status,
  c.identity_verification_method,
  c.identity_verified_timestamp,
  pay.payment_account_type,
  CASE WHEN c.payment_details IS NULL THEN 0 ELSE size(c.payment_details) END AS payment_account_count,
  c.registration_timestamp,
  c.created_timestamp,
  c.is_deleted,
  c.last_modified_timestamp
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.claimantid'), 'null')              AS claimant_id,
    upper(regexp_replace(trim(s.nino), ' ', ''))                          AS nino,
    s.personId                                                            AS person_id,
    upper(trim(nullif(get_json_object(s.personDetails, '$.title'), 'null'))) AS title,
    trim(nullif(get_json_object(s.personDetails, '$.firstname'), 'null')) AS first_name,
    upper(trim(nullif(get_json_object(s.personDetails, '$.lastname'), 'null'))) AS last_name,
    to_date(nullif(get_json_object(s.personDetails, '$.dateofbirth'), 'null')) AS date_of_birth,
    CASE upper(trim(nullif(get_json_object(s.personDetails, '$.gender'), 'null')))
      WHEN 'M' THEN 'MALE' WHEN 'F' THEN 'FEMALE' WHEN 'X' THEN 'NOT_SPECIFIED' ELSE 'UNKNOWN'
    END                                                                   AS gender,
    coalesce(upper(trim(nullif(get_json_object(s.personDetails, '$.maritalstatus'), 'null'))), 'UNKNOWN') AS marital_status_code,
    lower(trim(nullif(get_json_object(s.contactDetails, '$.emailaddress'), 'null'))) AS email_address,
    regexp_replace(nullif(get_json_object(s.contactDetails, '$.mobilenumber'), 'null'), '[^0-9]', '') AS mobile_number,
    upper(nullif(get_json_object(s.contactDetails, '$.preferredcontactmethod'), 'null')) AS preferred_contact_method,
    s.addressId                                                           AS address_id,
    coalesce(upper(nullif(get_json_object(s.identityVerification, '$.status'), 'null')), 'PENDING') AS identity_verification_status,
    upper(nullif(get_json_object(s.identityVerification, '$.method'), 'null')) AS identity_verification_method,
    CAST(regexp_replace(substr(nullif(get_json_object(s.identityVerification, '$.verifieddatetime'), 'null'), 1, 23), 'T', ' ') AS TIMESTAMP) AS identity_verified_timestamp,
    s.paymentDetails                                                      AS payment_details,
    CAST(regexp_replace(substr(s.registrationDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)    AS registration_timestamp,
    CAST(regexp_replace(substr(s.createdDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)         AS created_timestamp,
    coalesce(s.isDeleted, false)                                          AS is_deleted,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    s.`_lastModifiedDateTime`                                             AS last_modified_raw,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(s.`_id`, '$.claimantid'), 'null')
      ORDER BY s.`_lastModifiedDateTime` DESC
    )                                                                     AS rn
  FROM {{ source_database }}.claimant s
) c
LEFT JOIN (
  -- current payment account of each claimant version (isCurrent = true in paymentDetails)
  SELECT
    nullif(get_json_object(s2.`_id`, '$.claimantid'), 'null')             AS claimant_id,
    s2.`_lastModifiedDateTime`                                            AS last_modified_raw,
    max(upper(nullif(get_json_object(pd, '$.accounttype'), 'null')))      AS payment_account_type
  FROM {{ source_database }}.claimant s2
  LATERAL VIEW explode(s2.paymentDetails) pds AS pd
  WHERE lower(nullif(get_json_object(pd, '$.iscurrent'), 'null')) = 'true'
  GROUP BY nullif(get_json_object(s2.`_id`, '$.claimantid'), 'null'), s2.`_lastModifiedDateTime`
) pay
  ON pay.claimant_id = c.claimant_id
 AND pay.last_modified_raw = c.last_modified_raw
LEFT JOIN {{ transform_database }}.dictionary d
  ON d.dictionary_name = 'MARITAL_STATUS'
 AND d.code = c.marital_status_code
WHERE c.rn = 1
  AND c.claimant_id IS NOT NULL;
