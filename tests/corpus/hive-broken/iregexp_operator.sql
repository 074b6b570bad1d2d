-- Broken on purpose for Hive: IREGEXP is not a Hive operator (Hive has RLIKE / REGEXP).
SELECT name
FROM users
WHERE name IREGEXP '^a.*';
