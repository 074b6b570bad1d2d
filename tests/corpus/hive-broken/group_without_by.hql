-- Broken on purpose: GROUP without BY, on a later line of a longer script.
SET hive.exec.parallel=true;

CREATE TABLE IF NOT EXISTS dw.totals (customer_id BIGINT, total DECIMAL(12,2));

INSERT OVERWRITE TABLE dw.totals
SELECT customer_id,
       sum(amount)
FROM dw.order_lines
WHERE ds = '${hiveconf:run_date}'
GROUP customer_id;
