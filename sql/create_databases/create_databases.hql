-- Creates every database the PDM pipeline writes to: source (external tables over ADG JSON),
-- transform (flattened typed tables), model (dimensions and facts), transactional (tables kept
-- across runs), views (analyst views) and uc (the materialised view tables analysts query).
CREATE DATABASE IF NOT EXISTS {{ source_database }};
CREATE DATABASE IF NOT EXISTS {{ transform_database }};
CREATE DATABASE IF NOT EXISTS {{ model_database }};
CREATE DATABASE IF NOT EXISTS {{ transactional_database }};
CREATE DATABASE IF NOT EXISTS {{ views_database }};
CREATE DATABASE IF NOT EXISTS {{ uc_database }};
