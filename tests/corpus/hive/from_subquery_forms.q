-- Subqueries after FROM ( in the multi-line layouts real scripts use: the parenthesis alone
-- on its line, comments inside, FROM-first inner queries, and nested derived tables.
CREATE TABLE clicks (user_id BIGINT, url STRING, ts BIGINT, ds STRING);

SELECT user_id, n
FROM
(
  -- per user
  SELECT user_id, count(*) AS n
  FROM clicks
  GROUP BY user_id
) per_user
WHERE n > 10;

SELECT *
FROM (
  FROM clicks c
  SELECT c.user_id, c.url
  WHERE c.ds = '2024-01-01'
) firsts;

SELECT s.user_id, s.sessions
FROM(
  FROM (
    SELECT user_id, ts FROM clicks DISTRIBUTE BY user_id SORT BY user_id, ts
  ) ordered
  SELECT ordered.user_id, count(*) AS sessions
  GROUP BY ordered.user_id
) s
JOIN (
    SELECT DISTINCT user_id
    FROM (
        SELECT user_id FROM clicks WHERE url LIKE '%checkout%'
    ) buyers_inner
) buyers ON s.user_id = buyers.user_id;

FROM (
  SELECT user_id, url FROM clicks WHERE ds = '2024-01-02'
) day2
INSERT OVERWRITE TABLE clicks PARTITION (ds = '2024-01-03')
SELECT day2.user_id, day2.url, 0
INSERT OVERWRITE DIRECTORY '/tmp/day2_urls'
SELECT DISTINCT day2.url;
