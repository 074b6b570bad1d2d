-- Phase 2 of the initial Crown load: replaces {{ transactional_database }}.to_do_type_type_dim
-- with the cleaned Crown export (codes upper-cased, target days cast, Y/N flags to booleans),
-- keeping the most recently updated row per to-do type.
INSERT OVERWRITE TABLE {{ transactional_database }}.to_do_type_type_dim
SELECT
  to_do_type_id,
  to_do_type_code,
  to_do_type_name,
  to_do_category,
  owning_team_type,
  target_days,
  automated_flag,
  start_date,
  end_date,
  active_flag,
  last_updated_timestamp
FROM (
  SELECT
    upper(trim(t.to_do_type_id))                              AS to_do_type_id,
    upper(trim(t.to_do_type_code))                            AS to_do_type_code,
    trim(t.to_do_type_name)                                   AS to_do_type_name,
    upper(trim(t.to_do_category))                             AS to_do_category,
    upper(trim(t.owning_team_type))                           AS owning_team_type,
    CAST(t.target_days AS INT)                                AS target_days,
    CASE WHEN upper(trim(t.automated_flag)) IN ('Y', 'YES', 'TRUE', '1') THEN true ELSE false END AS automated_flag,
    to_date(t.start_date)                                     AS start_date,
    to_date(t.end_date)                                       AS end_date,
    CASE WHEN upper(trim(t.active_flag)) IN ('Y', 'YES', 'TRUE', '1') THEN true ELSE false END AS active_flag,
    CAST(t.last_updated AS TIMESTAMP)                         AS last_updated_timestamp,
    row_number() OVER (PARTITION BY upper(trim(t.to_do_type_id)) ORDER BY t.last_updated DESC) AS rn
  FROM {{ transactional_database }}.to_do_type_type_dim_json t
  WHERE t.to_do_type_id IS NOT NULL
) latest
WHERE rn = 1;
