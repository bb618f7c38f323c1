package com.merchantinsights.etl;

import com.merchantinsights.core.cube.Measure;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;

/**
 * Writes each Spark partition of base rows into the staging table with COPY, one connection per partition, in
 * parallel. The staging table is outside the refresh transaction; the transaction copies it into the cube.
 */
record StagingWriter(String jdbcUrl, String user, String password, String table, List<String> columns,
                     List<Measure.Kind> measureKinds) implements ForeachPartitionFunction<Row>, Serializable {
    StagingWriter {
        columns = List.copyOf(columns);
        measureKinds = List.copyOf(measureKinds);
    }

    @Override
    public void call(Iterator<Row> rows) throws SQLException {
        if (!rows.hasNext()) {
            return;
        }
        int keys = columns.size() - measureKinds.size();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            CopyRows copy = new CopyRows(connection, table, columns);
            while (rows.hasNext()) {
                Row row = rows.next();
                for (int i = 0; i < keys; i++) {
                    Object value = row.get(i);
                    if (value instanceof Timestamp t) {
                        copy.instant(t.toInstant());
                    } else if (value instanceof java.time.Instant instant) {
                        copy.instant(instant);
                    } else {
                        copy.text((String) value);
                    }
                }
                for (int m = 0; m < measureKinds.size(); m++) {
                    Object value = row.get(keys + m);
                    if (measureKinds.get(m) == Measure.Kind.DISTINCT) {
                        copy.bytes((byte[]) value);
                    } else {
                        copy.number(((Number) value).longValue());
                    }
                }
                copy.endRow();
            }
            copy.finish();
        }
    }
}
