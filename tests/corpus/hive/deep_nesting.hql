-- A mapping job as code generators write it: the region mapping is one CASE that nests
-- through its ELSE branches, the tier an IF chain; about 300 lines, nested over 60 deep.
SET hive.exec.dynamic.partition.mode=nonstrict;
CREATE TABLE IF NOT EXISTS dw.customer_region (customer_id BIGINT, region STRING, tier STRING)
  PARTITIONED BY (ds STRING) STORED AS ORC;

INSERT OVERWRITE TABLE dw.customer_region PARTITION (ds = '${hiveconf:ds}')
SELECT
  c.customer_id,
  CASE WHEN c.country_code = 'C00'
    THEN 'region_0'
  ELSE
    CASE WHEN c.country_code = 'C01'
      THEN 'region_1'
    ELSE
      CASE WHEN c.country_code = 'C02'
        THEN 'region_2'
      ELSE
        CASE WHEN c.country_code = 'C03'
          THEN 'region_3'
        ELSE
          CASE WHEN c.country_code = 'C04'
            THEN 'region_4'
          ELSE
            CASE WHEN c.country_code = 'C05'
              THEN 'region_5'
            ELSE
              CASE WHEN c.country_code = 'C06'
                THEN 'region_6'
              ELSE
                CASE WHEN c.country_code = 'C07'
                  THEN 'region_0'
                ELSE
                  CASE WHEN c.country_code = 'C08'
                    THEN 'region_1'
                  ELSE
                    CASE WHEN c.country_code = 'C09'
                      THEN 'region_2'
                    ELSE
                      CASE WHEN c.country_code = 'C10'
                        THEN 'region_3'
                      ELSE
                        CASE WHEN c.country_code = 'C11'
                          THEN 'region_4'
                        ELSE
                          CASE WHEN c.country_code = 'C12'
                            THEN 'region_5'
                          ELSE
                            CASE WHEN c.country_code = 'C13'
                              THEN 'region_6'
                            ELSE
                              CASE WHEN c.country_code = 'C14'
                                THEN 'region_0'
                              ELSE
                                CASE WHEN c.country_code = 'C15'
                                  THEN 'region_1'
                                ELSE
                                  CASE WHEN c.country_code = 'C16'
                                    THEN 'region_2'
                                  ELSE
                                    CASE WHEN c.country_code = 'C17'
                                      THEN 'region_3'
                                    ELSE
                                      CASE WHEN c.country_code = 'C18'
                                        THEN 'region_4'
                                      ELSE
                                        CASE WHEN c.country_code = 'C19'
                                          THEN 'region_5'
                                        ELSE
                                          CASE WHEN c.country_code = 'C20'
                                            THEN 'region_6'
                                          ELSE
                                            CASE WHEN c.country_code = 'C21'
                                              THEN 'region_0'
                                            ELSE
                                              CASE WHEN c.country_code = 'C22'
                                                THEN 'region_1'
                                              ELSE
                                                CASE WHEN c.country_code = 'C23'
                                                  THEN 'region_2'
                                                ELSE
                                                  CASE WHEN c.country_code = 'C24'
                                                    THEN 'region_3'
                                                  ELSE
                                                    CASE WHEN c.country_code = 'C25'
                                                      THEN 'region_4'
                                                    ELSE
                                                      CASE WHEN c.country_code = 'C26'
                                                        THEN 'region_5'
                                                      ELSE
                                                        CASE WHEN c.country_code = 'C27'
                                                          THEN 'region_6'
                                                        ELSE
                                                          CASE WHEN c.country_code = 'C28'
                                                            THEN 'region_0'
                                                          ELSE
                                                            CASE WHEN c.country_code = 'C29'
                                                              THEN 'region_1'
                                                            ELSE
                                                              CASE WHEN c.country_code = 'C30'
                                                                THEN 'region_2'
                                                              ELSE
                                                                CASE WHEN c.country_code = 'C31'
                                                                  THEN 'region_3'
                                                                ELSE
                                                                  CASE WHEN c.country_code = 'C32'
                                                                    THEN 'region_4'
                                                                  ELSE
                                                                    CASE WHEN c.country_code = 'C33'
                                                                      THEN 'region_5'
                                                                    ELSE
                                                                      CASE WHEN c.country_code = 'C34'
                                                                        THEN 'region_6'
                                                                      ELSE
                                                                        CASE WHEN c.country_code = 'C35'
                                                                          THEN 'region_0'
                                                                        ELSE
                                                                          CASE WHEN c.country_code = 'C36'
                                                                            THEN 'region_1'
                                                                          ELSE
                                                                            CASE WHEN c.country_code = 'C37'
                                                                              THEN 'region_2'
                                                                            ELSE
                                                                              CASE WHEN c.country_code = 'C38'
                                                                                THEN 'region_3'
                                                                              ELSE
                                                                                CASE WHEN c.country_code = 'C39'
                                                                                  THEN 'region_4'
                                                                                ELSE
                                                                                  CASE WHEN c.country_code = 'C40'
                                                                                    THEN 'region_5'
                                                                                  ELSE
                                                                                    CASE WHEN c.country_code = 'C41'
                                                                                      THEN 'region_6'
                                                                                    ELSE
                                                                                      CASE WHEN c.country_code = 'C42'
                                                                                        THEN 'region_0'
                                                                                      ELSE
                                                                                        CASE WHEN c.country_code = 'C43'
                                                                                          THEN 'region_1'
                                                                                        ELSE
                                                                                          CASE WHEN c.country_code = 'C44'
                                                                                            THEN 'region_2'
                                                                                          ELSE
                                                                                            CASE WHEN c.country_code = 'C45'
                                                                                              THEN 'region_3'
                                                                                            ELSE
                                                                                              CASE WHEN c.country_code = 'C46'
                                                                                                THEN 'region_4'
                                                                                              ELSE
                                                                                                CASE WHEN c.country_code = 'C47'
                                                                                                  THEN 'region_5'
                                                                                                ELSE
                                                                                                  CASE WHEN c.country_code = 'C48'
                                                                                                    THEN 'region_6'
                                                                                                  ELSE
                                                                                                    CASE WHEN c.country_code = 'C49'
                                                                                                      THEN 'region_0'
                                                                                                    ELSE
                                                                                                      CASE WHEN c.country_code = 'C50'
                                                                                                        THEN 'region_1'
                                                                                                      ELSE
                                                                                                        CASE WHEN c.country_code = 'C51'
                                                                                                          THEN 'region_2'
                                                                                                        ELSE
                                                                                                          CASE WHEN c.country_code = 'C52'
                                                                                                            THEN 'region_3'
                                                                                                          ELSE
                                                                                                            CASE WHEN c.country_code = 'C53'
                                                                                                              THEN 'region_4'
                                                                                                            ELSE
                                                                                                              CASE WHEN c.country_code = 'C54'
                                                                                                                THEN 'region_5'
                                                                                                              ELSE
                                                                                                                CASE WHEN c.country_code = 'C55'
                                                                                                                  THEN 'region_6'
                                                                                                                ELSE
                                                                                                                  CASE WHEN c.country_code = 'C56'
                                                                                                                    THEN 'region_0'
                                                                                                                  ELSE
                                                                                                                    CASE WHEN c.country_code = 'C57'
                                                                                                                      THEN 'region_1'
                                                                                                                    ELSE
                                                                                                                      CASE WHEN c.country_code = 'C58'
                                                                                                                        THEN 'region_2'
                                                                                                                      ELSE
                                                                                                                        CASE WHEN c.country_code = 'C59'
                                                                                                                          THEN 'region_3'
                                                                                                                        ELSE
                                                                                                                          'unknown'
                                                                                                                        END
                                                                                                                      END
                                                                                                                    END
                                                                                                                  END
                                                                                                                END
                                                                                                              END
                                                                                                            END
                                                                                                          END
                                                                                                        END
                                                                                                      END
                                                                                                    END
                                                                                                  END
                                                                                                END
                                                                                              END
                                                                                            END
                                                                                          END
                                                                                        END
                                                                                      END
                                                                                    END
                                                                                  END
                                                                                END
                                                                              END
                                                                            END
                                                                          END
                                                                        END
                                                                      END
                                                                    END
                                                                  END
                                                                END
                                                              END
                                                            END
                                                          END
                                                        END
                                                      END
                                                    END
                                                  END
                                                END
                                              END
                                            END
                                          END
                                        END
                                      END
                                    END
                                  END
                                END
                              END
                            END
                          END
                        END
                      END
                    END
                  END
                END
              END
            END
          END
        END
      END
    END
  END AS region,
  IF(c.score > 220, 'tier_39',
    IF(c.score > 240, 'tier_38',
    IF(c.score > 260, 'tier_37',
    IF(c.score > 280, 'tier_36',
    IF(c.score > 300, 'tier_35',
    IF(c.score > 320, 'tier_34',
    IF(c.score > 340, 'tier_33',
    IF(c.score > 360, 'tier_32',
    IF(c.score > 380, 'tier_31',
    IF(c.score > 400, 'tier_30',
    IF(c.score > 420, 'tier_29',
    IF(c.score > 440, 'tier_28',
    IF(c.score > 460, 'tier_27',
    IF(c.score > 480, 'tier_26',
    IF(c.score > 500, 'tier_25',
    IF(c.score > 520, 'tier_24',
    IF(c.score > 540, 'tier_23',
    IF(c.score > 560, 'tier_22',
    IF(c.score > 580, 'tier_21',
    IF(c.score > 600, 'tier_20',
    IF(c.score > 620, 'tier_19',
    IF(c.score > 640, 'tier_18',
    IF(c.score > 660, 'tier_17',
    IF(c.score > 680, 'tier_16',
    IF(c.score > 700, 'tier_15',
    IF(c.score > 720, 'tier_14',
    IF(c.score > 740, 'tier_13',
    IF(c.score > 760, 'tier_12',
    IF(c.score > 780, 'tier_11',
    IF(c.score > 800, 'tier_10',
    IF(c.score > 820, 'tier_9',
    IF(c.score > 840, 'tier_8',
    IF(c.score > 860, 'tier_7',
    IF(c.score > 880, 'tier_6',
    IF(c.score > 900, 'tier_5',
    IF(c.score > 920, 'tier_4',
    IF(c.score > 940, 'tier_3',
    IF(c.score > 960, 'tier_2',
    IF(c.score > 980, 'tier_1',
    IF(c.score > 1000, 'tier_0', 'bronze')))))))))))))))))))))))))))))))))))))))) AS tier
FROM staging.customers c
WHERE c.ds = '${hiveconf:ds}';
