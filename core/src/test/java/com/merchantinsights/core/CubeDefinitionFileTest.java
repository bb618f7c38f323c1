package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.cube.Measure;
import com.merchantinsights.core.time.Grain;
import java.io.StringReader;
import java.time.Period;
import org.junit.jupiter.api.Test;

class CubeDefinitionFileTest {
    private static final String VALID = """
            name = shop
            version = 3
            dimensions = channel, country
            grouping_sets = (); (channel); (channel, country)
            measures = events, amount, buyers
            measure.events = count()
            measure.amount = sum(amount)
            measure.buyers = distinct(customer_id)
            hll.log_k = 12
            retention.quarter_hour = P400D
            retention.hour = P400D
            retention.day = P5Y
            retention.week = P5Y
            retention.month = P5Y
            """;

    @Test
    void readsTheProductsCube() {
        CubeDefinition cube = CubeDefinitionFile.standard();
        assertThat(cube.name()).isEqualTo("merchant_activity");
        assertThat(cube.dimensions()).contains("channel", "country", "device");
        assertThat(cube.groupingSet("all")).isPresent();
        assertThat(cube.groupingSet("channel+country")).isPresent();
        assertThat(cube.measure("visitors").orElseThrow().fields()).containsExactly("customer_id", "anonymous_id");
        assertThat(cube.retention().get(Grain.QUARTER_HOUR)).isEqualTo(Period.ofDays(400));
        assertThat(cube.retention().get(Grain.MONTH)).isEqualTo(Period.ofYears(5));
        assertThat(cube.distinctRelativeError()).isBetween(0.016, 0.017);
    }

    @Test
    void readsEveryPartOfADefinition() throws Exception {
        CubeDefinition cube = parse(VALID);
        assertThat(cube.version()).isEqualTo(3);
        assertThat(cube.groupingSets()).extracting(s -> s.id()).containsExactly("all", "channel", "channel+country");
        assertThat(cube.measures())
                .extracting(Measure::kind)
                .containsExactly(Measure.Kind.COUNT, Measure.Kind.SUM, Measure.Kind.DISTINCT);
    }

    @Test
    void rejectsAMisspeltKey() {
        assertThatThrownBy(() -> parse(VALID + "retention.dya = P1Y\n"))
                .hasMessage("test.cube.properties: unknown key 'retention.dya'");
    }

    @Test
    void rejectsAGroupingSetWithAnUndeclaredDimension() {
        assertThatThrownBy(() -> parse(VALID.replace("(channel, country)", "(channel, device)")))
                .hasMessageContaining("grouping_sets: (channel, device) uses 'device'");
    }

    @Test
    void rejectsADimensionOutsideTheEventContract() {
        assertThatThrownBy(() -> parse(VALID.replace("dimensions = channel, country", "dimensions = channel, colour")))
                .hasMessageContaining("'colour' is not one of the event contract's");
    }

    @Test
    void requiresTheTotalsGroupingSet() {
        assertThatThrownBy(() -> parse(VALID.replace("(); (channel);", "(channel);")))
                .hasMessageContaining("() is required");
    }

    @Test
    void rejectsAnImpossibleMeasure() {
        assertThatThrownBy(() -> parse(VALID.replace("distinct(customer_id)", "distinct(amount)")))
                .hasMessageContaining("measure buyers: distinct() takes one or more of");
        assertThatThrownBy(() -> parse(VALID.replace("sum(amount)", "avg(amount)")))
                .hasMessageContaining("measure.amount: 'avg(amount)' is not count()");
    }

    @Test
    void requiresEveryGrainsRetention() {
        assertThatThrownBy(() -> parse(VALID.replace("retention.week = P5Y\n", "")))
                .hasMessageContaining("'retention.week' is required");
        assertThatThrownBy(() -> parse(VALID.replace("retention.week = P5Y", "retention.week = five years")))
                .hasMessageContaining("retention.week: not an ISO period");
    }

    private static CubeDefinition parse(String text) throws Exception {
        return CubeDefinitionFile.parse(new StringReader(text), "test.cube.properties");
    }
}
