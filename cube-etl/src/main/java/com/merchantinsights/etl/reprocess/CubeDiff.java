package com.merchantinsights.etl.reprocess;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.metric.MetricDefinition;
import com.merchantinsights.core.metric.MetricFormula;
import com.merchantinsights.core.time.Grain;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a built run would change, metric by metric, for each merchant of its scope: the live totals against the
 * rebuilt ones over the scope's days (the totals cuboid of the day grain, so the figures are those a merchant's
 * dashboard shows for the range). Counts, amounts per currency, their differences and ratios are compared exactly;
 * distinct counts are estimates from sketches and are left out (their inputs, the events, are compared).
 */
public final class CubeDiff {
    /** One metric of one merchant (and currency, for money) that differs; {@code relative} null when before is 0. */
    public record MetricChange(String merchantId, String metric, String currency, double before, double after) {
        public MetricChange {
            Objects.requireNonNull(merchantId, "merchantId");
            Objects.requireNonNull(metric, "metric");
            currency = currency == null ? "" : currency;
        }

        public double absolute() {
            return after - before;
        }

        public Double relative() {
            return before == 0 ? null : (after - before) / Math.abs(before);
        }
    }

    /** The changes, largest first, and how many merchants were compared. */
    public record Diff(int merchantsCompared, List<MetricChange> changes, List<String> notCompared) {
        public Diff {
            changes = List.copyOf(changes);
            notCompared = List.copyOf(notCompared);
        }

        public Set<String> merchantsChanged() {
            Set<String> merchants = new TreeSet<>();
            changes.forEach(c -> merchants.add(c.merchantId()));
            return merchants;
        }

        public Set<String> metricsChanged() {
            Set<String> metrics = new TreeSet<>();
            changes.forEach(c -> metrics.add(c.metric()));
            return metrics;
        }
    }

    /** Largest relative change first (a change from zero counts as the largest), then largest absolute change. */
    public static final Comparator<MetricChange> LARGEST_FIRST = Comparator.comparingDouble(
                    (MetricChange c) -> c.relative() == null ? Double.POSITIVE_INFINITY : Math.abs(c.relative()))
            .thenComparingDouble(c -> Math.abs(c.absolute()))
            .reversed()
            .thenComparing(MetricChange::merchantId)
            .thenComparing(MetricChange::metric)
            .thenComparing(MetricChange::currency);

    private record Key(String eventType, String currency) {}

    /** Event count and amount per event type and currency, for one merchant. */
    record Totals(Map<Key, long[]> byTypeAndCurrency) {
        long count(String eventType, String currency) {
            return byTypeAndCurrency.entrySet().stream()
                    .filter(e -> e.getKey().eventType().equals(eventType)
                            && (currency.isEmpty() || e.getKey().currency().equals(currency)))
                    .mapToLong(e -> e.getValue()[0])
                    .sum();
        }

        long amount(String eventType, String currency) {
            long[] value = byTypeAndCurrency.get(new Key(eventType, currency));
            return value == null ? 0 : value[1];
        }

        Set<String> currencies() {
            Set<String> currencies = new TreeSet<>();
            byTypeAndCurrency.keySet().forEach(k -> {
                if (!k.currency().isEmpty()) {
                    currencies.add(k.currency());
                }
            });
            return currencies;
        }
    }

    private final Connection connection;
    private final MetricCatalogue catalogue;

    public CubeDiff(Connection connection, MetricCatalogue catalogue) {
        this.connection = connection;
        this.catalogue = catalogue;
    }

    /** The diff of built run {@code runId} against the live cube as it is now; ReprocessException for any other run. */
    public Diff ofBuiltRun(long runId) throws SQLException {
        ReprocessRun run = new ReprocessRuns(connection)
                .find(runId)
                .orElseThrow(() -> new CubeSwitch.ReprocessException("no run " + runId));
        if (run.state() != ReprocessRun.State.BUILT) {
            throw new CubeSwitch.ReprocessException(
                    "run " + runId + " is " + run.state().wireName() + ": a diff is of a built run");
        }
        return of(run.schema());
    }

