package com.merchantinsights.reconcile;

import com.merchantinsights.core.layout.CubeFeedLayout;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.Set;
import java.util.stream.Stream;

/**
 * The (hour, merchant) cells of the cube feed's batches that the cube ETL has not applied (decision 0033): their raw rows
 * are stored and the cubes do not count them yet, so a refresh is pending there. Read from the warehouse's feed
 * positions and the batches' cells files, which the stream writes after the rows and before the manifest; a batch still
 * without its cells file is being written, and its records are recent enough for {@code --settle} to cover them.
 */
public final class PendingFeedCells {
    private PendingFeedCells() {}

    /** Read the positions first and the cube totals after: a batch applied in between is pending, not a mismatch. */
    public static Set<HourMerchant> read(Connection warehouse, Path feedRoot, Collection<Instant> hours)
            throws SQLException, IOException {
        Map<String, Long> applied = new HashMap<>();
        try (Statement s = warehouse.createStatement();
                ResultSet rs = s.executeQuery("SELECT stream_id, applied_batch FROM cube_feed_positions")) {
            while (rs.next()) {
                applied.put(rs.getString(1), rs.getLong(2));
            }
        }
        return read(applied, feedRoot, hours);
    }

    static Set<HourMerchant> read(Map<String, Long> applied, Path feedRoot, Collection<Instant> hours)
            throws IOException {
        Set<Instant> wanted = new HashSet<>(hours);
        Set<HourMerchant> cells = new HashSet<>();
        if (!Files.isDirectory(feedRoot)) {
            return cells;
        }
        for (Path stream : list(feedRoot)) {
            long last = applied.getOrDefault(stream.getFileName().toString(), -1L);
            for (Path batch : list(stream)) {
                if (CubeFeedLayout.batchOf(batch.getFileName().toString()) <= last) {
                    continue;
                }
                Path cellsFile = batch.resolve(CubeFeedLayout.CELLS);
                if (Files.exists(cellsFile)) {
                    CubeFeedLayout.parseCells(Files.readString(cellsFile)).forEach((hour, merchants) -> {
                        if (wanted.contains(hour)) {
                            merchants.forEach(m -> cells.add(HourMerchant.of(hour, m)));
                        }
                    });
                } else if (predatesCells(batch)) {
                    throw new IOException(
                            "feed batch " + batch + " was written before decision 0033 and names no cells:"
                                    + " let the cube ETL apply it, then reconcile");
                }
            }
        }
        return cells;
    }

    private static boolean predatesCells(Path batch) throws IOException {
        Path manifest = batch.resolve(CubeFeedLayout.MANIFEST);
        if (!Files.exists(manifest)) {
            return false;
        }
        CubeFeedLayout.Manifest m = CubeFeedLayout.Manifest.parse(Files.readString(manifest));
        return m.hours() == null && m.events() > 0;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
    }
}
