package com.merchantinsights.reconcile;

import com.merchantinsights.core.layout.CubeFeedLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The (hour, merchant) cells of the cube feed's batches that the cube ETL has not applied (decision 0033): their raw rows
 * are stored and the cubes do not count them yet, so a refresh is pending there. Read from the warehouse's feed
 * positions and the batches' cells files, which the stream writes after the rows and before the manifest; a batch still
 * without its cells file is being written, and its records are recent enough for {@code --settle} to cover them.
 */
public final class PendingFeedCells {
    private PendingFeedCells() {}

    /** Read the positions first and the cube totals after: a batch applied in between is pending, not a mismatch. */
    public static Set<HourMerchant> read(Connection warehouse, FeedFiles feed, Collection<Instant> hours)
            throws SQLException, IOException {
        Map<String, Long> applied = new HashMap<>();
        try (Statement s = warehouse.createStatement();
                ResultSet rs = s.executeQuery("SELECT stream_id, applied_batch FROM cube_feed_positions")) {
            while (rs.next()) {
                applied.put(rs.getString(1), rs.getLong(2));
            }
        }
        return read(applied, feed, hours);
    }

    /** As {@link #read(Connection, FeedFiles, Collection)}, the feed in a local directory. */
    public static Set<HourMerchant> read(Connection warehouse, Path feedRoot, Collection<Instant> hours)
            throws SQLException, IOException {
        return read(warehouse, FeedFiles.local(feedRoot), hours);
    }

    static Set<HourMerchant> read(Map<String, Long> applied, Path feedRoot, Collection<Instant> hours)
            throws IOException {
        return read(applied, FeedFiles.local(feedRoot), hours);
    }

    static Set<HourMerchant> read(Map<String, Long> applied, FeedFiles feed, Collection<Instant> hours)
            throws IOException {
        Set<Instant> wanted = new HashSet<>(hours);
        Set<HourMerchant> cells = new HashSet<>();
        for (String stream : feed.directories(List.of())) {
            long last = applied.getOrDefault(stream, -1L);
            for (String batch : feed.directories(List.of(stream))) {
                if (CubeFeedLayout.batchOf(batch) <= last) {
                    continue;
                }
                Optional<String> cellsFile = feed.read(List.of(stream, batch, CubeFeedLayout.CELLS));
                if (cellsFile.isPresent()) {
                    CubeFeedLayout.parseCells(cellsFile.get()).forEach((hour, merchants) -> {
                        if (wanted.contains(hour)) {
                            merchants.forEach(m -> cells.add(HourMerchant.of(hour, m)));
                        }
                    });
                } else if (predatesCells(feed.read(List.of(stream, batch, CubeFeedLayout.MANIFEST)))) {
                    throw new IOException("feed batch " + feed + "/" + stream + "/" + batch
                            + " was written before decision 0033 and names no cells: let the cube ETL apply it, then"
                            + " reconcile");
                }
            }
        }
        return cells;
    }

    private static boolean predatesCells(Optional<String> manifest) {
        if (manifest.isEmpty()) {
            return false;
        }
        CubeFeedLayout.Manifest m = CubeFeedLayout.Manifest.parse(manifest.get());
        return m.hours() == null && m.events() > 0;
    }
}
