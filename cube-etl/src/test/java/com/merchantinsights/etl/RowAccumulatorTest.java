package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;

/** Merging finer cube rows into a coarser bucket (compaction, week and month rollups), and the CSV they become. */
class RowAccumulatorTest {
    private static final CubeDefinition CUBE = CubeDefinitionFile.standard();
    /** cuboid, event type, currency: the key columns of these tests' rows. */
    private static final int KEYS = 3;

    @Test
    void countsAndAmountsAddAndSketchesUnionPerKey() throws SQLException {
        RowAccumulator rows = new RowAccumulator(CUBE, KEYS);
        rows.add(row("all", "order.completed", "INR", 2, 500, sketch("c-1", "c-2"), sketch("c-1", "c-2")));
        rows.add(row("all", "order.completed", "INR", 3, 700, sketch("c-2", "c-3"), sketch("c-2", "c-3", "a-9")));
        rows.add(row("all", "page.viewed", "", 4, 0, null, sketch("a-1")));

        assertThat(rows.size()).isEqualTo(2);
        CopyRows copy = new CopyRows(null, "cube_day", List.of());
        rows.writeTo(copy, List.of("m-1", LocalDate.parse("2026-12-05")));
        String[] lines = copy.buffered().split("\n");

        assertThat(lines).hasSize(2);
        String[] orders = lines[0].split(",");
        assertThat(orders)
                .startsWith("\"m-1\"", "\"2026-12-05\"", "\"all\"", "\"order.completed\"", "\"INR\"", "5", "1200");
        assertThat(estimate(orders[7]))
                .as("c-2 is one customer on both rows, not two")
                .isEqualTo(3);
        assertThat(estimate(orders[8])).isEqualTo(4);
        String[] views = lines[1].split(",", -1);
        assertThat(views).startsWith("\"m-1\"", "\"2026-12-05\"", "\"all\"", "\"page.viewed\"", "\"\"", "4", "0");
        assertThat(views[7])
                .as("no customer sketch: a null, not an empty sketch")
                .isEmpty();
        assertThat(estimate(views[8])).isEqualTo(1);
    }

    @Test
    void bucketsOfAnInstantAreWrittenInUtcAndTextIsQuotedWithItsQuotesDoubled() throws SQLException {
        RowAccumulator rows = new RowAccumulator(CUBE, KEYS);
        rows.add(row("channel", "say \"hi\"", "INR", 1, 5, null, null));
        CopyRows copy = new CopyRows(null, "cube_hour", List.of());
        rows.writeTo(copy, List.of("m-1", Instant.parse("2026-12-05T04:00:00Z")));

        assertThat(copy.buffered())
                .isEqualTo("\"m-1\",\"2026-12-05T04:00Z\",\"channel\",\"say \"\"hi\"\"\",\"INR\",1,5,,\n");
    }

    private static long estimate(String hexField) {
        return Math.round(HllSketch.heapify(java.util.HexFormat.of().parseHex(hexField.substring(2)))
                .getEstimate());
    }

    private static byte[] sketch(String... people) {
        HllSketch sketch = new HllSketch(CUBE.hllLogK(), TgtHllType.HLL_8);
        for (String person : people) {
            sketch.update(person);
        }
        return sketch.toCompactByteArray();
    }

    /** One row as the warehouse answers it: key columns, then count, amount and the two sketches. */
    private static ResultSet row(
            String cuboid,
            String eventType,
            String currency,
            long count,
            long amount,
            byte[] customers,
            byte[] visitors) {
        Object[] values = {cuboid, eventType, currency, count, amount, customers, visitors};
        return (ResultSet) Proxy.newProxyInstance(
                ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
                    Object value = values[(Integer) args[0] - 1];
                    return switch (method.getName()) {
                        case "getString" -> (String) value;
                        case "getBytes" -> (byte[]) value;
                        case "getLong" -> ((Number) value).longValue();
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }
}
