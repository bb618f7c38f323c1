package com.merchantinsights.core.metric;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named business metric of the catalogue (decision 0013): what merchants see on their dashboard and ask the
 * insights API for.
 *
 * @param unit   what the value is: a count, money (minor units, per currency), or a ratio
 * @param format how to show it: integer, currency, percent or decimal
 */
public record MetricDefinition(
        String name, String label, Unit unit, Format format, String description, MetricFormula formula) {
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public enum Unit {
        COUNT,
        MONEY,
        RATIO;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Format {
        INTEGER,
        CURRENCY,
        PERCENT,
        DECIMAL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(formula, "formula");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' must match " + NAME.pattern());
        }
        if (label.isBlank() || description.isBlank()) {
            throw new IllegalArgumentException("metric " + name + ": label and description are required");
        }
        if ((unit == Unit.MONEY) != (format == Format.CURRENCY)) {
            throw new IllegalArgumentException("metric " + name + ": money is shown as currency, and only money is");
        }
    }
}
