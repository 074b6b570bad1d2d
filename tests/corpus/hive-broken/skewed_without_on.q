-- Broken on purpose: SKEWED BY without the ON list of skewed values.
CREATE TABLE list_bucket (key STRING, value STRING)
  SKEWED BY (key)
  STORED AS ORC;
