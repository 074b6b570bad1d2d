-- Site dimension from the Crown site_dim reference table: jobcentres, service centres and
-- outreach sites with their district, region and local authority. Surrogate key by site id,
-- plus the Unknown member (site_sk = -1) that facts point to when a site id does not match.
DROP TABLE IF EXISTS {{ model_database }}.dim_site;
CREATE TABLE {{ model_database }}.dim_site
STORED AS ORC
AS
SELECT
  CAST(row_number() OVER (ORDER BY s.site_id) AS INT)                     AS site_sk,
  s.site_id,
  s.site_code,
  s.site_name,
  s.site_type,
  s.town,
  s.postcode,
  s.local_authority_code,
  coalesce(s.district_name, 'Unknown')                                     AS district_name,
  coalesce(s.region_name, 'Unknown')                                       AS region_name,
  s.parent_site_id,
  coalesce(p.site_name, s.site_name)                                       AS host_site_name,
  s.start_date,
  s.end_date,
  s.active_flag
FROM {{ transactional_database }}.site_dim s
LEFT JOIN {{ transactional_database }}.site_dim p
  ON p.site_id = s.parent_site_id
WHERE s.site_id IS NOT NULL

UNION ALL

SELECT
  -1                          AS site_sk,
  'UNKNOWN'                   AS site_id,
  'UNKNOWN'                   AS site_code,
  'Unknown'                   AS site_name,
  'UNKNOWN'                   AS site_type,
  'Unknown'                   AS town,
  CAST(NULL AS STRING)        AS postcode,
  CAST(NULL AS STRING)        AS local_authority_code,
  'Unknown'                   AS district_name,
  'Unknown'                   AS region_name,
  CAST(NULL AS STRING)        AS parent_site_id,
  'Unknown'                   AS host_site_name,
  CAST(NULL AS DATE)          AS start_date,
  CAST(NULL AS DATE)          AS end_date,
  false                       AS active_flag;
