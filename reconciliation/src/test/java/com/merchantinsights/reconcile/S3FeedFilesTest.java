package com.merchantinsights.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.layout.CubeFeedLayout;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cube feed's pending cells read from an S3 object store (a cluster's feed, decision 0052), laid out as Hadoop's
 * S3A writes it — keys under a prefix, a hidden directory beside the streams — served by S3Proxy, an S3-compatible server
 * in this JVM (in-memory store).
 */
class S3FeedFilesTest {
    private static final Instant NINE = Instant.parse("2026-12-05T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-05T10:00:00Z");
    private static S3Proxy proxy;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        Properties properties = new Properties();
        BlobStoreContext store = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(store.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.onSpinWait();
        }
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .forcePathStyle(true)
                // S3Proxy 2.9 predates the SDK's default request checksums (streaming trailers).
                .requestChecksumCalculation(
                        software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(
                        software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
                .build();
        s3.createBucket(b -> b.bucket("insights-archive"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        proxy.stop();
    }

    @Test
    void theCellsOfBatchesAfterEachStreamsPositionArePendingAsInALocalFeed() throws Exception {
        batch("q1", 4, Map.of(NINE, List.of("m-applied")));
        batch("q1", 5, Map.of(NINE, List.of("m-1"), TEN, List.of("m-2")));
        batch("q2", 0, Map.of(TEN, List.of("m-3")));
        put("feed/.tmp/batch-000000000000000009/cells", "ignored");

        FeedFiles feed = new S3FeedFiles(s3, URI.create("s3a://insights-archive/feed"));

        assertThat(feed.directories(List.of())).containsExactlyInAnyOrder("q1", "q2");
        assertThat(PendingFeedCells.read(Map.of("q1", 4L), feed, List.of(NINE, TEN)))
                .containsExactlyInAnyOrder(
                        HourMerchant.of(NINE, "m-1"), HourMerchant.of(TEN, "m-2"), HourMerchant.of(TEN, "m-3"));
        assertThat(PendingFeedCells.read(Map.of("q1", 5L, "q2", 0L), feed, List.of(NINE, TEN)))
                .isEmpty();
        assertThat(new S3FeedFiles(s3, URI.create("s3a://insights-archive/elsewhere")).directories(List.of()))
                .as("a feed not written yet")
                .isEmpty();
    }

    @Test
    void aBucketThatCannotBeReadIsAnErrorNotAnEmptyFeed() {
        FeedFiles feed = new S3FeedFiles(s3, URI.create("s3a://no-such-bucket/feed"));
        assertThatThrownBy(() -> feed.directories(List.of()))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("s3://no-such-bucket/feed/");
    }

    private static void batch(String stream, long number, Map<Instant, List<String>> cells) {
        String dir = "feed/" + stream + "/"
                + CubeFeedLayout.batchDir("", stream, number)
                        .substring(CubeFeedLayout.batchDir("", stream, number).lastIndexOf('/') + 1);
        put(dir + "/" + CubeFeedLayout.CELLS, CubeFeedLayout.cellsText(cells));
        put(
                dir + "/" + CubeFeedLayout.MANIFEST,
                new CubeFeedLayout.Manifest(number, 1, Map.of(0, number), new TreeSet<>(cells.keySet())).text());
    }

    private static void put(String key, String text) {
        s3.putObject(b -> b.bucket("insights-archive").key(key), RequestBody.fromString(text));
    }
}
