-- Broken on purpose: a row of TABLE(VALUES ...) is not closed.
SELECT t.a, t.b
FROM TABLE(VALUES (1, 'one'), (2, 'two') AS t(a, b);
