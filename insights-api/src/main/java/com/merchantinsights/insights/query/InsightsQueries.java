package com.merchantinsights.insights.query;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.metric.MetricDefinition;
import com.merchantinsights.core.metric.MetricFormula;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merchant questions of decision 0015, answered from cube rows only: a time series of metrics (optionally
 * grouped by one dimension, top N plus "other"), a breakdown of one metric by a dimension, and KPI totals with their
 * change against the previous period and the same period a year before. Answers are plain maps, written as JSON.
 */
public final class InsightsQueries {
    public static final String OTHER = "(other)";
    public static final String NOT_SET = "(not set)";

    private final CubeDefinition cube;
    private final MetricCatalogue catalogue;
    private final CubeRows store;
    private final MetricValues values;

    public InsightsQueries(CubeDefinition cube, MetricCatalogue catalogue, CubeRows store) {
        this.cube = cube;
        this.catalogue = catalogue;
        this.store = store;
        this.values = new MetricValues(catalogue);
    }

    /**
     * What is asked: whose data, in which calendar (the merchant's, whose zone is {@code merchantZone}, or an override
     * answered from the 15-minute totals and, for breakdowns, the merchant's local hours), which metrics, days
     * (inclusive), granularity, filters and grouping.
     */
    public record Question(
            String merchant,
            MerchantCalendar calendar,
            ZoneId merchantZone,
            List<MetricDefinition> metrics,
            LocalDate from,
            LocalDate to,
            Grain granularity,
            Map<String, String> filters,
            String groupBy,
            int top) {
        public Question {
            metrics = List.copyOf(metrics);
            filters = Map.copyOf(filters);
        }

        /** Whether the answer is in a zone other than the merchant's. */
        public boolean zoneOverride() {
            return !calendar.zone().equals(merchantZone);
        }
    }

    public Map<String, Object> timeseries(Question q) throws SQLException {
        BucketRange range = new BucketRange(q.granularity(), q.calendar(), q.from(), q.to());
        Map<Object, Map<String, Aggregate>> cells = new HashMap<>();
        Map<String, Aggregate> groupTotals = new HashMap<>();
        for (CubeRow row : read(q, range)) {
            cell(cells.computeIfAbsent(row.bucket(), b -> new HashMap<>()), row.group())
                    .addRow(row);
            cell(groupTotals, row.group()).addRow(row);
        }
        List<String> groups = q.groupBy() == null ? List.of("") : topGroups(groupTotals, q.top());
        boolean hasOther = q.groupBy() != null && groupTotals.size() > groups.size();
        List<Map<String, Object>> series = new ArrayList<>();
        for (MetricDefinition metric : q.metrics()) {
            List<String> seriesGroups = new ArrayList<>(groups);
            if (hasOther) {
                seriesGroups.add(OTHER);
            }
            for (String group : seriesGroups) {
                List<Map<String, Object>> points = new ArrayList<>();
                for (Object bucket : range.buckets()) {
                    Map<String, Aggregate> byGroup = cells.getOrDefault(bucket, Map.of());
                    Aggregate cell =
                            group.equals(OTHER) ? mergeExcept(byGroup, groups) : byGroup.getOrDefault(group, empty());
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("start", range.label(bucket));
                    point.put("value", values.value(metric, cell));
                    points.add(point);
                }
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("metric", metric.name());
                one.put("group", q.groupBy() == null ? null : label(group));
                describe(one, metric);
                one.put("points", points);
                series.add(one);
            }
        }
        Map<String, Object> answer = header(q);
        answer.put("granularity", q.granularity().wireName());
        if (q.groupBy() != null) {
            answer.put("group_by", q.groupBy());
        }
        answer.put("series", series);
        return answer;
    }

