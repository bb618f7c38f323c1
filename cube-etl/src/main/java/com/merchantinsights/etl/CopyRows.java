package com.merchantinsights.etl;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)}, buffered and sent in chunks: an order of magnitude
 * cheaper than batched INSERTs for the hundreds of thousands of cube rows a rebuild writes. Nulls are empty unquoted
 * fields; every text is quoted, so an empty string stays an empty string.
 */
final class CopyRows {
    private static final int FLUSH_CHARS = 8 << 20;
    private static final HexFormat HEX = HexFormat.of();

    private final Connection connection;
    private final String copySql;
    private final StringBuilder buffer = new StringBuilder();
    private long rows;
    private boolean rowStarted;

    CopyRows(Connection connection, String table, List<String> columns) {
        this.connection = connection;
        this.copySql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT csv)";
    }

    CopyRows text(String value) {
        separate();
        if (value != null) {
            buffer.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return this;
    }

    CopyRows number(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    CopyRows bytes(byte[] value) {
        separate();
        if (value != null) {
            buffer.append("\\x").append(HEX.formatHex(value));
        }
        return this;
    }

    CopyRows instant(Instant value) {
        return text(value.atOffset(ZoneOffset.UTC).toString());
    }

    CopyRows date(LocalDate value) {
        return text(value.toString());
    }

    /** Ends the current row; sends the buffer when it is large. */
    void endRow() throws SQLException {
        buffer.append('\n');
        rowStarted = false;
        rows++;
        if (buffer.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    /** The CSV text buffered and not sent yet: what a unit test reads without a warehouse. */
    String buffered() {
        return buffer.toString();
    }

    /** Sends what is buffered. @return rows written in total */
    long finish() throws SQLException {
        flush();
        return rows;
    }

    private void separate() {
        if (rowStarted) {
            buffer.append(',');
        }
        rowStarted = true;
    }

    private void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new StringReader(buffer.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into the warehouse failed", e);
        }
        buffer.setLength(0);
    }
}
