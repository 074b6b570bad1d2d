-- Broken on purpose: a copy of ../hive/materialized_views.q with AS missing before the query.
-- Materialized views (Language Manual, Materialized Views, Hive 3).
CREATE TABLE emps (empid INT, deptno INT, name VARCHAR(256), salary FLOAT, hire_date TIMESTAMP)
  STORED AS ORC
  TBLPROPERTIES ('transactional' = 'true');

CREATE TABLE depts (deptno INT, deptname VARCHAR(256), locationid INT)
  STORED AS ORC
  TBLPROPERTIES ('transactional' = 'true');

CREATE MATERIALIZED VIEW mv1
  TBLPROPERTIES ('druid.segment.granularity' = 'HOUR')
SELECT empid, deptname, hire_date
FROM emps JOIN depts ON (emps.deptno = depts.deptno)
WHERE hire_date >= '2016-01-01';

CREATE MATERIALIZED VIEW IF NOT EXISTS mv_by_dept
  DISABLE REWRITE
  COMMENT 'salary by department'
  PARTITIONED ON (deptno)
  STORED AS ORC
AS
SELECT sum(salary) AS total, count(*) AS n, deptno FROM emps GROUP BY deptno;

ALTER MATERIALIZED VIEW mv1 REBUILD;
ALTER MATERIALIZED VIEW mv_by_dept ENABLE REWRITE;
ALTER MATERIALIZED VIEW mv_by_dept DISABLE REWRITE;

SELECT empid, deptname FROM mv1 WHERE empid < 120;

DROP MATERIALIZED VIEW mv1;
DROP MATERIALIZED VIEW IF EXISTS mv_by_dept;
