package com.merchantinsights.insights.query;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.time.Grain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cube rows in memory for tests, selected as {@link CubeStore}'s query selects them from the cube tables: by merchant,
 * grain, cuboid, bucket range, event types and filter values, with the group-by dimension's value as the group.
 * Rows carry counts and amounts; no sketches.
 */
public final class InMemoryCubeRows implements CubeRows {
    private final List<StoredRow> stored = new CopyOnWriteArrayList<>();

    /** One row of a cube table: its key (merchant, grain, cuboid, bucket, dimension values, event type, currency). */
    public record StoredRow(
            String merchant,
            Grain grain,
            GroupingSet cuboid,
            Object bucket,
            Map<String, String> dimensions,
            String eventType,
            String currency,
            long count,
            long amount) {
        public StoredRow {
            dimensions = Map.copyOf(dimensions);
        }
    }

    public void add(StoredRow row) {
        stored.add(row);
    }

    @Override
    public List<CubeRow> rows(String merchant, Selection selection, Object from, Object to) {
        return stored.stream()
                .filter(row -> row.merchant().equals(merchant))
                .filter(row -> row.grain() == selection.grain())
                .filter(row -> row.cuboid().id().equals(selection.cuboid().id()))
                .filter(row -> compare(row.bucket(), from) >= 0 && compare(row.bucket(), to) < 0)
                .filter(row -> selection.eventTypes().isEmpty()
                        || selection.eventTypes().contains(row.eventType()))
                .filter(row -> selection.filters().entrySet().stream()
                        .allMatch(filter ->
                                filter.getValue().equals(row.dimensions().getOrDefault(filter.getKey(), ""))))
                .map(row -> new CubeRow(
                        row.bucket(),
                        selection.groupBy() == null ? "" : row.dimensions().getOrDefault(selection.groupBy(), ""),
                        row.eventType(),
                        row.currency(),
                        row.count(),
                        row.amount(),
                        Map.of()))
                .toList();
    }

    /** Buckets of one table are all Instants (quarter-hours, hours) or all LocalDates. */
    @SuppressWarnings("unchecked")
    private static int compare(Object bucket, Object bound) {
        return ((Comparable<Object>) bucket).compareTo(bound);
    }
}
