package com.merchantinsights.etl;

import com.merchantinsights.core.layout.CubeFeedLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The complete feed batches (decision 0027, {@link CubeFeedLayout}) that the warehouse has not applied yet, per stream
 * in batch order, stopping at the first batch without its manifest (a batch being written or replayed: a later one is
 * never applied before it). {@link #record} advances the positions inside the refresh's transaction.
 *
 * @param positions   each stream's last applied batch before this slice
 * @param batches     the batches to apply, in order per stream
 * @param applied     each stream's last batch after this slice (for streams the slice advances)
 * @param endOffsets  the events topic's position the warehouse covers once the slice is applied: per partition the
 *                    highest end offset of any applied batch of any stream
 * @param anyFeedEver whether any batch was ever applied or is in this slice; without, no raw row belongs to a feed
 * @param truncated   whether complete batches were left for a later run (the slice reached its events cap)
 */
record CubeFeedSlice(
        Map<String, Long> positions,
        List<Batch> batches,
        Map<String, Long> applied,
        Map<Integer, Long> endOffsets,
        boolean anyFeedEver,
        boolean truncated) {
    record Batch(String streamId, long batch, String dir, CubeFeedLayout.Manifest manifest) {}

    CubeFeedSlice {
        positions = Map.copyOf(positions);
        batches = List.copyOf(batches);
        applied = Map.copyOf(applied);
        endOffsets = Map.copyOf(endOffsets);
    }

    long events() {
        return batches.stream().mapToLong(b -> b.manifest().events()).sum();
    }

    /**
     * The cells that the slice's batches ask to be rebuilt from raw rows (decision 0048: a version stored by an earlier
     * batch gave way to one received before it), as requests of this run; none for most slices.
     */
    List<RebuildRequests.Request> rebuildRequests(Configuration hadoop, Instant requestedAt) {
        List<RebuildRequests.Request> requests = new ArrayList<>();
        for (Batch batch : batches) {
            if (batch.manifest().rebuilds() == 0) {
                continue;
            }
            Path file = new Path(batch.dir(), CubeFeedLayout.REBUILD);
            try (InputStream in = file.getFileSystem(hadoop).open(file)) {
                CubeFeedLayout.parseCells(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .forEach((hour, merchants) -> merchants.forEach(
                                m -> requests.add(new RebuildRequests.Request(hour, m, requestedAt))));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the cells to rebuild of " + batch.dir(), e);
            }
        }
        return requests;
    }

    /** The batches with events, read as one dataset of feed rows; null when none has any. */
    Dataset<Row> read(SparkSession spark) {
        String[] dirs = batches.stream()
                .filter(b -> b.manifest().events() > 0)
                .map(Batch::dir)
                .toArray(String[]::new);
        return dirs.length == 0 ? null : spark.read().parquet(dirs);
    }

    /**
     * @param maxEvents the events the slice holds at most, in whole batches; the first batch is always taken, so that
     *                  a batch larger than the cap still gets applied
     */
    static CubeFeedSlice pending(Connection connection, String root, Configuration hadoop, long maxEvents)
            throws SQLException {
        Map<String, Long> positions = new HashMap<>();
        Map<Integer, Long> appliedOffsets = new TreeMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT stream_id, applied_batch, end_offsets FROM cube_feed_positions")) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getLong(2));
                parseOffsets(rs.getString(3)).forEach((p, o) -> appliedOffsets.merge(p, o, Math::max));
            }
        }
        return after(positions, appliedOffsets, root, hadoop, maxEvents);
    }

    /**
     * The slice that follows the applied positions ({@link #pending} reads them from the warehouse).
     *
     * @param positions      each stream's last applied batch
     * @param appliedOffsets the events topic's position the warehouse covers now
     */
    static CubeFeedSlice after(
            Map<String, Long> positions,
            Map<Integer, Long> appliedOffsets,
            String root,
            Configuration hadoop,
            long maxEvents) {
        Map<Integer, Long> endOffsets = new TreeMap<>(appliedOffsets);
        boolean anyFeedEver = !positions.isEmpty();
        List<Batch> batches = new ArrayList<>();
        Map<String, Long> applied = new HashMap<>();
        long events = 0;
        boolean truncated = false;
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(hadoop);
            if (!fs.exists(rootPath)) {
                return new CubeFeedSlice(positions, batches, applied, endOffsets, anyFeedEver, false);
            }
            streams:
            for (FileStatus stream : fs.listStatus(rootPath)) {
                if (!stream.isDirectory() || stream.getPath().getName().startsWith(".")) {
                    continue;
                }
                String streamId = stream.getPath().getName();
                long last = positions.getOrDefault(streamId, -1L);
                FileStatus[] dirs = fs.listStatus(stream.getPath());
                long applied0 = last;
                List<Long> numbers = Arrays.stream(dirs)
                        .map(d -> CubeFeedLayout.batchOf(d.getPath().getName()))
                        .filter(n -> n > applied0)
                        .sorted()
                        .toList();
                for (long number : numbers) {
                    // A stream's batches are numbered without gaps, from 0 for a new checkpoint.
                    if (number != last + 1) {
                        break;
                    }
                    Path manifest = new Path(CubeFeedLayout.batchDir(root, streamId, number), CubeFeedLayout.MANIFEST);
                    if (!fs.exists(manifest)) {
                        break;
                    }
                    CubeFeedLayout.Manifest m;
                    try (InputStream in = fs.open(manifest)) {
                        m = CubeFeedLayout.Manifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    if (!batches.isEmpty() && events + m.events() > maxEvents) {
                        truncated = true;
                        break streams;
                    }
                    events += m.events();
                    batches.add(new Batch(streamId, number, CubeFeedLayout.batchDir(root, streamId, number), m));
                    m.endOffsets().forEach((p, o) -> endOffsets.merge(p, o, Math::max));
                    last = number;
                    applied.put(streamId, number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the cube feed under " + root, e);
        }
        return new CubeFeedSlice(positions, batches, applied, endOffsets, anyFeedEver || !batches.isEmpty(), truncated);
    }

    /**
     * The UTC hours with events that the cubes will not show once this slice is committed: those of the complete
     * batches after it, listed now (decision 0033: the feed took over the dirty marks' role). A batch still being written
     * has no manifest yet and counts once it has one, as a dirty mark counted once it was written after its rows.
     * Listing it again costs a directory listing and a small manifest per batch left.
     *
     * @param hoursOfOldBatches the hours of batches whose manifest predates decision 0033 and names none, read from
     *                          their Parquet files
     */
    SortedSet<Instant> hoursLeft(
            String root, Configuration hadoop, Function<List<String>, Set<Instant>> hoursOfOldBatches) {
        Map<String, Long> after = new HashMap<>(positions);
        after.putAll(applied);
        SortedSet<Instant> hours = new TreeSet<>();
        List<String> withoutHours = new ArrayList<>();
        for (Batch left : after(after, Map.of(), root, hadoop, Long.MAX_VALUE).batches()) {
            if (left.manifest().hours() != null) {
                hours.addAll(left.manifest().hours());
            } else if (left.manifest().events() > 0) {
                withoutHours.add(left.dir());
            }
        }
        if (!withoutHours.isEmpty()) {
            hours.addAll(hoursOfOldBatches.apply(withoutHours));
        }
        return hours;
    }

    /**
     * Deletes the folders of applied batches last written more than {@code keep} ago (a day by default: enough to look
     * into what a recent run applied).
     *
     * @return folders deleted
     */
    static int prune(Connection connection, String root, Configuration hadoop, Instant now, java.time.Duration keep)
            throws SQLException {
        Map<String, Long> positions = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT stream_id, applied_batch FROM cube_feed_positions")) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getLong(2));
            }
        }
        int deleted = 0;
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(hadoop);
            long before = now.minus(keep).toEpochMilli();
            for (Map.Entry<String, Long> stream : positions.entrySet()) {
                Path streamPath = new Path(CubeFeedLayout.streamDir(root, stream.getKey()));
                if (!fs.exists(streamPath)) {
                    continue;
                }
                for (FileStatus dir : fs.listStatus(streamPath)) {
                    long batch = CubeFeedLayout.batchOf(dir.getPath().getName());
                    if (batch >= 0
                            && batch <= stream.getValue()
                            && dir.getModificationTime() < before
                            && fs.delete(dir.getPath(), true)) {
                        deleted++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("pruning the cube feed under " + root, e);
        }
        return deleted;
    }

    /** Advances the positions of the streams this slice applied; inside the refresh's transaction. */
    void record(Connection connection, Instant now) throws SQLException {
        if (applied.isEmpty()) {
            return;
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO cube_feed_positions (stream_id, applied_batch,"
                        + " end_offsets, applied_at) VALUES (?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET applied_batch ="
                        + " EXCLUDED.applied_batch, end_offsets = EXCLUDED.end_offsets, applied_at = EXCLUDED.applied_at")) {
            for (Map.Entry<String, Long> stream : applied.entrySet()) {
                Map<Integer, Long> offsets = new TreeMap<>();
                batches.stream()
                        .filter(b -> b.streamId().equals(stream.getKey()))
                        .forEach(
                                b -> b.manifest().endOffsets().forEach((part, o) -> offsets.merge(part, o, Math::max)));
                p.setString(1, stream.getKey());
                p.setLong(2, stream.getValue());
                p.setString(3, formatOffsets(offsets));
                p.setObject(4, CalendarRollups.utc(now));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static String formatOffsets(Map<Integer, Long> offsets) {
        return FeedOffsets.format(offsets);
    }

    static Map<Integer, Long> parseOffsets(String text) {
        return FeedOffsets.parse(text);
    }
}
