package io.strata.tests.testutils;

import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.apache.ApacheHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.regions.Region;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Shard;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Creates, writes and reshards streams on the kinesis-mock started by {@code scripts/kinesis-start}.
 * It uses the AWS SDK v2 that the Kinesis connector bundles (relocated), so the tests talk to the
 * server through the same client code as the source does.
 */
public final class KinesisStreams implements AutoCloseable {

    /** kinesis-mock's account (scripts/kinesis-start sets it) and region. */
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";
    /** kinesis-mock accepts any key pair. */
    public static final String ACCESS_KEY_ID = "strata-it";
    public static final String SECRET_ACCESS_KEY = "strata-it-secret";

    /** 2^128: Kinesis hash keys are 128-bit MD5 values. */
    private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(128);

    private final KinesisClient client;

    public KinesisStreams(String endpoint) {
        this.client = KinesisClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
    }

    public static String arn(String stream) {
        return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream;
    }

    /** Creates {@code stream} with {@code shards} shards of equal hash ranges and waits until it is ACTIVE. */
    public void create(String stream, int shards) {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(stream);
    }

    /** The open and closed shards of {@code stream}, in the server's order. */
    public List<Shard> shards(String stream) {
        return client.listShards(b -> b.streamName(stream)).shards();
    }

    /**
     * A hash key inside the {@code index}-th of {@code shards} equal ranges, so that a record lands
     * on a chosen shard of a freshly created stream (and, after a split, on a chosen child).
     */
    public static String hashKeyInRange(int index, int shards) {
        BigInteger width = HASH_SPACE.divide(BigInteger.valueOf(shards));
        return width.multiply(BigInteger.valueOf(index)).add(width.shiftRight(1)).toString();
    }

    /** Puts one record; returns its shard id. */
    public String put(String stream, String partitionKey, String explicitHashKey, byte[] data) {
        return client.putRecord(b -> b.streamName(stream).partitionKey(partitionKey).explicitHashKey(explicitHashKey)
                .data(SdkBytes.fromByteArray(data))).shardId();
    }

    /** Splits {@code shardId} at the middle of its hash range and waits until the stream is ACTIVE again. */
    public void splitInHalf(String stream, String shardId) {
        Shard shard = shards(stream).stream().filter(s -> s.shardId().equals(shardId)).findFirst().orElseThrow();
        BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
        String middle = start.add(end).shiftRight(1).add(BigInteger.ONE).toString();
        client.splitShard(b -> b.streamName(stream).shardToSplit(shardId).newStartingHashKey(middle));
        awaitActive(stream);
    }

    /** Merges two adjacent shards into one and waits until the stream is ACTIVE again. */
    public void merge(String stream, String shardId, String adjacentShardId) {
        client.mergeShards(b -> b.streamName(stream).shardToMerge(shardId).adjacentShardToMerge(adjacentShardId));
        awaitActive(stream);
    }

    private void awaitActive(String stream) {
        // Stream operations are asynchronous in Kinesis; kinesis-mock is started with 0 ms durations,
        // so this normally passes at once.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                fail("stream " + stream + " did not become ACTIVE within 30 s");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