    public Diff of(ShadowSchema run) throws SQLException {
        Map<String, Totals> live = totals(ShadowSchema.live(Grain.DAY), run);
        Map<String, Totals> rebuilt = totals(run.rebuilt(Grain.DAY), run);
        Set<String> merchants = new TreeSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT merchant_id FROM " + run.scope())) {
            while (rs.next()) {
                merchants.add(rs.getString(1));
            }
        }
        List<MetricChange> changes = new ArrayList<>();
        Totals none = new Totals(Map.of());
        for (String merchant : merchants) {
            changes.addAll(compare(merchant, live.getOrDefault(merchant, none), rebuilt.getOrDefault(merchant, none)));
        }
        changes.sort(LARGEST_FIRST);
        List<String> notCompared = catalogue.all().stream()
                .filter(m -> m.formula() instanceof MetricFormula.Distinct)
                .map(MetricDefinition::name)
                .toList();
        return new Diff(merchants.size(), changes, notCompared);
    }

    /** The changed metrics of one merchant; package-private for the unit test. */
    List<MetricChange> compare(String merchant, Totals before, Totals after) {
        Set<String> currencies = new TreeSet<>(before.currencies());
        currencies.addAll(after.currencies());
        List<MetricChange> changes = new ArrayList<>();
        for (MetricDefinition metric : catalogue.all()) {
            if (!comparable(metric)) {
                continue;
            }
            boolean money = metric.unit() == MetricDefinition.Unit.MONEY || usesMoney(metric);
            for (String currency : money ? currencies : Set.of("")) {
                Double old = value(metric, before, currency);
                Double now = value(metric, after, currency);
                if (!Objects.equals(old, now)) {
                    changes.add(new MetricChange(
                            merchant, metric.name(), currency, old == null ? 0 : old, now == null ? 0 : now));
                }
            }
        }
        return changes;
    }

    private boolean comparable(MetricDefinition metric) {
        MetricFormula f = metric.formula();
        if (f instanceof MetricFormula.Distinct) {
            return false;
        }
        if (f instanceof MetricFormula.Ratio r) {
            return comparable(base(r.numerator())) && comparable(base(r.denominator()));
        }
        if (f instanceof MetricFormula.Difference d) {
            return comparable(base(d.minuend())) && comparable(base(d.subtrahend()));
        }
        return true;
    }

    private boolean usesMoney(MetricDefinition metric) {
        MetricFormula f = metric.formula();
        if (f instanceof MetricFormula.Ratio r) {
            return usesMoney(base(r.numerator())) || usesMoney(base(r.denominator()));
        }
        if (f instanceof MetricFormula.Difference d) {
            return usesMoney(base(d.minuend())) || usesMoney(base(d.subtrahend()));
        }
        return f instanceof MetricFormula.Amount;
    }

    /** A metric's value over the totals, in one currency ("" = all events); null when undefined (ratio over 0). */
    private Double value(MetricDefinition metric, Totals totals, String currency) {
        MetricFormula f = metric.formula();
        if (f instanceof MetricFormula.Count c) {
            return (double) totals.count(c.eventType().value(), currency);
        }
        if (f instanceof MetricFormula.Amount a) {
            return (double) totals.amount(a.eventType().value(), currency);
        }
        if (f instanceof MetricFormula.Difference d) {
            Double a = value(base(d.minuend()), totals, currency);
            Double b = value(base(d.subtrahend()), totals, currency);
            return a == null || b == null ? null : a - b;
        }
        if (f instanceof MetricFormula.Ratio r) {
            Double a = value(base(r.numerator()), totals, currency);
            Double b = value(base(r.denominator()), totals, currency);
            return a == null || b == null || b == 0 ? null : a / b;
        }
        return null;
    }

    private MetricDefinition base(String name) {
        return catalogue.named(name).orElseThrow(() -> new IllegalStateException("no metric " + name));
    }

    private Map<String, Totals> totals(String dayTable, ShadowSchema run) throws SQLException {
        Map<String, Totals> totals = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT x.merchant_id, x.event_type, x.currency, sum(x.event_count),"
                        + " sum(x.amount_sum) FROM " + dayTable + " x JOIN " + run.scope() + " s ON "
                        + ShadowSchema.inScope(Grain.DAY, "x") + " WHERE x.cuboid = '" + GroupingSet.TOTALS_ID + "'"
                        + " GROUP BY 1, 2, 3")) {
            while (rs.next()) {
                totals.computeIfAbsent(rs.getString(1), m -> new Totals(new HashMap<>()))
                        .byTypeAndCurrency()
                        .put(new Key(rs.getString(2), rs.getString(3)), new long[] {rs.getLong(4), rs.getLong(5)});
            }
        }
        return totals;
    }

    /** For the unit test: totals from (event type, currency, count, amount) rows. */
    static Totals totals(Object[]... rows) {
        Map<Key, long[]> map = new HashMap<>();
        for (Object[] row : rows) {
            map.put(new Key((String) row[0], (String) row[1]), new long[] {(Long) row[2], (Long) row[3]});
        }
        return new Totals(map);
    }
}
