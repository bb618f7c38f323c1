package com.merchantinsights.etl.reprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.metric.MetricCatalogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CubeDiffTest {
    private final CubeDiff diff = new CubeDiff(null, MetricCatalogue.standard(CubeDefinitionFile.standard()));

    private static Object[] row(String type, String currency, long count, long amount) {
        return new Object[] {type, currency, count, amount};
    }

    @Test
    void identicalTotalsChangeNothing() {
        CubeDiff.Totals totals = CubeDiff.totals(row("order.completed", "INR", 10L, 100_000L));

        assertThat(diff.compare("m_1", totals, totals)).isEmpty();
    }

    @Test
    void aDoubleCountedOrderChangesOrdersRevenueNetRevenueAndRefundRateButNotTheAverageOrderValue() {
        CubeDiff.Totals buggy = CubeDiff.totals(
                row("order.completed", "INR", 11L, 110_000L),
                row("order.completed", "USD", 2L, 5_000L),
                row("order.refunded", "INR", 1L, 10_000L));
        CubeDiff.Totals fixed = CubeDiff.totals(
                row("order.completed", "INR", 10L, 100_000L),
                row("order.completed", "USD", 2L, 5_000L),
                row("order.refunded", "INR", 1L, 10_000L));

        List<CubeDiff.MetricChange> changes = new ArrayList<>(diff.compare("m_1", buggy, fixed));
        changes.sort(CubeDiff.LARGEST_FIRST);

        assertThat(changes)
                .extracting(c -> c.metric() + "/" + c.currency())
                .containsExactlyInAnyOrder("orders/", "revenue/INR", "net_revenue/INR", "refund_rate/");
        CubeDiff.MetricChange orders = changes.stream()
                .filter(c -> c.metric().equals("orders"))
                .findFirst()
                .orElseThrow();
        assertThat(orders.before()).isEqualTo(13);
        assertThat(orders.after()).isEqualTo(12);
        assertThat(orders.absolute()).isEqualTo(-1);
        CubeDiff.MetricChange net = changes.stream()
                .filter(c -> c.metric().equals("net_revenue"))
                .findFirst()
                .orElseThrow();
        assertThat(net.before()).isEqualTo(100_000);
        assertThat(net.after()).isEqualTo(90_000);
        // Largest relative change first: net revenue −10 %, revenue −9.1 %, refund rate +8.3 %, orders −7.7 %.
        assertThat(changes)
                .extracting(CubeDiff.MetricChange::metric)
                .containsExactly("net_revenue", "revenue", "refund_rate", "orders");
    }

    @Test
    void aMetricThatAppearsFromNothingSortsFirstWithoutARelativeChange() {
        CubeDiff.Totals before = CubeDiff.totals(row("order.completed", "INR", 100L, 1_000_000L));
        CubeDiff.Totals after =
                CubeDiff.totals(row("order.completed", "INR", 101L, 1_010_000L), row("customer.signed_up", "", 1L, 0L));

        List<CubeDiff.MetricChange> changes = new ArrayList<>(diff.compare("m_1", before, after));
        changes.sort(CubeDiff.LARGEST_FIRST);

        assertThat(changes.get(0).metric()).isEqualTo("signups");
        assertThat(changes.get(0).relative()).isNull();
        assertThat(changes).extracting(CubeDiff.MetricChange::metric).doesNotContain("unique_customers", "visitors");
    }
}
