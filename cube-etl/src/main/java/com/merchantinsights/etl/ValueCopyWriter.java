package com.merchantinsights.etl;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes each Spark partition of a run's (merchant, day, dimension, value) rows into the cardinality caps' staging
 * table with {@code COPY (FORMAT csv)}, one connection per partition: a few hundred thousand values a second, where
 * JDBC batches of inserts manage tens of thousands.
 */
record ValueCopyWriter(String jdbcUrl, String user, String password, String table)
        implements ForeachPartitionFunction<Row>, Serializable {
    private static final int FLUSH_BYTES = 1 << 16;

    @Override
    public void call(Iterator<Row> rows) throws SQLException {
        if (!rows.hasNext()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            CopyIn copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY " + table + " (merchant_id, day, dimension, value) FROM STDIN (FORMAT csv)");
            try {
                StringBuilder lines = new StringBuilder(FLUSH_BYTES + 1_024);
                while (rows.hasNext()) {
                    Row row = rows.next();
                    quoted(lines, row.getString(0))
                            .append(',')
                            .append(((Number) row.get(1)).longValue())
                            .append(',');
                    quoted(lines, row.getString(2)).append(',');
                    quoted(lines, row.getString(3)).append('\n');
                    if (lines.length() >= FLUSH_BYTES) {
                        write(copy, lines);
                    }
                }
                write(copy, lines);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }

    /** A CSV field: always quoted, quotes doubled, so that commas, quotes and line breaks in values survive. */
    private static StringBuilder quoted(StringBuilder lines, String value) {
        lines.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                lines.append('"');
            }
            lines.append(c);
        }
        return lines.append('"');
    }

    private static void write(CopyIn copy, StringBuilder lines) throws SQLException {
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        lines.setLength(0);
    }
}
