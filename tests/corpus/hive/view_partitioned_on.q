-- Partitioned views (Language Manual, DDL: Create View and the Partitioned Views design):
-- PARTITIONED ON names the last columns of the view's query.
CREATE TABLE page_views (url STRING, referrer STRING, ds STRING, hr STRING);

CREATE VIEW IF NOT EXISTS page_views_v (url COMMENT 'the page', referrer, ds, hr)
COMMENT 'page views by partition'
PARTITIONED ON (ds, hr)
TBLPROPERTIES ('owner' = 'web')
AS SELECT url, referrer, ds, hr FROM page_views;

CREATE VIEW daily_views PARTITIONED ON (ds) AS
SELECT url, count(*) AS views, ds FROM page_views GROUP BY url, ds;

ALTER VIEW page_views_v ADD IF NOT EXISTS PARTITION (ds = '2024-01-01', hr = '00');
ALTER VIEW page_views_v DROP IF EXISTS PARTITION (ds = '2024-01-01', hr = '00');
