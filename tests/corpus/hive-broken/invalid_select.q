--! qt:dataset:src
SELECT
  trim(trim(a))
  trim(b)
FROM src;
