-- Broken on purpose: OM typed for ON. Hive takes OM as the alias of `customers`, so the
-- first token that cannot continue is the `c` after it.
SELECT o.id, c.name
FROM orders o
JOIN customers
  OM c.id = o.customer_id
WHERE o.total > 100;
