package com.merchantinsights.core.metric;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.DefinitionKeys;
import com.merchantinsights.core.cube.Measure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The named business metrics, defined once on top of the cube's measures (decision 0013), read from
 * {@code metrics/catalogue.properties} and validated against the cube definition at start-up: every measure and
 * metric a formula names exists, composite metrics combine base metrics only, and units agree.
 */
public final class MetricCatalogue {
    public static final String DEFAULT_RESOURCE = "/metrics/catalogue.properties";

    private final Map<String, MetricDefinition> metrics;

    private MetricCatalogue(Map<String, MetricDefinition> metrics) {
        this.metrics = metrics;
    }

    /** The product's catalogue, checked against the product's cube. */
    public static MetricCatalogue standard(CubeDefinition cube) {
        try (InputStream in = MetricCatalogue.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE, cube);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MetricCatalogue parse(Reader reader, String source, CubeDefinition cube) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        DefinitionKeys keys = new DefinitionKeys(properties);
        try {
            Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
            for (String name : DefinitionKeys.list(keys.required("metrics"))) {
                String prefix = "metric." + name + ".";
                try {
                    MetricDefinition metric = new MetricDefinition(
                            name,
                            keys.required(prefix + "label"),
                            MetricDefinition.Unit.valueOf(
                                    keys.required(prefix + "unit").toUpperCase(Locale.ROOT)),
                            MetricDefinition.Format.valueOf(
                                    keys.required(prefix + "format").toUpperCase(Locale.ROOT)),
                            keys.required(prefix + "description"),
                            MetricFormula.parse(keys.required(prefix + "formula")));
                    if (metrics.put(name, metric) != null) {
                        throw new IllegalArgumentException("listed twice");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("metric " + name + ": " + e.getMessage());
                }
            }
            keys.rejectUnread(" (is the metric listed in 'metrics'?)");
            MetricCatalogue catalogue = new MetricCatalogue(metrics);
            metrics.values().forEach(m -> catalogue.check(m, cube));
            return catalogue;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    public List<MetricDefinition> all() {
        return List.copyOf(metrics.values());
    }

    public Optional<MetricDefinition> named(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    /** True when the value comes from sketches, directly or through a ratio with such a metric. */
    public boolean isEstimate(MetricDefinition metric) {
        MetricFormula formula = metric.formula();
        if (formula instanceof MetricFormula.Ratio r) {
            return isEstimate(metrics.get(r.numerator())) || isEstimate(metrics.get(r.denominator()));
        }
        if (formula instanceof MetricFormula.Difference d) {
            return isEstimate(metrics.get(d.minuend())) || isEstimate(metrics.get(d.subtrahend()));
        }
        return formula instanceof MetricFormula.Distinct;
    }

    private void check(MetricDefinition metric, CubeDefinition cube) {
        String where = "metric " + metric.name() + ": ";
        MetricDefinition.Unit unit = metric.unit();
        MetricFormula formula = metric.formula();
        if (formula instanceof MetricFormula.Count) {
            expect(where, unit, MetricDefinition.Unit.COUNT);
        } else if (formula instanceof MetricFormula.Amount) {
            if (cube.amountMeasure().isEmpty()) {
                throw new IllegalArgumentException(
                        where + "amount() needs a sum(amount) measure in cube " + cube.name());
            }
            expect(where, unit, MetricDefinition.Unit.MONEY);
        } else if (formula instanceof MetricFormula.Distinct d) {
            Measure measure = cube.measure(d.measure())
                    .orElseThrow(() -> new IllegalArgumentException(
                            where + "cube " + cube.name() + " has no measure '" + d.measure() + "'"));
            if (measure.kind() != Measure.Kind.DISTINCT) {
                throw new IllegalArgumentException(where + "'" + d.measure() + "' is not a distinct() measure");
            }
            expect(where, unit, MetricDefinition.Unit.COUNT);
        } else if (formula instanceof MetricFormula.Ratio r) {
            MetricDefinition numerator = operand(where, r.numerator());
            MetricDefinition denominator = operand(where, r.denominator());
            if (denominator.unit() == MetricDefinition.Unit.MONEY) {
                throw new IllegalArgumentException(where + "cannot divide by money: amounts are per currency");
            }
            expect(
                    where,
                    unit,
                    numerator.unit() == MetricDefinition.Unit.MONEY
                            ? MetricDefinition.Unit.MONEY
                            : MetricDefinition.Unit.RATIO);
        } else if (formula instanceof MetricFormula.Difference d) {
            MetricDefinition minuend = operand(where, d.minuend());
            MetricDefinition subtrahend = operand(where, d.subtrahend());
            if (minuend.unit() != subtrahend.unit()) {
                throw new IllegalArgumentException(
                        where + d.minuend() + " and " + d.subtrahend() + " have different units");
            }
            expect(where, unit, minuend.unit());
        }
    }

    private MetricDefinition operand(String where, String name) {
        MetricDefinition operand = metrics.get(name);
        if (operand == null) {
            throw new IllegalArgumentException(where + "no metric named '" + name + "'");
        }
        if (operand.formula().isComposite()) {
            throw new IllegalArgumentException(where + "'" + name + "' is composite; combine base metrics only");
        }
        return operand;
    }

    private static void expect(String where, MetricDefinition.Unit actual, MetricDefinition.Unit expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(where + "unit must be " + expected.wireName() + " for this formula");
        }
    }
}
