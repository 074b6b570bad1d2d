-- Broken on purpose: OVERWITE for OVERWRITE.
SET hive.exec.dynamic.partition.mode=nonstrict;

INSERT OVERWITE TABLE daily_totals PARTITION (ds)
SELECT customer_id, sum(total), ds
FROM orders
GROUP BY customer_id, ds;
