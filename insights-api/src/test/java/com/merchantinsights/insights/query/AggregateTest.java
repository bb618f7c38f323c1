package com.merchantinsights.insights.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;

class AggregateTest {
    private static final int LOG_K = 12;

    @Test
    void aDistinctCountOverEveryTypeUnionsTheTypesAndOneTypeReadsOnlyItsOwn() {
        Aggregate cell = new Aggregate(LOG_K);
        cell.addRow(row("order.completed", customers(0, 3)));
        cell.addRow(row("page.viewed", customers(2, 6)));
        cell.addRow(row("order.completed", customers(1, 4)));

        assertThat(cell.distinct("customers", null)).isEqualTo(6.0, within(0.01));
        assertThat(cell.distinct("customers", "order.completed")).isEqualTo(4.0, within(0.01));
        assertThat(cell.distinct("customers", "order.refunded")).isZero();
        assertThat(cell.distinct("anonymous_ids", null)).isZero();
    }

    @Test
    void manyLargeSketchesGiveTheEstimateOfOneUnionOfThemAll() {
        // Past the sparse sizes: each image is in HLL mode, read in place.
        List<byte[]> images = IntStream.range(0, 6)
                .mapToObj(i -> customers(i * 3_000, i * 3_000 + 10_000))
                .toList();
        Aggregate cell = new Aggregate(LOG_K);
        Union expected = new Union(LOG_K);
        for (int i = 0; i < images.size(); i++) {
            cell.addRow(row(i % 2 == 0 ? "order.completed" : "page.viewed", images.get(i)));
            expected.update(HllSketch.heapify(images.get(i)));
        }
        assertThat(cell.distinct("customers", null))
                .isEqualTo(expected.getResult().getEstimate())
                .isBetween(25_000 * 0.95, 25_000 * 1.05);
    }

    @Test
    void anEstimateIsAskedAgainAfterARowOrAMergeAddsCustomers() {
        Aggregate cell = new Aggregate(LOG_K);
        cell.addRow(row("order.completed", customers(0, 2)));
        assertThat(Math.round(cell.distinct("customers", null))).isEqualTo(2);

        cell.addRow(row("order.completed", customers(2, 3)));
        assertThat(Math.round(cell.distinct("customers", null))).isEqualTo(3);

        Aggregate other = new Aggregate(LOG_K);
        other.addRow(row("page.viewed", customers(3, 4)));
        cell.merge(other);
        assertThat(Math.round(cell.distinct("customers", null))).isEqualTo(4);
        assertThat(Math.round(other.distinct("customers", null))).isEqualTo(1);
    }

    private static CubeRow row(String type, byte[] customers) {
        return new CubeRow(null, "", type, "", 1, 0, Map.of("customers", customers));
    }

    /** A sketch of customers c{from} … c{to - 1}, serialized compact, as the cube tables hold it. */
    private static byte[] customers(int from, int to) {
        HllSketch sketch = new HllSketch(LOG_K);
        for (int c = from; c < to; c++) {
            sketch.update("c" + c);
        }
        return sketch.toCompactByteArray();
    }
}
