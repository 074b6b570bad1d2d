-- One row per payment made for a monthly statement, exploded from the payments array of the
-- latest statement version: who was paid (claimant, landlord via managed payment, third party),
-- how much and when. Feeds time-to-first-payment and payment reporting.
DROP TABLE IF EXISTS {{ transform_database }}.statement_payment;
CREATE TABLE {{ transform_database }}.statement_payment (
  payment_id                   STRING,
  statement_id                 STRING,
  contract_id                  STRING,
  assessment_period_month      STRING,
  payee_type                   STRING,
  payment_amount               DECIMAL(12,2),
  payment_date                 DATE,
  payment_status               STRING,
  managed_payment_flag         BOOLEAN
)
STORED AS ORC;

INSERT OVERWRITE TABLE {{ transform_database }}.statement_payment
SELECT
  nullif(get_json_object(p.payment_json, '$.paymentid'), 'null')           AS payment_id,
  st.statement_id,
  st.contract_id,
  st.assessment_period_month,
  coalesce(upper(nullif(get_json_object(p.payment_json, '$.payeetype'), 'null')), 'CLAIMANT') AS payee_type,
  CAST(CAST(nullif(get_json_object(p.payment_json, '$.amountinpence'), 'null') AS BIGINT) / 100 AS DECIMAL(12,2)) AS payment_amount,
  to_date(nullif(get_json_object(p.payment_json, '$.paymentdate'), 'null')) AS payment_date,
  upper(nullif(get_json_object(p.payment_json, '$.paymentstatus'), 'null')) AS payment_status,
  CASE WHEN upper(nullif(get_json_object(p.payment_json, '$.payeetype'), 'null')) = 'LANDLORD' THEN true ELSE false END AS managed_payment_flag
FROM (
  SELECT
    nullif(get_json_object(s.`_id`, '$.statementid'), 'null')              AS statement_id,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    pj                                                                     AS payment_json
  FROM {{ source_database }}.statement s
  LATERAL VIEW explode(s.payments) pay AS pj
) p
JOIN {{ transform_database }}.statement st
  ON st.statement_id = p.statement_id
 AND st.last_modified_timestamp = p.last_modified_timestamp
WHERE nullif(get_json_object(p.payment_json, '$.paymentid'), 'null') IS NOT NULL;
