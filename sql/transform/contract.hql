-- Flattened UC contracts (claims): latest version per contract id, with the claim's dates and
-- status, the closure reason decoded through the dictionary, the circumstances that drive the
-- award elements, and the lead claimant taken from the claimants array.
DROP TABLE IF EXISTS {{ transform_database }}.contract;
CREATE TABLE {{ transform_database }}.contract (
  contract_id                 STRING,
  claim_type                  STRING,
  contract_status             STRING,
  lead_claimant_id            STRING,
  number_of_claimants         INT,
  declaration_timestamp       TIMESTAMP,
  declaration_date            DATE,
  claim_start_date            DATE,
  claim_closed_date           DATE,
  closure_reason_code         STRING,
  closure_reason_description  STRING,
  assessment_period_day       INT,
  home_site_id                STRING,
  housing_costs_claimed       BOOLEAN,
  childcare_costs_claimed     BOOLEAN,
  number_of_children          INT,
  has_lcw                     BOOLEAN,
  is_carer                    BOOLEAN,
  created_timestamp           TIMESTAMP,
  last_modified_timestamp     TIMESTAMP
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.contract
SELECT
  c.contract_id,
  c.claim_type,
  c.contract_status,
  lc.lead_claimant_id,
  CASE WHEN c.claimants IS NULL THEN 0 ELSE size(c.claimants) END AS number_of_claimants,
  c.declaration_timestamp,
  to_date(c.declaration_timestamp)                                       AS declaration_date,
  c.claim_start_date,
  c.claim_closed_date,
  c.closure_reason_code,
  CASE WHEN c.closure_reason_code IS NULL THEN NULL ELSE coalesce(d.description, 'Unknown') END AS closure_reason_description,
  c.assessment_period_day,
  c.home_site_id,
  c.housing_costs_claimed,
  c.childcare_costs_claimed,
  c.number_of_children,
  c.has_lcw,
  c.is_carer,
  c.created_timestamp,
  c.last_modified_timestamp
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.contractid'), 'null')               AS contract_id,
    CASE
      WHEN upper(trim(s.claimType)) IN ('SINGLE', 'COUPLE') THEN upper(trim(s.claimType))
      WHEN size(s.claimants) > 1 THEN 'COUPLE'
      ELSE 'SINGLE'
    END                                                                    AS claim_type,
    -- a closed date wins over a stale status
    CASE
      WHEN s.closedDate IS NOT NULL THEN 'CLOSED'
      ELSE coalesce(upper(trim(s.status)), 'OPEN')
    END                                                                    AS contract_status,
    s.claimants                                                            AS claimants,
    CAST(regexp_replace(substr(s.declarationDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)     AS declaration_timestamp,
    to_date(s.startDate)                                                   AS claim_start_date,
    to_date(s.closedDate)                                                  AS claim_closed_date,
    upper(trim(s.closureReasonCode))                                       AS closure_reason_code,
    s.assessmentPeriodDay                                                  AS assessment_period_day,
    upper(trim(s.homeSiteId))                                              AS home_site_id,
    CASE WHEN lower(nullif(get_json_object(s.circumstances, '$.housingcostsclaimed'), 'null')) = 'true' THEN true ELSE false END AS housing_costs_claimed,
    CASE WHEN lower(nullif(get_json_object(s.circumstances, '$.childcarecostsclaimed'), 'null')) = 'true' THEN true ELSE false END AS childcare_costs_claimed,
    coalesce(CAST(nullif(get_json_object(s.circumstances, '$.numberofchildren'), 'null') AS INT), 0)            AS number_of_children,
    CASE WHEN lower(nullif(get_json_object(s.circumstances, '$.haslimitedcapabilityforwork'), 'null')) = 'true' THEN true ELSE false END AS has_lcw,
    CASE WHEN lower(nullif(get_json_object(s.circumstances, '$.iscarer'), 'null')) = 'true' THEN true ELSE false END AS is_carer,
    CAST(regexp_replace(substr(s.createdDateTime, 1, 23), 'T', ' ') AS TIMESTAMP)         AS created_timestamp,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    s.`_lastModifiedDateTime`                                              AS last_modified_raw,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(s.`_id`, '$.contractid'), 'null')
      ORDER BY s.`_lastModifiedDateTime` DESC
    )                                                                      AS rn
  FROM {{ source_database }}.contract s
) c
LEFT JOIN (
  SELECT
    nullif(get_json_object(s2.`_id`, '$.contractid'), 'null')              AS contract_id,
    s2.`_lastModifiedDateTime`                                             AS last_modified_raw,
    max(nullif(get_json_object(cl, '$.claimantid'), 'null'))               AS lead_claimant_id
  FROM {{ source_database }}.contract s2
  LATERAL VIEW explode(s2.claimants) cls AS cl
  WHERE upper(nullif(get_json_object(cl, '$.role'), 'null')) = 'LEAD'
  GROUP BY nullif(get_json_object(s2.`_id`, '$.contractid'), 'null'), s2.`_lastModifiedDateTime`
) lc
  ON lc.contract_id = c.contract_id
 AND lc.last_modified_raw = c.last_modified_raw
LEFT JOIN {{ transform_database }}.dictionary d
  ON d.dictionary_name = 'CLOSURE_REASON'
 AND d.code = c.closure_reason_code
WHERE c.rn = 1
  AND c.contract_id IS NOT NULL;
