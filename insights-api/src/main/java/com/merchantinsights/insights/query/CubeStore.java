package com.merchantinsights.insights.query;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.Measure;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads cube rows of one merchant, cuboid and bucket range from the warehouse; never raw events. */
public final class CubeStore implements CubeRows {
    private final DataSource dataSource;
    private final CubeDefinition cube;
    private final int maxRows;

    /** {@code maxRows}: the most rows one statement may return; one more is a {@code 422 query_too_large}. */
    public CubeStore(DataSource dataSource, CubeDefinition cube, int maxRows) {
        this.dataSource = dataSource;
        this.cube = cube;
        this.maxRows = maxRows;
    }

    @Override
    public List<CubeRow> rows(String merchant, Selection selection, Object from, Object to) throws SQLException {
        Measure amount = cube.amountMeasure().orElse(null);
        List<String> sketches = selection.sketchMeasures().stream().sorted().toList();
        StringBuilder sql = new StringBuilder("SELECT bucket_start, ")
                .append(selection.groupBy() == null ? "''" : selection.groupBy())
                .append(", event_type, currency, ")
                .append(cube.countMeasure().name())
                .append(", ")
                .append(amount == null ? "0" : amount.name());
        sketches.forEach(m -> sql.append(", ").append(m));
        sql.append(" FROM ")
                .append(WarehouseLayout.cubeTable(selection.grain()))
                .append(" WHERE merchant_id = ? AND cuboid = ? AND bucket_start >= ? AND bucket_start < ?");
        if (!selection.eventTypes().isEmpty()) {
            sql.append(" AND event_type = ANY(?)");
        }
        List<String> filterDimensions =
                selection.filters().keySet().stream().sorted().toList();
        filterDimensions.forEach(d -> sql.append(" AND ").append(d).append(" = ?"));
        // One row past the cap is enough to know the answer is too large, without reading it all into the heap.
        sql.append(" LIMIT ").append(maxRows + 1);
        try (ReadSnapshot.Borrowed borrowed = ReadSnapshot.borrow(dataSource);
                PreparedStatement p = borrowed.connection().prepareStatement(sql.toString())) {
            Connection c = borrowed.connection();
            int i = 1;
            p.setString(i++, merchant);
            p.setString(i++, selection.cuboid().id());
            p.setObject(i++, parameter(from));
            p.setObject(i++, parameter(to));
            if (!selection.eventTypes().isEmpty()) {
                p.setArray(i++, c.createArrayOf("text", selection.eventTypes().toArray()));
            }
            for (String dimension : filterDimensions) {
                p.setString(i++, selection.filters().get(dimension));
            }
            List<CubeRow> rows = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                boolean instants = selection.grain() == Grain.QUARTER_HOUR || selection.grain() == Grain.HOUR;
                while (rs.next()) {
                    if (rows.size() == maxRows) {
                        throw new InsightsException(
                                ErrorCode.QUERY_TOO_LARGE,
                                "The answer would read more than " + maxRows + " cube rows (the limit of one query);"
                                        + " narrow the range, use a coarser granularity or fewer groups.",
                                null);
                    }
                    Object bucket = instants
                            ? rs.getObject(1, OffsetDateTime.class).toInstant()
                            : rs.getObject(1, LocalDate.class);
                    Map<String, byte[]> measures = sketchColumns(rs, sketches);
                    rows.add(new CubeRow(
                            bucket,
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            measures));
                }
            }
            return rows;
        }
    }

    /**
     * A row's sketches by measure, a SQL NULL left out: no map of its own for a question without distinct counts
     * (most of them), a one-entry map for one distinct count, rather than a hash map per row.
     */
    private static Map<String, byte[]> sketchColumns(ResultSet rs, List<String> sketches) throws SQLException {
        if (sketches.isEmpty()) {
            return Map.of();
        }
        if (sketches.size() == 1) {
            byte[] bytes = rs.getBytes(7);
            return bytes == null ? Map.of() : Map.of(sketches.get(0), bytes);
        }
        Map<String, byte[]> measures = new HashMap<>();
        for (int s = 0; s < sketches.size(); s++) {
            byte[] bytes = rs.getBytes(7 + s);
            if (bytes != null) {
                measures.put(sketches.get(s), bytes);
            }
        }
        return measures;
    }

    private static Object parameter(Object bucket) {
        if (bucket instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return Date.valueOf((LocalDate) bucket);
    }
}
