-- To-do type dimension from the Crown to_do_type_type_dim reference table: code, name, category,
-- owning team type and the target (service level) in days. Surrogate key by type code, plus the
-- Unknown member (to_do_type_sk = -1).
DROP TABLE IF EXISTS {{ model_database }}.dim_to_do_type;
CREATE TABLE {{ model_database }}.dim_to_do_type (
  to_do_type_sk           INT,
  to_do_type_id           STRING,
  to_do_type_code         STRING,
  to_do_type_name         STRING,
  to_do_category          STRING,
  owning_team_type        STRING,
  target_days             INT,
  automated_flag          BOOLEAN,
  start_date              DATE,
  end_date                DATE,
  active_flag             BOOLEAN
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ model_database }}.dim_to_do_type
SELECT
  CAST(row_number() OVER (ORDER BY t.to_do_type_code) AS INT)             AS to_do_type_sk,
  t.to_do_type_id,
  t.to_do_type_code,
  t.to_do_type_name,
  coalesce(t.to_do_category, 'OTHER')                                      AS to_do_category,
  t.owning_team_type,
  t.target_days,
  t.automated_flag,
  t.start_date,
  t.end_date,
  t.active_flag
FROM (
  SELECT
    x.*,
    row_number() OVER (PARTITION BY x.to_do_type_code ORDER BY x.active_flag DESC, x.start_date DESC) AS rn
  FROM {{ transactional_database }}.to_do_type_type_dim x
  WHERE x.to_do_type_code IS NOT NULL
) t
WHERE t.rn = 1

UNION ALL

SELECT
  -1, 'UNKNOWN', 'UNKNOWN', 'Unknown', 'OTHER', CAST(NULL AS STRING), CAST(NULL AS INT), false,
  CAST(NULL AS DATE), CAST(NULL AS DATE), false;
