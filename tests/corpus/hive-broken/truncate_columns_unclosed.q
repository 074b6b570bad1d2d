-- Broken on purpose: the COLUMNS list of TRUNCATE is not closed.
TRUNCATE TABLE events_rc PARTITION (ds = '2024-01-01')
  COLUMNS (payload, debug;
