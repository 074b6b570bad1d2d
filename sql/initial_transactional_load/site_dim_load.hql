-- Phase 2 of the initial Crown load: replaces {{ transactional_database }}.site_dim with the
-- cleaned Crown export. Postcodes are normalised to upper case with a single space before the
-- inward code; the most recently updated row per site wins.
INSERT OVERWRITE TABLE {{ transactional_database }}.site_dim
SELECT
  site_id,
  site_code,
  site_name,
  site_type,
  address_line_1,
  town,
  postcode,
  local_authority_code,
  district_name,
  region_name,
  parent_site_id,
  start_date,
  end_date,
  active_flag,
  last_updated_timestamp
FROM (
  SELECT
    upper(trim(s.site_id))                                    AS site_id,
    upper(trim(s.site_code))                                  AS site_code,
    trim(s.site_name)                                         AS site_name,
    upper(trim(s.site_type))                                  AS site_type,
    trim(s.address_line_1)                                    AS address_line_1,
    trim(s.town)                                              AS town,
    regexp_replace(upper(regexp_replace(s.postcode, ' ', '')), '^(.+)([0-9][A-Z]{2})$', '$1 $2') AS postcode,
    upper(trim(s.local_authority_code))                       AS local_authority_code,
    trim(s.district_name)                                     AS district_name,
    trim(s.region_name)                                       AS region_name,
    upper(trim(s.parent_site_id))                             AS parent_site_id,
    to_date(s.start_date)                                     AS start_date,
    to_date(s.end_date)                                       AS end_date,
    CASE WHEN upper(trim(s.active_flag)) IN ('Y', 'YES', 'TRUE', '1') THEN true ELSE false END AS active_flag,
    CAST(s.last_updated AS TIMESTAMP)                         AS last_updated_timestamp,
    row_number() OVER (PARTITION BY upper(trim(s.site_id)) ORDER BY s.last_updated DESC) AS rn
  FROM {{ transactional_database }}.site_dim_json s
  WHERE s.site_id IS NOT NULL
) latest
WHERE rn = 1;
