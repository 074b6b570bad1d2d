-- Broken on purpose: the derived table's parenthesis is never closed; the first token that
-- cannot continue is the `;` that ends the statement.
SELECT customer_id, n
FROM (
  SELECT customer_id, count(*) AS n
  FROM orders
  GROUP BY customer_id
  HAVING count(*) > 3
;

SELECT 1;
