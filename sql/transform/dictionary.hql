-- Cleaned code -> description dictionary used by every transform and model table that decodes a
-- code. Names and codes are trimmed and upper-cased; where a code was loaded twice the row with
-- the latest start date is kept. Built with CTAS.
DROP TABLE IF EXISTS {{ transform_database }}.dictionary;
CREATE TABLE {{ transform_database }}.dictionary
STORED AS ORC
AS
SELECT
  dictionary_name,
  code,
  description,
  start_date,
  end_date,
  CASE WHEN end_date IS NULL THEN true ELSE false END AS current_flag
FROM (
  SELECT
    upper(trim(d.dictionary_name))                  AS dictionary_name,
    upper(trim(d.code))                             AS code,
    trim(d.description)                             AS description,
    to_date(d.start_date)                           AS start_date,
    to_date(d.end_date)                             AS end_date,
    row_number() OVER (
      PARTITION BY upper(trim(d.dictionary_name)), upper(trim(d.code))
      ORDER BY d.start_date DESC
    )                                               AS rn
  FROM {{ source_database }}.dictionary d
  WHERE d.dictionary_name IS NOT NULL
    AND d.code IS NOT NULL
) ranked
WHERE rn = 1;
