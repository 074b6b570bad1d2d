-- Broken on purpose: the second WHEN has no THEN; Hive stops at the string after it.
SELECT id,
       CASE
         WHEN score > 90 THEN 'a'
         WHEN score > 80
              'b'
         ELSE 'c'
       END AS grade
FROM exams;
