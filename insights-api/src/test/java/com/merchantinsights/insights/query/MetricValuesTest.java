package com.merchantinsights.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.metric.MetricCatalogue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricValuesTest {
    private static final MetricCatalogue CATALOGUE = MetricCatalogue.standard(CubeDefinitionFile.standard());
    private static final MetricValues VALUES = new MetricValues(CATALOGUE);

    @Test
    void moneyStaysPerCurrencyThroughDifferencesAndAverages() {
        Aggregate cell = new Aggregate(12);
        cell.addRow(row("order.completed", "INR", 3, 90_000));
        cell.addRow(row("order.completed", "USD", 1, 1_000));
        cell.addRow(row("order.refunded", "INR", 1, 5_000));
        assertThat(VALUES.value(metric("revenue"), cell)).isEqualTo(Map.of("INR", 90_000L, "USD", 1_000L));
        assertThat(VALUES.value(metric("net_revenue"), cell)).isEqualTo(Map.of("INR", 85_000L, "USD", 1_000L));
        assertThat(VALUES.value(metric("average_order_value"), cell)).isEqualTo(Map.of("INR", 22_500L, "USD", 250L));
        assertThat(VALUES.value(metric("refund_rate"), cell)).isEqualTo(0.25);
    }

    @Test
    void aRatioWithNothingToDivideByIsUndefinedNotZero() {
        Aggregate empty = new Aggregate(12);
        assertThat(VALUES.value(metric("refund_rate"), empty)).isNull();
        assertThat(VALUES.value(metric("orders"), empty)).isEqualTo(0L);
        assertThat(MetricValues.relativeChange(5L, 0L)).isNull();
        assertThat(MetricValues.relativeChange(5L, 4L)).isEqualTo(0.25);
        assertThat(MetricValues.relativeChange(Map.of("INR", 150L), Map.of("INR", 100L, "USD", 10L)))
                .isEqualTo(Map.of("INR", 0.5, "USD", -1.0));
    }

    @Test
    void mergingCellsAddsCountsAndUnionsSketchesInsteadOfAddingThem() {
        Aggregate monday = new Aggregate(12);
        monday.addRow(sketchRow("c1", "c2"));
        Aggregate tuesday = new Aggregate(12);
        tuesday.addRow(sketchRow("c2", "c3"));
        monday.merge(tuesday);
        assertThat(VALUES.value(metric("unique_customers"), monday)).isEqualTo(3L);
        assertThat(monday.count("order.completed")).isEqualTo(4);
    }

    private static com.merchantinsights.core.metric.MetricDefinition metric(String name) {
        return CATALOGUE.named(name).orElseThrow();
    }

    private static CubeRow row(String type, String currency, long count, long amount) {
        return new CubeRow(null, "", type, currency, count, amount, Map.of());
    }

    private static CubeRow sketchRow(String... customers) {
        org.apache.datasketches.hll.HllSketch sketch = new org.apache.datasketches.hll.HllSketch(12);
        for (String customer : customers) {
            sketch.update(customer);
        }
        return new CubeRow(
                null,
                "",
                "order.completed",
                "INR",
                customers.length,
                0,
                Map.of("customers", sketch.toCompactByteArray()));
    }
}
