-- Broken on purpose for Hive: Presto's ROW(...) type. Hive's struct type is STRUCT<...>.
SELECT id,
       CAST(named_struct('x', 1, 'y', 'a') AS ROW(x INTEGER, y VARCHAR)) AS r
FROM t;
