-- Broken on purpose: a copy of ../hive/inline_values_table.q with a comma missing between two VALUES rows.
-- Inline tables: TABLE(VALUES ...) with column aliases (Hive 3, HIVE-16481), and VALUES
-- in INSERT.
CREATE TABLE codes (code STRING, label STRING);

SELECT t.a, t.b FROM TABLE(VALUES (1, 'one') (2, 'two'), (3, 'three')) AS t(a, b);

INSERT INTO TABLE codes
SELECT v.code, v.label
FROM TABLE(VALUES ('A', 'active'), ('I', 'inactive')) v(code, label);

SELECT c.label, x.n
FROM codes c
JOIN TABLE(VALUES ('A', 10), ('I', 20)) AS x(code, n) ON c.code = x.code;

INSERT INTO TABLE codes VALUES ('D', 'deleted'), ('P', 'pending');
