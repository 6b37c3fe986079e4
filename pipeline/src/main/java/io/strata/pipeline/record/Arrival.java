package io.strata.pipeline.record;

/**
 * Where and when Strata received one stream record: the cold {@code rejected} and {@code late}
 * rows it leads to are placed by {@link #observedAtEpochMillis()}, so a replay or backfill of the
 * same records writes the same partitions, and no producer-claimed timestamp can open a partition.
 *
 * @param origin e.g. {@code kafka:frames-2@1041}
 * @param brokerTimestampEpochMillis the broker's timestamp of the record (Kafka record timestamp,
 *     Kinesis {@code ApproximateArrivalTimestamp}), or {@link Rejected#NO_TIMESTAMP}
 * @param observedAtEpochMillis the broker timestamp, or the time of reading where the broker
 *     timestamp is missing, further in the future than the allowed clock skew, or older than a
 *     record can be kept (a Kafka {@code CreateTime} is the producer's to choose)
 */
public record Arrival(String origin, long brokerTimestampEpochMillis, long observedAtEpochMillis) {

    /**
     * The arrival of a record read at {@code readAtEpochMillis}: its broker timestamp if that lies
     * within {@code [read - maxAgeMillis, read + maxFutureSkewMillis]}, else the time of reading.
     */
    public static Arrival of(
            String origin, long brokerTimestampEpochMillis, long readAtEpochMillis, long maxFutureSkewMillis, long maxAgeMillis) {
        boolean trusted = brokerTimestampEpochMillis != Rejected.NO_TIMESTAMP
                && brokerTimestampEpochMillis <= readAtEpochMillis + maxFutureSkewMillis
                && brokerTimestampEpochMillis >= readAtEpochMillis - maxAgeMillis;
        return new Arrival(origin, brokerTimestampEpochMillis, trusted ? brokerTimestampEpochMillis : readAtEpochMillis);
    }

    /** A record with no broker timestamp (generated data, tests), received at {@code readAtEpochMillis}. */
    public static Arrival readAt(String origin, long readAtEpochMillis) {
        return new Arrival(origin, Rejected.NO_TIMESTAMP, readAtEpochMillis);
    }
}
