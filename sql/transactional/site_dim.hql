-- Crown reference table of DWP sites: jobcentres, UC service centres and outreach sites, with
-- their jobcentre district and region. Kept across runs; parent of team_dim and read by
-- model.dim_site.
CREATE TABLE IF NOT EXISTS {{ transactional_database }}.site_dim (
  site_id                STRING,
  site_code              STRING    COMMENT 'DWP office code',
  site_name              STRING,
  site_type              STRING    COMMENT 'JOBCENTRE, SERVICE_CENTRE, OUTREACH',
  address_line_1         STRING,
  town                   STRING,
  postcode               STRING,
  local_authority_code   STRING    COMMENT 'ONS local authority code, e.g. E08000025',
  district_name          STRING    COMMENT 'Jobcentre Plus district',
  region_name            STRING    COMMENT 'Jobcentre Plus region, e.g. Central England',
  parent_site_id         STRING    COMMENT 'Host jobcentre of an outreach site',
  start_date             DATE,
  end_date               DATE,
  active_flag            BOOLEAN,
  last_updated_timestamp TIMESTAMP
)
STORED AS ORC;
