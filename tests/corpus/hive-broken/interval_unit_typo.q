-- Broken on purpose: a copy of ../hive/interval_without_keyword.q with DAYZ for DAYS (taken as an alias; the AS after it cannot follow).
-- Interval literals (Language Manual, Types: Intervals): with INTERVAL, and since Hive 2.2
-- a number or a string followed by the unit.
CREATE TABLE subscriptions (id BIGINT, started DATE, renewed TIMESTAMP);

SELECT id,
       started + 60 dayz AS trial_end,
       started - 1 month AS month_before,
       renewed + 2 hours + 30 minutes AS grace,
       renewed - '10' seconds AS just_before,
       started + INTERVAL '1' YEAR AS anniversary,
       renewed + INTERVAL '1 2:03:04' DAY TO SECOND AS precise,
       current_date - 7 days AS last_week
FROM subscriptions
WHERE renewed > current_timestamp - 30 days
  AND started BETWEEN current_date - 1 year AND current_date + 1 day;
