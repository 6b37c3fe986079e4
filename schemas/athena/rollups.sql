-- Strata cold output: rollups (1m, 5m, 1h), one row per series and event-time window.
-- Columns follow schemas/src/main/avro/rollup.avsc (checked by AthenaDdlTest).
-- Replace s3://example-bucket/strata/ with your cold.path. Partitions are projected, so no
-- MSCK REPAIR / ADD PARTITION is needed. The folder is resolution=<r>/, but Athena forbids a
-- partition key named like a column, so the key is part_resolution; the resolution column holds
-- the same value.
CREATE EXTERNAL TABLE IF NOT EXISTS strata_rollups (
  `tenant` STRING,
  `metric` STRING,
  `labels` MAP<STRING, STRING>,
  `region` STRING,
  `az` STRING,
  `cluster` STRING,
  `shard_id` STRING,
  `instance_type` STRING,
  `build_id` STRING,
  `queue` STRING,
  `asn_bucket` STRING,
  `series_id` BIGINT,
  `kind` STRING,
  `resolution` STRING,
  `revision` INT,
  `window_start` TIMESTAMP,
  `window_end` TIMESTAMP,
  `count` BIGINT,
  `sum` DOUBLE,
  `min` DOUBLE,
  `max` DOUBLE,
  `last` DOUBLE,
  `increase` DOUBLE,
  `first_raw` DOUBLE,
  `last_raw` DOUBLE,
  `resets` BIGINT,
  `histogram_scale` INT,
  `histogram_zero_threshold` DOUBLE,
  `histogram_zero_count` DOUBLE,
  `histogram_positive_offset` INT,
  `histogram_positive_counts` ARRAY<DOUBLE>,
  `histogram_negative_offset` INT,
  `histogram_negative_counts` ARRAY<DOUBLE>,
  `p50` DOUBLE,
  `p90` DOUBLE,
  `p95` DOUBLE,
  `p99` DOUBLE
)
PARTITIONED BY (`part_resolution` STRING, `dt` STRING, `hour` STRING)
STORED AS PARQUET
LOCATION 's3://example-bucket/strata/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.part_resolution.type' = 'enum',
  'projection.part_resolution.values' = '1m,5m,1h',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2026-01-01,NOW',
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = 's3://example-bucket/strata/resolution=${part_resolution}/dt=${dt}/hour=${hour}/'
);
-- The final result of a window is its highest revision, e.g.:
-- SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY series_id, resolution, window_start ORDER BY revision DESC) AS rn
--   FROM strata_rollups WHERE part_resolution = '5m' AND dt = '2026-11-26') WHERE rn = 1;
