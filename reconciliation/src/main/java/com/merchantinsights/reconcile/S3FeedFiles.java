package com.merchantinsights.reconcile;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The cube feed on an S3 object store, read with the AWS SDK: the keys Hadoop's S3A wrote under {@code bucket/prefix},
 * directories being key prefixes. Credentials, region and endpoint come from the SDK's default chain (the environment,
 * web identity, the node's role; {@code AWS_ENDPOINT_URL_S3} for an S3-compatible store, then addressed path-style as
 * the Spark jobs' S3A is: decision 0052).
 */
final class S3FeedFiles implements FeedFiles {
    /** The SDK's own variable for a service's endpoint. */
    static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_S3";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3FeedFiles(S3Client s3, URI location) {
        this.s3 = s3;
        this.bucket = location.getHost();
        String path = location.getPath() == null ? "" : location.getPath().replaceAll("^/+|/+$", "");
        this.prefix = path.isEmpty() ? "" : path + "/";
    }

    static S3FeedFiles fromEnvironment(URI location) {
        var builder = S3Client.builder();
        String endpoint = System.getenv(ENDPOINT_VARIABLE);
        if (endpoint != null && !endpoint.isBlank()) {
            // An S3-compatible store has no region of its own, and the SDK insists on one: any will do.
            if (blank(System.getenv("AWS_REGION")) && blank(System.getenv("AWS_DEFAULT_REGION"))) {
                builder.region(Region.US_EAST_1);
            }
            // An S3-compatible store: path-style as the Spark jobs' S3A, and checksums only where S3 requires them
            // (not every such store knows the SDK's newer defaults).
            builder.endpointOverride(URI.create(endpoint))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return new S3FeedFiles(builder.build(), location);
    }

    @Override
    public List<String> directories(List<String> path) throws IOException {
        String under = key(path) + (path.isEmpty() ? "" : "/");
        List<String> names = new ArrayList<>();
        try {
            String token = null;
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                        .bucket(bucket)
                        .prefix(under)
                        .delimiter("/")
                        .continuationToken(token)
                        .build());
                for (CommonPrefix child : page.commonPrefixes()) {
                    String name = child.prefix().substring(under.length()).replaceAll("/+$", "");
                    if (!name.isEmpty() && !name.startsWith(".")) {
                        names.add(name);
                    }
                }
                token = page.isTruncated() ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + "/" + under + ": " + e.getMessage(), e);
        }
        return names;
    }

    @Override
    public Optional<String> read(List<String> path) throws IOException {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(path))).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key(path) + ": " + e.getMessage(), e);
        }
    }

    private String key(List<String> path) {
        return prefix + String.join("/", path);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
