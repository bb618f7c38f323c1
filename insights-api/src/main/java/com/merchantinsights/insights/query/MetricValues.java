package com.merchantinsights.insights.query;

import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.metric.MetricDefinition;
import com.merchantinsights.core.metric.MetricFormula;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A metric's value in one cell, from the cell's merged {@link Aggregate}, by the catalogue's formula. Counts are whole
 * numbers, distinct counts rounded estimates, money an object of currency → integer minor units (never converted or
 * added across currencies), ratios a number or null when the denominator is zero.
 */
public final class MetricValues {
    private final MetricCatalogue catalogue;

    public MetricValues(MetricCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Object value(MetricDefinition metric, Aggregate cell) {
        MetricFormula formula = metric.formula();
        if (formula instanceof MetricFormula.Count c) {
            return cell.count(c.eventType().value());
        }
        if (formula instanceof MetricFormula.Amount a) {
            return new TreeMap<>(cell.amounts(a.eventType().value()));
        }
        if (formula instanceof MetricFormula.Distinct d) {
            return Math.round(cell.distinct(
                    d.measure(), d.eventType().map(Object::toString).orElse(null)));
        }
        if (formula instanceof MetricFormula.Ratio r) {
            return divide(value(operand(r.numerator()), cell), value(operand(r.denominator()), cell));
        }
        MetricFormula.Difference d = (MetricFormula.Difference) formula;
        return subtract(value(operand(d.minuend()), cell), value(operand(d.subtrahend()), cell));
    }

    /** The event types whose rows a metric reads; empty when it reads every type (a distinct count over all). */
    public Set<String> eventTypes(MetricDefinition metric) {
        MetricFormula formula = metric.formula();
        Set<String> types = new HashSet<>();
        if (formula instanceof MetricFormula.Count c) {
            types.add(c.eventType().value());
        } else if (formula instanceof MetricFormula.Amount a) {
            types.add(a.eventType().value());
        } else if (formula instanceof MetricFormula.Distinct d) {
            if (d.eventType().isEmpty()) {
                return Set.of();
            }
            types.add(d.eventType().get().value());
        } else if (formula instanceof MetricFormula.Ratio r) {
            return union(eventTypes(operand(r.numerator())), eventTypes(operand(r.denominator())));
        } else if (formula instanceof MetricFormula.Difference d) {
            return union(eventTypes(operand(d.minuend())), eventTypes(operand(d.subtrahend())));
        }
        return types;
    }

    /** current − previous, per currency for money; null when either side is null. */
    public static Object absoluteChange(Object current, Object previous) {
        return subtract(current, previous);
    }

    /** (current − previous) ÷ previous, per currency for money; null where previous is zero or absent. */
    public static Object relativeChange(Object current, Object previous) {
        if (current instanceof Map<?, ?> now && previous instanceof Map<?, ?> before) {
            Map<String, Object> change = new TreeMap<>();
            Set<String> currencies = new HashSet<>();
            now.keySet().forEach(c -> currencies.add((String) c));
            before.keySet().forEach(c -> currencies.add((String) c));
            for (String currency : currencies) {
                // A currency sold before but not now fell by 100 %; one new now has no relative change.
                Double amountNow = number(now.get(currency));
                change.put(currency, relative(amountNow == null ? 0.0 : amountNow, number(before.get(currency))));
            }
            return change;
        }
        return relative(number(current), number(previous));
    }

    private static Double relative(Double current, Double previous) {
        if (current == null || previous == null || previous == 0) {
            return null;
        }
        return round((current - previous) / previous, 4);
    }

    private MetricDefinition operand(String name) {
        return catalogue.named(name).orElseThrow();
    }

    private static Object divide(Object numerator, Object denominator) {
        Double by = number(denominator);
        if (numerator instanceof Map<?, ?> money) {
            Map<String, Object> perCurrency = new TreeMap<>();
            money.forEach((currency, amount) ->
                    perCurrency.put((String) currency, by == null || by == 0 ? null : Math.round(number(amount) / by)));
            return perCurrency;
        }
        Double value = number(numerator);
        return value == null || by == null || by == 0 ? null : round(value / by, 6);
    }

    private static Object subtract(Object left, Object right) {
        if (left instanceof Map<?, ?> a && right instanceof Map<?, ?> b) {
            Map<String, Object> difference = new LinkedHashMap<>();
            Set<String> currencies = new java.util.TreeSet<>();
            a.keySet().forEach(c -> currencies.add((String) c));
            b.keySet().forEach(c -> currencies.add((String) c));
            for (String currency : currencies) {
                Double x = number(a.get(currency));
                Double y = number(b.get(currency));
                difference.put(currency, Math.round((x == null ? 0 : x) - (y == null ? 0 : y)));
            }
            return difference;
        }
        if (left instanceof Long x && right instanceof Long y) {
            return x - y;
        }
        Double x = number(left);
        Double y = number(right);
        return x == null || y == null ? null : round(x - y, 6);
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Set.of();
        }
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
