-- Analyst view: to-do clearance against the Crown target days, by to-do type and month of
-- completion: cleared, cleared within target, percentage within target and average and longest
-- days to clear.
CREATE OR REPLACE VIEW {{ views_database }}.v_to_do_sla_performance AS
SELECT
  tt.to_do_category,
  tt.to_do_type_code,
  tt.to_do_type_name,
  tt.target_days,
  d.year_month                                                             AS completed_month,
  sum(f.completed_count)                                                   AS to_dos_cleared,
  sum(CASE WHEN f.within_target_flag THEN 1 ELSE 0 END)                    AS cleared_within_target,
  CASE
    WHEN sum(f.completed_count) = 0 THEN NULL
    ELSE round(100.0 * sum(CASE WHEN f.within_target_flag THEN 1 ELSE 0 END) / sum(f.completed_count), 1)
  END                                                                      AS within_target_pct,
  round(avg(f.days_to_complete), 1)                                        AS avg_days_to_clear,
  max(f.days_to_complete)                                                  AS max_days_to_clear,
  round(avg(f.hand_off_count), 2)                                          AS avg_hand_offs
FROM {{ model_database }}.fact_to_do f
JOIN {{ model_database }}.dim_to_do_type tt
  ON tt.to_do_type_sk = f.to_do_type_sk
JOIN {{ model_database }}.dim_date d
  ON d.date_sk = f.completed_date_sk
WHERE f.completed_count = 1
GROUP BY tt.to_do_category, tt.to_do_type_code, tt.to_do_type_name, tt.target_days, d.year_month;
