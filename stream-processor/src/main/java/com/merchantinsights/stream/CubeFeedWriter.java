package com.merchantinsights.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.CubeFeedLayout;
import com.merchantinsights.core.layout.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one micro-batch's part of the cube feed (decision 0027, {@link CubeFeedLayout}) after its raw rows are stored:
 * the stored events' cube columns as Parquet, their (hour, merchant) cells (decision 0033), the cells of versions it
 * displaced (decision 0048), then the manifest, last.
 * A replay of the batch first removes what an earlier attempt left, then writes the same events again.
 */
final class CubeFeedWriter {
    /** The local property Spark sets on the stream's thread: the query's id, the same across restarts. */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String root;
    private final java.nio.file.Path checkpointDir;

    CubeFeedWriter(String root, java.nio.file.Path checkpointDir) {
        this.root = root;
        this.checkpointDir = checkpointDir;
    }

    void write(
            SparkSession spark,
            long batchId,
            JavaRDD<Row> rows,
            long events,
            Collection<StoredCell> cells,
            Collection<StoredCell> rebuildCells) {
        String streamId = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (streamId == null) {
            throw new IllegalStateException(
                    "no streaming query id on this thread: the feed is written from foreachBatch");
        }
        String dir = CubeFeedLayout.batchDir(root, streamId, batchId);
        Path path = new Path(dir);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.delete(path, true);
            if (events > 0) {
                // One file per batch: a batch is seconds of events, and the ETL reads hundreds of batches per run.
                spark.createDataFrame(rows, FeedEvents.SCHEMA)
                        .coalesce(1)
                        .write()
                        .mode(SaveMode.ErrorIfExists)
                        .parquet(dir);
            } else {
                fs.mkdirs(path);
            }
            TreeMap<Instant, Set<String>> merchantsByHour = merchantsByHour(cells);
            try (OutputStream out = fs.create(new Path(path, CubeFeedLayout.CELLS), true)) {
                out.write(CubeFeedLayout.cellsText(merchantsByHour).getBytes(StandardCharsets.UTF_8));
            }
            if (!rebuildCells.isEmpty()) {
                try (OutputStream out = fs.create(new Path(path, CubeFeedLayout.REBUILD), true)) {
                    out.write(CubeFeedLayout.cellsText(merchantsByHour(rebuildCells))
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            CubeFeedLayout.Manifest manifest = new CubeFeedLayout.Manifest(
                    batchId, events, endOffsets(batchId), merchantsByHour.navigableKeySet(), rebuildCells.size());
            Path temporary = new Path(path, "." + CubeFeedLayout.MANIFEST + ".tmp");
            try (OutputStream out = fs.create(temporary, true)) {
                out.write(manifest.text().getBytes(StandardCharsets.UTF_8));
            }
            if (!fs.rename(temporary, new Path(path, CubeFeedLayout.MANIFEST))) {
                throw new IOException("could not rename " + temporary + " to its manifest");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the cube feed of batch " + batchId + " to " + dir, e);
        }
    }

    static TreeMap<Instant, Set<String>> merchantsByHour(Collection<StoredCell> cells) {
        return cells.stream()
                .collect(Collectors.groupingBy(
                        StoredCell::eventHour,
                        TreeMap::new,
                        Collectors.mapping(StoredCell::merchantId, Collectors.toSet())));
    }

    /**
     * The batch's end offsets of every partition of the events topic, from the stream's own offset log (written
     * before the batch ran, and the same for a replay), so that a partition without records in this batch is covered
     * too.
     */
    Map<Integer, Long> endOffsets(long batchId) throws IOException {
        java.nio.file.Path log = checkpointDir.resolve("offsets").resolve(Long.toString(batchId));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (lines.size() < 3) {
            throw new IOException("unexpected offset log " + log + ": " + lines.size() + " line(s)");
        }
        return parseEndOffsets(lines.get(2));
    }

    static Map<Integer, Long> parseEndOffsets(String sourceOffsets) throws IOException {
        JsonNode topic = JSON.readTree(sourceOffsets).get(Topics.EVENTS);
        if (topic == null) {
            throw new IOException("no offsets of " + Topics.EVENTS + " in " + sourceOffsets);
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = topic.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> partition = it.next();
            offsets.put(
                    Integer.parseInt(partition.getKey()), partition.getValue().asLong());
        }
        return offsets;
    }
}
