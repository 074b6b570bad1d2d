-- Phase 1 of the initial Crown load: external table over the Crown site_dim JSON export, read by
-- site_dim_load.hql. One flat JSON document per line, all strings:
-- {"site_id": "ST000118", "site_code": "JCP0431", "site_name": "Birmingham Newtown Jobcentre",
--  "site_type": "JOBCENTRE", "address_line_1": "Newtown Shopping Centre", "town": "Birmingham",
--  "postcode": "B19 2SW", "local_authority_code": "E08000025", "district_name": "Birmingham and Solihull",
--  "region_name": "Central England", "parent_site_id": null, "start_date": "2013-04-29",
--  "end_date": null, "active_flag": "Y", "last_updated": "2021-01-12 04:10:09"}
DROP TABLE IF EXISTS {{ transactional_database }}.site_dim_json;
CREATE EXTERNAL TABLE {{ transactional_database }}.site_dim_json (
  site_id              STRING,
  site_code            STRING,
  site_name            STRING,
  site_type            STRING,
  address_line_1       STRING,
  town                 STRING,
  postcode             STRING,
  local_authority_code STRING,
  district_name        STRING,
  region_name          STRING,
  parent_site_id       STRING,
  start_date           STRING,
  end_date             STRING,
  active_flag          STRING,
  last_updated         STRING
)
ROW FORMAT SERDE '{{ serde }}'
WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
STORED AS TEXTFILE
LOCATION '{{ crown_path }}/site_dim/';
