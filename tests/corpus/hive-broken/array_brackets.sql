-- Broken on purpose for Hive: array[...] literals; Hive builds arrays with array(...).
SELECT id,
       array[1, 2, 3] AS xs
FROM t;
