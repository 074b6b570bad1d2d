-- Broken on purpose: a view is PARTITIONED ON, not PARTITIONED BY.
CREATE VIEW page_views_v
PARTITIONED BY (ds)
AS SELECT url, ds FROM page_views;
