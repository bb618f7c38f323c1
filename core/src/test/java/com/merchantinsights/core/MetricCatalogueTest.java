package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.event.EventType;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.metric.MetricDefinition;
import com.merchantinsights.core.metric.MetricFormula;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricCatalogueTest {
    private static final CubeDefinition CUBE = CubeDefinitionFile.standard();

    @Test
    void theProductsCatalogueHasEveryMetricOfTheDesign() {
        MetricCatalogue catalogue = MetricCatalogue.standard(CUBE);
        assertThat(catalogue.all())
                .extracting(MetricDefinition::name)
                .contains(
                        "orders",
                        "revenue",
                        "refunds",
                        "refunded_amount",
                        "net_revenue",
                        "average_order_value",
                        "refund_rate",
                        "unique_customers",
                        "page_views",
                        "visitors",
                        "conversion_rate");
        assertThat(catalogue.named("orders").orElseThrow().formula())
                .isEqualTo(new MetricFormula.Count(EventType.ORDER_COMPLETED));
        assertThat(catalogue.named("visitors").orElseThrow().formula())
                .isEqualTo(new MetricFormula.Distinct("visitors", Optional.of(EventType.PAGE_VIEWED)));
        assertThat(catalogue.named("net_revenue").orElseThrow().formula())
                .isEqualTo(new MetricFormula.Difference("revenue", "refunded_amount"));
        assertThat(catalogue.isEstimate(catalogue.named("conversion_rate").orElseThrow()))
                .isTrue();
        assertThat(catalogue.isEstimate(catalogue.named("average_order_value").orElseThrow()))
                .isFalse();
        assertThat(catalogue.named("average_order_value").orElseThrow().unit()).isEqualTo(MetricDefinition.Unit.MONEY);
    }

    @Test
    void rejectsADistinctCountOfAnUnknownMeasure() {
        assertThatThrownBy(() -> parse(metric("buyers", "count", "integer", "distinct(buyers)")))
                .hasMessageContaining("metric buyers: cube merchant_activity has no measure 'buyers'");
    }

    @Test
    void rejectsAUnitThatDoesNotFollowFromTheFormula() {
        assertThatThrownBy(() -> parse(metric("revenue", "count", "integer", "amount(order.completed)")))
                .hasMessageContaining("metric revenue: unit must be money");
    }

    @Test
    void rejectsDivisionByMoneyAndCompositesOfComposites() {
        String base = metric("orders", "count", "integer", "count(order.completed)")
                + metric("revenue", "money", "currency", "amount(order.completed)");
        assertThatThrownBy(() ->
                        parse(base + metric("odd", "ratio", "percent", "orders / revenue"), "orders, revenue, odd"))
                .hasMessageContaining("cannot divide by money");
        assertThatThrownBy(() -> parse(
                        base
                                + metric("aov", "money", "currency", "revenue / orders")
                                + metric("twice", "ratio", "decimal", "aov / orders"),
                        "orders, revenue, aov, twice"))
                .hasMessageContaining("'aov' is composite");
    }

    @Test
    void rejectsAMetricMissingFromTheList() {
        assertThatThrownBy(() -> parse(
                        metric("orders", "count", "integer", "count(order.completed)") + "metric.ghost.label = Ghost\n",
                        "orders"))
                .hasMessageContaining("unknown key 'metric.ghost.label'");
    }

    private static String metric(String name, String unit, String format, String formula) {
        return "metric." + name + ".label = " + name + "\nmetric." + name + ".unit = " + unit + "\nmetric." + name
                + ".format = " + format + "\nmetric." + name + ".formula = " + formula + "\nmetric." + name
                + ".description = about " + name + "\n";
    }

    private static MetricCatalogue parse(String metrics) throws Exception {
        String name = metrics.substring("metric.".length(), metrics.indexOf('.', "metric.".length()));
        return parse(metrics, name);
    }

    private static MetricCatalogue parse(String metrics, String list) throws Exception {
        return MetricCatalogue.parse(new StringReader("metrics = " + list + "\n" + metrics), "test.properties", CUBE);
    }
}
