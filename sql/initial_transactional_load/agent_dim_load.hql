-- Phase 2 of the initial Crown load: replaces {{ transactional_database }}.agent_dim with the
-- cleaned Crown export. Ids and codes are trimmed and upper-cased, flags turned into booleans,
-- dates cast; where an agent appears more than once the most recently updated row wins.
INSERT OVERWRITE TABLE {{ transactional_database }}.agent_dim
SELECT
  agent_id,
  staff_number,
  first_name,
  last_name,
  email_address,
  team_id,
  role_code,
  role_name,
  grade_code,
  start_date,
  end_date,
  active_flag,
  last_updated_timestamp
FROM (
  SELECT
    upper(trim(a.agent_id))                                   AS agent_id,
    lpad(trim(a.staff_number), 8, '0')                        AS staff_number,
    trim(a.first_name)                                        AS first_name,
    trim(a.last_name)                                         AS last_name,
    lower(trim(a.email_address))                              AS email_address,
    upper(trim(a.team_id))                                    AS team_id,
    upper(trim(a.role_code))                                  AS role_code,
    trim(a.role_name)                                         AS role_name,
    upper(trim(a.grade_code))                                 AS grade_code,
    to_date(a.start_date)                                     AS start_date,
    to_date(a.end_date)                                       AS end_date,
    CASE WHEN upper(trim(a.active_flag)) IN ('Y', 'YES', 'TRUE', '1') THEN true ELSE false END AS active_flag,
    CAST(a.last_updated AS TIMESTAMP)                         AS last_updated_timestamp,
    row_number() OVER (PARTITION BY upper(trim(a.agent_id)) ORDER BY a.last_updated DESC) AS rn
  FROM {{ transactional_database }}.agent_dim_json a
  WHERE a.agent_id IS NOT NULL AND trim(a.agent_id) <> ''
) latest
WHERE rn = 1;
