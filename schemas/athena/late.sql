-- Strata cold output: samples that arrived after their rollup window had closed.
-- Partitioned by observed_at (when Strata received the sample), not by the sample's `timestamp`.
-- Columns follow schemas/src/main/avro/late.avsc (checked by AthenaDdlTest).
-- Replace s3://example-bucket/strata/ with your cold.path. Partitions are projected.
CREATE EXTERNAL TABLE IF NOT EXISTS strata_late (
  `tenant` STRING,
  `metric` STRING,
  `labels` MAP<STRING, STRING>,
  `series_id` BIGINT,
  `resolution` STRING,
  `timestamp` TIMESTAMP,
  `value` DOUBLE,
  `watermark` TIMESTAMP,
  `observed_at` TIMESTAMP
)
PARTITIONED BY (`dt` STRING, `hour` STRING)
STORED AS PARQUET
LOCATION 's3://example-bucket/strata/late/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2026-01-01,NOW',
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = 's3://example-bucket/strata/late/dt=${dt}/hour=${hour}/'
);
