package io.strata.pipeline.source;

import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.SourceRecord;
import java.io.Serializable;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;

/**
 * Settings of the Kinesis source of remote_write frames, and the FLIP-27 {@link KinesisStreamsSource}
 * they make: one split per shard, per-shard watermarks from the source framework, sequence numbers
 * in the checkpoint, child shards discovered after a split or merge.
 *
 * @param streamArn {@code arn:aws:kinesis:<region>:<account>:stream/<name>}
 * @param region the AWS region of the stream
 * @param endpoint an endpoint override such as {@code http://127.0.0.1:19094}; {@code null} for AWS's
 * @param credentials static keys, or {@code null} for the SDK's default credential chain
 * @param initialPosition where a job without a checkpoint starts reading each shard
 * @param initialTimestamp the start for {@link InitialPosition#AT_TIMESTAMP}, else {@code null}
 * @param tenantFromPartitionKey take the tenant from a {@code tenant/host} partition key
 * @param extraProperties connector properties passed through as they are (e.g. {@code aws.http-client.max-concurrency})
 */
public record KinesisSourceSettings(
        String streamArn,
        String region,
        String endpoint,
        StaticCredentials credentials,
        InitialPosition initialPosition,
        Instant initialTimestamp,
        String defaultTenant,
        boolean tenantFromPartitionKey,
        Map<String, String> extraProperties) implements Serializable {

    /** The same source starting every shard at the first record that arrived at or after {@code start} (a backfill). */
    public KinesisSourceSettings startingAt(Instant start) {
        return new KinesisSourceSettings(streamArn, region, endpoint, credentials, InitialPosition.AT_TIMESTAMP, start,
                defaultTenant, tenantFromPartitionKey, extraProperties);
    }

    /** Where a shard without checkpointed sequence number starts. */
    public enum InitialPosition {
        /** Only records put after the job starts. */
        LATEST,
        /** The oldest record still retained. */
        TRIM_HORIZON,
        /** The first record at or after {@code initialTimestamp} (replays). */
        AT_TIMESTAMP
    }

    /** An access key pair; the secret never appears in {@link #toString()}. */
    public record StaticCredentials(String accessKeyId, String secretAccessKey) implements Serializable {
        public StaticCredentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
        }
    }

    // Connector keys (flink-connector-aws AWSConfigConstants); its class is shaded in the connector
    // jar, so the keys are spelled here rather than imported from a relocated package.
    static final String AWS_REGION = "aws.region";
    static final String AWS_ENDPOINT = "aws.endpoint";
    static final String AWS_CREDENTIALS_PROVIDER = "aws.credentials.provider";
    static final String AWS_ACCESS_KEY_ID = "aws.credentials.provider.basic.accesskeyid";
    static final String AWS_SECRET_ACCESS_KEY = "aws.credentials.provider.basic.secretkey";
    /** The connector's default format of {@code STREAM_INITIAL_TIMESTAMP}. */
    private static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    public KinesisSourceSettings {
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(initialPosition, "initialPosition");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
        if ((initialPosition == InitialPosition.AT_TIMESTAMP) != (initialTimestamp != null)) {
            throw new IllegalArgumentException("initialTimestamp is required with AT_TIMESTAMP and only with it, got "
                    + initialPosition + " and " + initialTimestamp);
        }
        extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
    }

    /** The stream's name, the last part of its ARN. */
    public String streamName() {
        return streamArn.substring(streamArn.lastIndexOf('/') + 1);
    }

    /** The connector configuration: pass-through properties first, then Strata's settings over them. */
    public Configuration connectorConfig() {
        Map<String, String> config = new TreeMap<>(extraProperties);
        config.put(AWS_REGION, region);
        if (endpoint != null) {
            config.put(AWS_ENDPOINT, endpoint);
        }
        if (credentials != null) {
            config.put(AWS_CREDENTIALS_PROVIDER, "BASIC");
            config.put(AWS_ACCESS_KEY_ID, credentials.accessKeyId());
            config.put(AWS_SECRET_ACCESS_KEY, credentials.secretAccessKey());
        } else {
            config.putIfAbsent(AWS_CREDENTIALS_PROVIDER, "AUTO");
        }
        Configuration flink = Configuration.fromMap(config);
        flink.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                KinesisStreamsSourceConfigConstants.InitialPosition.valueOf(initialPosition.name()));
        if (initialTimestamp != null) {
            SimpleDateFormat format = new SimpleDateFormat(TIMESTAMP_FORMAT);
            format.setTimeZone(TimeZone.getTimeZone("UTC"));
            flink.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_TIMESTAMP, format.format(Date.from(initialTimestamp)));
            flink.set(KinesisStreamsSourceConfigConstants.STREAM_TIMESTAMP_DATE_FORMAT, TIMESTAMP_FORMAT);
        }
        return flink;
    }

    public KinesisStreamsSource<SourceRecord> build(RemoteWriteDecoder decoder) {
        return KinesisStreamsSource.<SourceRecord>builder()
                .setStreamArn(streamArn)
                .setSourceConfig(connectorConfig())
                .setDeserializationSchema(new KinesisFrameDeserializer(decoder, defaultTenant, tenantFromPartitionKey))
                .build();
    }
}
