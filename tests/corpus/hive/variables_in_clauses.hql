-- Hive variables where the statement needs a name, a keyword, a literal or a list: Hive
-- substitutes them before it parses, so each is valid for some value.
SET hivevar:db=analytics;
SET hivevar:fmt=ORC;

CREATE DATABASE IF NOT EXISTS ${hivevar:db} LOCATION '${hiveconf:warehouse}/${hivevar:db}.db';
USE ${hivevar:db};

CREATE TABLE IF NOT EXISTS events_${hivevar:suffix} (
  id BIGINT,
  kind STRING,
  value ${hivevar:value_type}
)
PARTITIONED BY (${hivevar:partition_columns})
STORED AS ${hivevar:fmt}
LOCATION '${hiveconf:warehouse}/events'
TBLPROPERTIES (${hivevar:table_properties});

INSERT OVERWRITE TABLE events_${hivevar:suffix} PARTITION (dt = '${hiveconf:dt}')
SELECT id, kind, value
FROM ${hivevar:source_db}.events
WHERE kind IN ${hivevar:kinds}
  AND id NOT IN ${hivevar:excluded_ids}
  AND ${hivevar:extra_filter}
LIMIT ${hivevar:max_rows};

SELECT kind, count(*) FROM events_${hivevar:suffix}
WHERE dt >= date_sub('${hiveconf:dt}', ${hivevar:days})
GROUP BY kind;

-- Variables that stand for a keyword or a whole clause (empty in some runs).
CREATE ${hivevar:table_kind} TABLE IF NOT EXISTS events_archive (id BIGINT, kind STRING)
${hivevar:archive_storage};

INSERT INTO TABLE events_archive
SELECT id, kind FROM events_${hivevar:suffix} ${hivevar:archive_filter};
