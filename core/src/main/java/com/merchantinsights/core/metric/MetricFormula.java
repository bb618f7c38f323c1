package com.merchantinsights.core.metric;

import com.merchantinsights.core.event.EventType;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a metric is computed from the cube's measures. Base formulas read measures of rows of one event type (or of
 * every type); composite ones combine two base metrics of the catalogue. Parsed from the catalogue's
 * {@code formula} keys: {@code count(order.completed)}, {@code amount(order.refunded)}, {@code distinct(customers)},
 * {@code distinct(visitors, page.viewed)}, {@code revenue / orders}, {@code revenue - refunded_amount}.
 */
public sealed interface MetricFormula {
    Pattern CALL = Pattern.compile("(count|amount|distinct)\\(\\s*([^),\\s]+)\\s*(?:,\\s*([^)\\s]+)\\s*)?\\)");
    Pattern BINARY = Pattern.compile("([a-z][a-z0-9_]*)\\s*([/-])\\s*([a-z][a-z0-9_]*)");

    /** Events of one type: the cube's count measure. */
    record Count(EventType eventType) implements MetricFormula {
        public Count {
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    /** Amounts of one event type per currency: the cube's sum(amount) measure. */
    record Amount(EventType eventType) implements MetricFormula {
        public Amount {
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    /** Distinct identifiers of a distinct() measure, over rows of one event type or of all. */
    record Distinct(String measure, Optional<EventType> eventType) implements MetricFormula {
        public Distinct {
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    /** numerator ÷ denominator, both base metrics; undefined (null) when the denominator is zero. */
    record Ratio(String numerator, String denominator) implements MetricFormula {
        public Ratio {
            Objects.requireNonNull(numerator, "numerator");
            Objects.requireNonNull(denominator, "denominator");
        }
    }

    /** minuend − subtrahend, both base metrics of the same unit. */
    record Difference(String minuend, String subtrahend) implements MetricFormula {
        public Difference {
            Objects.requireNonNull(minuend, "minuend");
            Objects.requireNonNull(subtrahend, "subtrahend");
        }
    }

    default boolean isComposite() {
        return this instanceof Ratio || this instanceof Difference;
    }

    static MetricFormula parse(String text) {
        String formula = text.trim();
        Matcher call = CALL.matcher(formula);
        if (call.matches()) {
            String argument = call.group(2);
            String second = call.group(3);
            return switch (call.group(1)) {
                case "count" -> new Count(eventType(argument, second, formula));
                case "amount" -> new Amount(eventType(argument, second, formula));
                default -> new Distinct(argument, Optional.ofNullable(second).map(t -> eventType(t, null, formula)));
            };
        }
        Matcher binary = BINARY.matcher(formula);
        if (binary.matches()) {
            return binary.group(2).equals("/")
                    ? new Ratio(binary.group(1), binary.group(3))
                    : new Difference(binary.group(1), binary.group(3));
        }
        throw new IllegalArgumentException(
                "'" + formula + "' is not count(type), amount(type), distinct(measure[, type]),"
                        + " metric / metric or metric - metric");
    }

    private static EventType eventType(String value, String extra, String formula) {
        if (extra != null) {
            throw new IllegalArgumentException("'" + formula + "' takes one event type");
        }
        if (!EventType.isValid(value)) {
            throw new IllegalArgumentException("'" + formula + "': '" + value + "' is not an event type");
        }
        return new EventType(value);
    }
}
