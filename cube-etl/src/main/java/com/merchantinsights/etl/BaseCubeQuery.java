package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.cube.Measure;
import com.merchantinsights.core.time.QuarterHour;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Raw events → the finest rows of every cuboid, as one Spark SQL aggregation generated from the cube definition: every
 * grouping set in one pass ({@code GROUPING SETS}), the count, the amount per currency and an HLL sketch
 * ({@code hll_sketch_agg}, read later by datasketches-java) per distinct measure. The totals cuboid is grouped by the
 * 15-minute UTC bucket (plain epoch arithmetic, no zone), the dimension cuboids by the merchant-local hour (decision
 * 0029: the 15-minute table holds the totals only), which the calendar UDF cuts from the event's 15-minute bucket —
 * every UTC offset and DST shift in use is a multiple of 15 minutes, so a 15-minute bucket lies in one local hour.
 *
 * <p>Output columns: merchant_id, time_zone, week_start, quarter_start (epoch seconds; null in dimension rows),
 * hour_start (epoch seconds), then {@link CubeTables#keyColumns} and the measures.
 */
public final class BaseCubeQuery {
    static final String RAW_VIEW = "cube_raw_events";
    private static final long QUARTER_SECONDS = QuarterHour.LENGTH.toSeconds();

    private BaseCubeQuery() {}

    /**
     * @param events rows with merchant_id, event_type, occurred_at, customer_id, anonymous_id, amount, currency,
     *               dimensions (map), time_zone (IANA id) and week_start (a {@code DayOfWeek} name)
     */
    public static Dataset<Row> aggregate(Dataset<Row> events, CubeDefinition cube) {
        CubeGrains.registerCalendarFunctions(events.sparkSession());
        events.createOrReplaceTempView(RAW_VIEW);
        return events.sparkSession().sql(sql(cube));
    }

    static String sql(CubeDefinition cube) {
        List<String> dimensions = cube.dimensions();
        String merchant = "merchant_id, time_zone, week_start";
        String keys = "event_type, currency";
        List<String> select = new ArrayList<>(
                List.of("merchant_id", "time_zone", "week_start", "quarter_start", "hour_start", cuboidCase(cube)));
        dimensions.forEach(d -> select.add("coalesce(" + d + ", '') AS " + d));
        select.add("event_type");
        select.add("currency");
        for (Measure measure : cube.measures()) {
            select.add(
                    switch (measure.kind()) {
                        case COUNT -> "count(1) AS " + measure.name();
                        case SUM -> "coalesce(sum(amount), 0) AS " + measure.name();
                        case DISTINCT ->
                            "CASE WHEN count(" + idColumn(measure) + ") = 0 THEN NULL ELSE hll_sketch_agg("
                                    + idColumn(measure) + ", " + cube.hllLogK() + ") END AS " + measure.name();
                    });
        }
        String quarter = "floor(unix_seconds(occurred_at) / " + QUARTER_SECONDS + ") * " + QUARTER_SECONDS;
        List<String> inner = new ArrayList<>(List.of(
                "merchant_id",
                "time_zone",
                "week_start",
                quarter + " AS quarter_start",
                CubeGrains.HOUR_UDF + "(time_zone, " + quarter + ") AS hour_start",
                "event_type",
                "coalesce(currency, '') AS currency",
                "amount",
                "customer_id",
                "anonymous_id"));
        dimensions.forEach(d -> inner.add("coalesce(dimensions['" + d + "'], '') AS " + d));
        cube.distinctMeasures().forEach(m -> inner.add(idExpression(m) + " AS " + idColumn(m)));
        String sets = cube.groupingSets().stream()
                .map(set -> set.dimensions().isEmpty()
                        ? "(" + merchant + ", quarter_start, hour_start, " + keys + ")"
                        : "(" + merchant + ", hour_start, " + keys
                                + set.dimensions().stream().map(d -> ", " + d).collect(Collectors.joining()) + ")")
                .collect(Collectors.joining(", "));
        return "SELECT " + String.join(", ", select)
                + " FROM (SELECT " + String.join(", ", inner) + " FROM " + RAW_VIEW + ")"
                + " GROUP BY GROUPING SETS (" + sets + ")";
    }

    /**
     * The cuboid id from which dimensions each row is grouped by ({@code grouping(d) = 0}). With no dimension in the
     * cube, every row is the totals cuboid.
     */
    private static String cuboidCase(CubeDefinition cube) {
        List<String> dimensions = cube.dimensions();
        if (dimensions.isEmpty()) {
            return "'" + GroupingSet.TOTALS_ID + "' AS cuboid";
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (GroupingSet set : cube.groupingSets()) {
            sql.append(" WHEN ")
                    .append(dimensions.stream()
                            .map(d -> "grouping(" + d + ") = " + (set.groups(d) ? 0 : 1))
                            .collect(Collectors.joining(" AND ")))
                    .append(" THEN '")
                    .append(set.id())
                    .append("'");
        }
        return sql.append(" END AS cuboid").toString();
    }

    private static String idColumn(Measure measure) {
        return "id_" + measure.name();
    }

    /**
     * One identifier per event: the first present field. With several fields each value is tagged with its field,
     * so that a customer id and an anonymous id that happen to be equal are two people, not one.
     */
    private static String idExpression(Measure measure) {
        if (measure.fields().size() == 1) {
            return measure.fields().get(0);
        }
        return "coalesce("
                + measure.fields().stream()
                        .map(f -> "concat('" + f + ":', " + f + ")")
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
