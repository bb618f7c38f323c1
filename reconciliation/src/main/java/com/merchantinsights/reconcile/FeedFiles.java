package com.merchantinsights.reconcile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cube feed's files as the reconciliation reads them (decision 0033): a local directory (the local stack), or an
 * object store (a cluster's {@code s3a://bucket/prefix}, where the Spark jobs write it through Hadoop's S3A; decision
 * 0052). Paths are segments under the feed's root.
 */
public interface FeedFiles extends AutoCloseable {
    /** The child directories of {@code path} (none when it is absent), hidden ones left out. */
    List<String> directories(List<String> path) throws IOException;

    /** A file's text, empty when absent. */
    Optional<String> read(List<String> path) throws IOException;

    /** Lets go of the store's client, if any. */
    @Override
    default void close() {}

    /** {@code s3a://} and {@code s3://} locations on an object store, anything else a local directory. */
    static FeedFiles at(String location) {
        if (location.startsWith("s3a://") || location.startsWith("s3://")) {
            return S3FeedFiles.fromEnvironment(URI.create(location));
        }
        return local(Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location));
    }

    static FeedFiles local(Path root) {
        return new FeedFiles() {
            @Override
            public List<String> directories(List<String> path) throws IOException {
                Path dir = resolve(path);
                if (!Files.isDirectory(dir)) {
                    return List.of();
                }
                try (Stream<Path> children = Files.list(dir)) {
                    return children.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .filter(name -> !name.startsWith("."))
                            .toList();
                }
            }

            @Override
            public Optional<String> read(List<String> path) throws IOException {
                Path file = resolve(path);
                return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
            }

            private Path resolve(List<String> path) {
                Path resolved = root;
                for (String segment : path) {
                    resolved = resolved.resolve(segment);
                }
                return resolved;
            }

            @Override
            public String toString() {
                return root.toString();
            }
        };
    }
}
