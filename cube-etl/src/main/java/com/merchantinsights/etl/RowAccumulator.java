package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.Measure;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * Merges cube rows of finer buckets into the rows of one coarser bucket: counts and amounts are added, sketches are
 * unioned (never added: the same customer on two days is one customer in the week). Rows are grouped by their key
 * columns (cuboid, dimension values, event type, currency).
 */
final class RowAccumulator {
    private final CubeDefinition cube;
    private final int keyColumns;
    private final Map<List<String>, Object[]> rows = new LinkedHashMap<>();

    RowAccumulator(CubeDefinition cube, int keyColumns) {
        this.cube = cube;
        this.keyColumns = keyColumns;
    }

    /** Adds the current row of {@code rs}: key columns first, then the measures in definition order. */
    void add(ResultSet rs) throws SQLException {
        List<String> key = new ArrayList<>(keyColumns);
        for (int i = 1; i <= keyColumns; i++) {
            key.add(rs.getString(i));
        }
        Object[] merged =
                rows.computeIfAbsent(key, k -> new Object[cube.measures().size()]);
        for (int m = 0; m < merged.length; m++) {
            int column = keyColumns + 1 + m;
            if (cube.measures().get(m).kind() == Measure.Kind.DISTINCT) {
                byte[] sketch = rs.getBytes(column);
                if (sketch != null) {
                    Union union = merged[m] == null ? new Union(cube.hllLogK()) : (Union) merged[m];
                    union.update(HllSketch.heapify(sketch));
                    merged[m] = union;
                }
            } else {
                merged[m] = (merged[m] == null ? 0L : (Long) merged[m]) + rs.getLong(column);
            }
        }
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int size() {
        return rows.size();
    }

    /**
     * Writes each merged row after {@code prefix} (merchant, bucket, zone...: text, {@link java.time.Instant} or
     * {@link java.time.LocalDate} values).
     */
    void writeTo(CopyRows copy, List<Object> prefix) throws SQLException {
        for (Map.Entry<List<String>, Object[]> row : rows.entrySet()) {
            for (Object value : prefix) {
                if (value instanceof java.time.Instant instant) {
                    copy.instant(instant);
                } else if (value instanceof java.time.LocalDate date) {
                    copy.date(date);
                } else {
                    copy.text((String) value);
                }
            }
            for (String value : row.getKey()) {
                copy.text(value);
            }
            for (Object measure : row.getValue()) {
                if (measure instanceof Union union) {
                    copy.bytes(union.getResult(TgtHllType.HLL_8).toCompactByteArray());
                } else if (measure == null) {
                    copy.bytes(null);
                } else {
                    copy.number((Long) measure);
                }
            }
            copy.endRow();
        }
    }
}
