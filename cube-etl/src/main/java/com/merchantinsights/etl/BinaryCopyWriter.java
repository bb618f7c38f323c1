package com.merchantinsights.etl;

import com.merchantinsights.core.cube.Measure;
import com.merchantinsights.core.time.Grain;
import de.bytefish.pgbulkinsert.pgsql.PgBinaryWriter;
import de.bytefish.pgbulkinsert.pgsql.handlers.ByteArrayValueHandler;
import de.bytefish.pgbulkinsert.pgsql.handlers.LocalDateValueHandler;
import de.bytefish.pgbulkinsert.pgsql.handlers.StringValueHandler;
import de.bytefish.pgbulkinsert.pgsql.handlers.ZonedDateTimeValueHandler;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes each Spark partition of one grain's rows ({@link CubeGrains}) into a warehouse table with {@code COPY (FORMAT
 * binary)}, one connection per partition, in parallel: sketches travel as their bytes (CSV's hex doubles them) and the
 * server parses nothing. The table is outside any refresh transaction (a staging or shadow table).
 *
 * @param columns the table's columns in the rows' order; the second is the bucket (epoch seconds or epoch day)
 * @param rows    counts the rows written (on the driver after the action)
 */
record BinaryCopyWriter(
        String jdbcUrl,
        String user,
        String password,
        String table,
        List<String> columns,
        boolean instantBuckets,
        List<Measure.Kind> measureKinds,
        LongAccumulator rows)
        implements ForeachPartitionFunction<Row>, Serializable {
    private static final int BUFFER_BYTES = 1 << 16;

    BinaryCopyWriter {
        columns = List.copyOf(columns);
        measureKinds = List.copyOf(measureKinds);
    }

    static BinaryCopyWriter of(CubeEtlConfig config, String table, Grain grain, LongAccumulator rows) {
        CubeTables tables = new CubeTables(config.cube());
        List<String> columns = grain == Grain.QUARTER_HOUR ? tables.stagingColumns() : tables.rollupColumns(grain);
        return new BinaryCopyWriter(
                config.jdbcUrl(),
                config.jdbcUser(),
                config.jdbcPassword(),
                table,
                columns,
                grain == Grain.QUARTER_HOUR || grain == Grain.HOUR,
                config.cube().measures().stream().map(Measure::kind).toList(),
                rows);
    }

    /** Every component but the password, which a log line (or Spark's task description) must not carry. */
    @Override
    public String toString() {
        return "BinaryCopyWriter[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, table=" + table
                + ", columns=" + columns + ", instantBuckets=" + instantBuckets + ", measureKinds=" + measureKinds
                + ", rows=" + rows + "]";
    }

    @Override
    public void call(Iterator<Row> partition) throws SQLException {
        if (!partition.hasNext()) {
            return;
        }
        StringValueHandler text = new StringValueHandler();
        ByteArrayValueHandler bytes = new ByteArrayValueHandler();
        ZonedDateTimeValueHandler instant = new ZonedDateTimeValueHandler();
        LocalDateValueHandler date = new LocalDateValueHandler();
        int keys = columns.size() - measureKinds.size();
        long written = 0;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            PGCopyOutputStream out = new PGCopyOutputStream(
                    connection.unwrap(PGConnection.class),
                    "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)",
                    BUFFER_BYTES);
            PgBinaryWriter writer = new PgBinaryWriter(out, BUFFER_BYTES);
            try {
                while (partition.hasNext()) {
                    Row row = partition.next();
                    writer.startRow(columns.size());
                    writer.write(text, row.getString(0));
                    if (instantBuckets) {
                        writer.write(
                                instant, Instant.ofEpochSecond(row.getLong(1)).atZone(ZoneOffset.UTC));
                    } else {
                        writer.write(date, LocalDate.ofEpochDay(row.getInt(1)));
                    }
                    for (int i = 2; i < keys; i++) {
                        writer.write(text, row.getString(i));
                    }
                    for (int m = 0; m < measureKinds.size(); m++) {
                        if (row.isNullAt(keys + m)) {
                            writer.writeNull();
                        } else if (measureKinds.get(m) == Measure.Kind.DISTINCT) {
                            writer.write(bytes, (byte[]) row.get(keys + m));
                        } else {
                            writer.writeLong(((Number) row.get(keys + m)).longValue());
                        }
                    }
                    written++;
                }
            } catch (RuntimeException e) {
                // Never end the COPY on a failure: closing the writer would commit the rows so far, and the task's
                // retry would write them again. Cancelled, the table holds nothing of this partition.
                try {
                    out.cancelCopy();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            writer.close();
        }
        rows.add(written);
    }
}
