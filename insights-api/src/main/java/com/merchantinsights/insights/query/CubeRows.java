package com.merchantinsights.insights.query;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.time.Grain;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cube rows an answer is computed from; {@link CubeStore} reads them from the warehouse's cube tables. */
public interface CubeRows {
    /** A row selection: which grain's table, which cuboid and filter values, which event types and sketches. */
    record Selection(
            Grain grain,
            GroupingSet cuboid,
            Map<String, String> filters,
            String groupBy,
            Set<String> eventTypes,
            Set<String> sketchMeasures) {}

    /**
     * The selected rows of one merchant, and of no other.
     *
     * @param from first bucket (inclusive): an Instant for the quarter-hour and hour tables, a LocalDate otherwise
     * @param to   end (exclusive), of the same type
     */
    List<CubeRow> rows(String merchant, Selection selection, Object from, Object to) throws SQLException;
}
