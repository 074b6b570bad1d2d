-- One row per deduction taken from a monthly award (advance repayments, overpayment recovery,
-- third-party deductions for rent arrears or council tax, sanctions), exploded from the
-- deductions array of the latest statement version and decoded through the dictionary.
DROP TABLE IF EXISTS {{ transform_database }}.statement_deduction;
CREATE TABLE {{ transform_database }}.statement_deduction
STORED AS ORC
AS
SELECT
  st.statement_id,
  st.contract_id,
  st.assessment_period_month,
  d.deduction_sequence,
  d.deduction_type_code,
  coalesce(dict.description, 'Unknown')                                    AS deduction_type_description,
  CASE
    WHEN d.deduction_type_code IN ('ADVANCE_REPAYMENT', 'OVERPAYMENT_RECOVERY') THEN 'DWP_DEBT'
    WHEN d.deduction_type_code LIKE 'THIRD_PARTY%' OR d.deduction_type_code = 'CHILD_MAINTENANCE' THEN 'THIRD_PARTY'
    WHEN d.deduction_type_code = 'SANCTION' THEN 'SANCTION'
    ELSE 'OTHER'
  END                                                                      AS deduction_group,
  d.deduction_amount
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.statementid'), 'null')              AS statement_id,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    row_number() OVER (
      PARTITION BY nullif(get_json_object(s.`_id`, '$.statementid'), 'null'), s.`_lastModifiedDateTime`
      ORDER BY nullif(get_json_object(dj, '$.deductiontype'), 'null'), ded_pos
    )                                                                      AS deduction_sequence,
    upper(trim(nullif(get_json_object(dj, '$.deductiontype'), 'null')))    AS deduction_type_code,
    CAST(CAST(nullif(get_json_object(dj, '$.amountinpence'), 'null') AS BIGINT) / 100 AS DECIMAL(12,2)) AS deduction_amount
  FROM {{ source_database }}.statement s
  LATERAL VIEW posexplode(s.deductions) ded AS ded_pos, dj
) d
JOIN {{ transform_database }}.statement st
  ON st.statement_id = d.statement_id
 AND st.last_modified_timestamp = d.last_modified_timestamp
LEFT JOIN {{ transform_database }}.dictionary dict
  ON dict.dictionary_name = 'DEDUCTION_TYPE'
 AND dict.code = d.deduction_type_code;
