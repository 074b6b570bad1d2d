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
  get_json_object(p.payment_json, '$.paymentId')                           AS payment_id,
  st.statement_id,
  st.contract_id,
  st.assessment_period_month,
  coalesce(upper(get_json_object(p.payment_json, '$.payeeType')), 'CLAIMANT') AS payee_type,
  CAST(CAST(get_json_object(p.payment_json, '$.amountInPence') AS BIGINT) / 100 AS DECIMAL(12,2)) AS payment_amount,
  to_date(get_json_object(p.payment_json, '$.paymentDate'))                AS payment_date,
  upper(get_json_object(p.payment_json, '$.paymentStatus'))                AS payment_status,
  CASE WHEN upper(get_json_object(p.payment_json, '$.payeeType')) = 'LANDLORD' THEN true ELSE false END AS managed_payment_flag
FROM (
  SELECT
    get_json_object(s.`_id`, '$.statementId')                              AS statement_id,
    CAST(regexp_replace(substr(s.`_lastModifiedDateTime`, 1, 23), 'T', ' ') AS TIMESTAMP) AS last_modified_timestamp,
    pj                                                                     AS payment_json
  FROM {{ source_database }}.statement s
  LATERAL VIEW explode(s.payments) pay AS pj
) p
JOIN {{ transform_database }}.statement st
  ON st.statement_id = p.statement_id
 AND st.last_modified_timestamp = p.last_modified_timestamp
WHERE get_json_object(p.payment_json, '$.paymentId') IS NOT NULL;
