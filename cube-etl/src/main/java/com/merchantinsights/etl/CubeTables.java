package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.cube.Measure;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The warehouse tables of the cube (Flyway migration V21): one per grain, all with the same key and measure columns,
 * named after the definition's dimensions and measures. {@link #verify} checks at start-up that the definition and
 * the schema agree, so a definition naming a column the warehouse lacks fails before any run.
 */
final class CubeTables {
    private final CubeDefinition cube;

    CubeTables(CubeDefinition cube) {
        this.cube = cube;
    }

    CubeDefinition cube() {
        return cube;
    }

    /** cuboid, the dimensions, event_type, currency: with merchant and bucket, a row's identity. */
    List<String> keyColumns() {
        List<String> columns = new ArrayList<>(List.of(WarehouseLayout.CUBOID));
        columns.addAll(cube.dimensions());
        columns.add(WarehouseLayout.EVENT_TYPE);
        columns.add(WarehouseLayout.CURRENCY);
        return columns;
    }

    List<String> measureColumns() {
        return cube.measures().stream().map(Measure::name).toList();
    }

    /** The staging table's columns, in the order {@link BaseCubeQuery} produces them. */
    List<String> stagingColumns() {
        List<String> columns = new ArrayList<>(List.of(
                WarehouseLayout.MERCHANT_ID,
                WarehouseLayout.BUCKET_START,
                WarehouseLayout.CUBOID,
                WarehouseLayout.EVENT_TYPE,
                WarehouseLayout.CURRENCY));
        columns.addAll(cube.dimensions());
        columns.addAll(measureColumns());
        return columns;
    }

    /** Columns of a grain's table that a rollup writes, in insert order. */
    List<String> rollupColumns(Grain grain) {
        List<String> columns = new ArrayList<>(
                List.of(WarehouseLayout.MERCHANT_ID, WarehouseLayout.BUCKET_START, WarehouseLayout.TIME_ZONE));
        if (grain == Grain.WEEK) {
            columns.add("week_start");
        }
        columns.addAll(keyColumns());
        columns.addAll(measureColumns());
        return columns;
    }

    /**
     * Rows of some merchants in a bucket range: key columns, measures, then bucket_start and merchant_id (the shape
     * {@link RowAccumulator#add} reads).
     */
    String selectRowsSql(Grain grain) {
        return "SELECT " + String.join(", ", keyColumns()) + ", " + String.join(", ", measureColumns())
                + ", bucket_start, merchant_id FROM " + WarehouseLayout.cubeTable(grain)
                + " WHERE merchant_id = ANY(?) AND bucket_start >= ? AND bucket_start < ?";
    }

    /** The events a table of 15-minute rows counts: the sum of the totals cuboid's count. */
    long eventsIn(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum("
                        + cube.countMeasure().name() + "), 0) FROM " + table + " WHERE cuboid = '"
                        + GroupingSet.TOTALS_ID + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Fails with the missing columns when the warehouse schema lacks what the definition names. */
    void verify(Connection connection) throws SQLException {
        for (Grain grain : Grain.values()) {
            Set<String> present = new HashSet<>();
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?")) {
                p.setString(1, WarehouseLayout.cubeTable(grain));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        present.add(rs.getString(1));
                    }
                }
            }
            List<String> wanted =
                    new ArrayList<>(grain == Grain.QUARTER_HOUR ? stagingColumns() : rollupColumns(grain));
            wanted.removeAll(present);
            if (!wanted.isEmpty()) {
                throw new IllegalStateException(
                        "cube " + cube.name() + ": warehouse table " + WarehouseLayout.cubeTable(grain)
                                + " lacks the column(s) " + wanted + " that the cube definition names");
            }
        }
    }
}