    public Map<String, Object> breakdown(Question q, String dimension) throws SQLException {
        Question byDay = new Question(
                q.merchant(),
                q.calendar(),
                q.merchantZone(),
                q.metrics(),
                q.from(),
                q.to(),
                Grain.DAY,
                q.filters(),
                dimension,
                q.top());
        BucketRange range = new BucketRange(Grain.DAY, q.calendar(), q.from(), q.to());
        Map<String, Aggregate> groups = new HashMap<>();
        Aggregate total = empty();
        for (CubeRow row : read(byDay, range)) {
            cell(groups, row.group()).addRow(row);
            total.addRow(row);
        }
        MetricDefinition metric = q.metrics().get(0);
        List<String> top = topGroups(groups, q.top());
        Object totalValue = values.value(metric, total);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String group : top) {
            rows.add(breakdownRow(metric, label(group), groups.get(group), totalValue));
        }
        if (groups.size() > top.size()) {
            rows.add(breakdownRow(metric, OTHER, mergeExcept(groups, top), totalValue));
        }
        Map<String, Object> answer = header(q);
        answer.put("metric", metric.name());
        describe(answer, metric);
        answer.put("dimension", dimension);
        answer.put("rows", rows);
        answer.put("total", totalValue);
        return answer;
    }

    public Map<String, Object> summary(Question q) throws SQLException {
        long days = q.to().toEpochDay() - q.from().toEpochDay() + 1;
        LocalDate previousTo = q.from().minusDays(1);
        LocalDate previousFrom = previousTo.minusDays(days - 1);
        LocalDate lastYearFrom = q.from().minusYears(1);
        LocalDate lastYearTo = q.to().minusYears(1);
        Aggregate current = total(q, q.from(), q.to());
        Aggregate previous = total(q, previousFrom, previousTo);
        Aggregate lastYear = total(q, lastYearFrom, lastYearTo);
        List<Map<String, Object>> kpis = new ArrayList<>();
        for (MetricDefinition metric : q.metrics()) {
            Object now = values.value(metric, current);
            Object before = values.value(metric, previous);
            Object yearBefore = values.value(metric, lastYear);
            Map<String, Object> kpi = new LinkedHashMap<>();
            kpi.put("metric", metric.name());
            describe(kpi, metric);
            kpi.put("value", now);
            kpi.put("previous_period", before);
            kpi.put("previous_year", yearBefore);
            kpi.put("change_vs_previous_period", change(now, before));
            kpi.put("change_vs_previous_year", change(now, yearBefore));
            kpis.add(kpi);
        }
        Map<String, Object> answer = header(q);
        answer.put("previous_period", Map.of("from", previousFrom.toString(), "to", previousTo.toString()));
        answer.put("previous_year", Map.of("from", lastYearFrom.toString(), "to", lastYearTo.toString()));
        answer.put("kpis", kpis);
        return answer;
    }

    /** The cuboid that holds exactly these dimensions, else the smallest one holding them all. */
    public GroupingSet cuboidFor(Set<String> dimensions) {
        return cube.groupingSets().stream()
                .filter(set -> set.dimensions().containsAll(dimensions))
                .min(Comparator.comparingInt(set -> set.dimensions().size()))
                .orElseThrow(() -> new InsightsException(
                        ErrorCode.UNSUPPORTED_GROUPING,
                        "no grouping set of cube "
                                + cube.name() + " holds " + new TreeSet<>(dimensions) + " together; it has "
                                + cube.groupingSets().stream()
                                        .map(GroupingSet::id)
                                        .toList(),
                        "group_by"));
    }

    private Aggregate total(Question q, LocalDate from, LocalDate to) throws SQLException {
        Question days = new Question(
                q.merchant(),
                q.calendar(),
                q.merchantZone(),
                q.metrics(),
                from,
                to,
                Grain.DAY,
                q.filters(),
                null,
                q.top());
        Aggregate total = empty();
        for (CubeRow row : read(days, new BucketRange(Grain.DAY, q.calendar(), from, to))) {
            total.addRow(row);
        }
        return total;
    }

    private List<CubeRow> read(Question q, BucketRange range) throws SQLException {
        Set<String> dimensions = new HashSet<>(q.filters().keySet());
        if (q.groupBy() != null) {
            dimensions.add(q.groupBy());
        }
        Set<String> types = new HashSet<>();
        Set<String> sketches = new HashSet<>();
        for (MetricDefinition metric : q.metrics()) {
            Set<String> metricTypes = values.eventTypes(metric);
            if (metricTypes.isEmpty()) {
                types = null;
            } else if (types != null) {
                types.addAll(metricTypes);
            }
            sketches.addAll(sketchMeasures(metric));
        }
        GroupingSet cuboid = cuboidFor(dimensions);
        Set<String> eventTypes = types == null ? Set.of() : types;
        if (q.zoneOverride()) {
            // The 15-minute rows hold the totals; breakdowns start at the merchant's local hour (decision 0029).
            Grain base = cuboid.isTotals() ? Grain.QUARTER_HOUR : Grain.HOUR;
            if (base == Grain.HOUR && !range.madeOfHoursOf(MerchantCalendar.mondayWeeks(q.merchantZone()))) {
                throw new InsightsException(
                        ErrorCode.BREAKDOWN_NOT_ALIGNED,
                        "breakdowns and filters are kept per local"
                                + " hour of the merchant's zone (" + q.merchantZone() + "), and a bucket of "
                                + q.calendar().zone()
                                + " at " + range.grain().wireName()
                                + " granularity over these days does not consist of whole"
                                + " such hours; totals can be asked in any zone",
                        "time_zone");
            }
            CubeRows.Selection rows =
                    new CubeRows.Selection(base, cuboid, q.filters(), q.groupBy(), eventTypes, sketches);
            return store.rows(q.merchant(), rows, range.baseFrom(), range.baseTo()).stream()
                    .map(row -> row.in(range.bucketOf((Instant) row.bucket())))
                    .toList();
        }
        if (!cuboid.isTotals() && !CubeDefinition.storesEveryCuboid(range.grain())) {
            // Weeks and months hold the totals only (decision 0028): a breakdown is the sum of its days.
            CubeRows.Selection days =
                    new CubeRows.Selection(Grain.DAY, cuboid, q.filters(), q.groupBy(), eventTypes, sketches);
            return store.rows(q.merchant(), days, range.readFrom(), range.daysReadTo()).stream()
                    .map(row -> row.in(range.bucketOf((LocalDate) row.bucket())))
                    .toList();
        }
        CubeRows.Selection own =
                new CubeRows.Selection(range.grain(), cuboid, q.filters(), q.groupBy(), eventTypes, sketches);
        return store.rows(q.merchant(), own, range.readFrom(), range.readTo());
    }

    private Set<String> sketchMeasures(MetricDefinition metric) {
        MetricFormula formula = metric.formula();
        if (formula instanceof MetricFormula.Distinct d) {
            return Set.of(d.measure());
        }
        Set<String> measures = new HashSet<>();
        if (formula instanceof MetricFormula.Ratio r) {
            measures.addAll(sketchMeasures(catalogue.named(r.numerator()).orElseThrow()));
            measures.addAll(sketchMeasures(catalogue.named(r.denominator()).orElseThrow()));
        } else if (formula instanceof MetricFormula.Difference d) {
            measures.addAll(sketchMeasures(catalogue.named(d.minuend()).orElseThrow()));
            measures.addAll(sketchMeasures(catalogue.named(d.subtrahend()).orElseThrow()));
        }
        return measures;
    }

    /** Groups by their number of events over the whole range, most first; ties by name. */
    /**
     * The {@code top} largest groups by events. The cube's own {@code (other)} group (values past the merchant's
     * cardinality cap, decision 0042) is never one of them: it joins the groups past the top in one {@code (other)}.
     */
    private static List<String> topGroups(Map<String, Aggregate> totals, int top) {
        return totals.entrySet().stream()
                .filter(e -> !e.getKey().equals(OTHER))
                .sorted(Comparator.comparingLong((Map.Entry<String, Aggregate> e) ->
                                -e.getValue().events())
                        .thenComparing(Map.Entry::getKey))
                .limit(top)
                .map(Map.Entry::getKey)
                .toList();
    }

    private Aggregate mergeExcept(Map<String, Aggregate> groups, List<String> excluded) {
        Aggregate other = empty();
        groups.forEach((group, aggregate) -> {
            if (!excluded.contains(group)) {
                other.merge(aggregate);
            }
        });
        return other;
    }

    private Map<String, Object> breakdownRow(MetricDefinition metric, String value, Aggregate cell, Object total) {
        Map<String, Object> row = new LinkedHashMap<>();
        Object metricValue = values.value(metric, cell);
        row.put("value", value);
        row.put("metric_value", metricValue);
        row.put(
                "share",
                metric.unit() == MetricDefinition.Unit.COUNT
                                && !catalogue.isEstimate(metric)
                                && total instanceof Long t
                                && t > 0
                        ? Math.round((Long) metricValue * 10_000.0 / t) / 10_000.0
                        : null);
        return row;
    }

    private static Map<String, Object> change(Object now, Object before) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("absolute", MetricValues.absoluteChange(now, before));
        change.put("relative", MetricValues.relativeChange(now, before));
        return change;
    }

    private void describe(Map<String, Object> target, MetricDefinition metric) {
        target.put("unit", metric.unit().wireName());
        boolean estimate = catalogue.isEstimate(metric);
        target.put("estimate", estimate);
        target.put("relative_error", estimate ? Math.round(cube.distinctRelativeError() * 10_000) / 10_000.0 : null);
    }

    private Map<String, Object> header(Question q) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("merchant_id", q.merchant());
        answer.put("time_zone", q.calendar().zone().getId());
        answer.put("from", q.from().toString());
        answer.put("to", q.to().toString());
        if (!q.filters().isEmpty()) {
            answer.put("filters", new java.util.TreeMap<>(q.filters()));
        }
        return answer;
    }

    private Aggregate cell(Map<String, Aggregate> cells, String group) {
        return cells.computeIfAbsent(group, g -> empty());
    }

    private Aggregate empty() {
        return new Aggregate(cube.hllLogK());
    }

    private static String label(String group) {
        return group.isEmpty() ? NOT_SET : group;
    }
}
