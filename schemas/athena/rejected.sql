-- Strata cold output: frames and samples not forwarded, with the reason (PII labels by name only).
-- Partitioned by observed_at (when Strata received the frame), not by the claimed `timestamp`.
-- Columns follow schemas/src/main/avro/rejected.avsc (checked by AthenaDdlTest).
-- Replace s3://example-bucket/strata/ with your cold.path. Partitions are projected.
CREATE EXTERNAL TABLE IF NOT EXISTS strata_rejected (
  `tenant` STRING,
  `reason` STRING,
  `detail` STRING,
  `metric` STRING,
  `labels` MAP<STRING, STRING>,
  `redacted_labels` ARRAY<STRING>,
  `timestamp` TIMESTAMP,
  `value` DOUBLE,
  `samples` BIGINT,
  `origin` STRING,
  `observed_at` TIMESTAMP,
  `last_timestamp` TIMESTAMP,
  `frame_bytes` BIGINT,
  `broker_timestamp` TIMESTAMP
)
PARTITIONED BY (`dt` STRING, `hour` STRING)
STORED AS PARQUET
LOCATION 's3://example-bucket/strata/rejected/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2026-01-01,NOW',
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = 's3://example-bucket/strata/rejected/dt=${dt}/hour=${hour}/'
);
