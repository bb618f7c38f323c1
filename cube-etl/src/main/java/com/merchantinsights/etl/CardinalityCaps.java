package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.metric.MetricFormula;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-merchant cardinality caps (issue 20, decision 0042): per merchant and merchant-local day, at most
 * {@link Limits#maxEventTypes} event types and {@link Limits#maxDimensionValues} values of each dimension get rows of
 * their own in the cube; past that, values are folded into {@value #OTHER}, so that one merchant sending free-form
 * values cannot inflate the cube tables every merchant's queries read. The raw events keep their values. The event
 * types the metrics catalogue counts (orders, refunds, …) are never folded and do not count against the cap.
 *
 * <p>Admission is first come, first served and recorded in {@code cube_dimension_values}: the first run that sees a
 * value while its day has room admits it (several new values of one run in value order), and every later run —
 * deltas and rebuilds alike — reads the same admissions, so a day folds the same way however often it is rebuilt.
 * The work is on the base rows of a run (already aggregated per merchant-local hour), not on events: the values of a
 * run are written to a staging table, admitted by one statement, and only when some were refused are the rows of
 * those merchants folded and merged again.
 */
public final class CardinalityCaps {
    /** What a folded value becomes in the cube. */
    public static final String OTHER = "(other)";
    /** The dimension name under which event types are admitted. */
    public static final String EVENT_TYPE = "event_type";

    private static final Logger LOG = LoggerFactory.getLogger(CardinalityCaps.class);
    private static final Map<String, AtomicLong> FOLDED = new ConcurrentHashMap<>();

    /**
     * The platform's caps (a merchant's row in {@code merchant_cardinality_caps} overrides either).
     *
     * @param maxEventTypes      event types per merchant and day, besides the catalogue's
     * @param maxDimensionValues values of one dimension per merchant and day
     */
    public record Limits(int maxEventTypes, int maxDimensionValues) {
        public static final Limits DEFAULT = new Limits(200, 10_000);

        public Limits {
            if (maxEventTypes < 1 || maxDimensionValues < 1) {
                throw new IllegalArgumentException("cardinality caps must be positive");
            }
        }
    }

    private final CubeDefinition cube;
    private final Limits limits;
    private final Set<String> protectedTypes;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;

    CardinalityCaps(CubeEtlConfig config) {
        this.cube = config.cube();
        this.limits = config.cardinalityCaps();
        this.protectedTypes = catalogueTypes(cube);
        this.jdbcUrl = config.jdbcUrl();
        this.jdbcUser = config.jdbcUser();
        this.jdbcPassword = config.jdbcPassword();
    }

    /** Distinct values folded so far in this JVM, per dimension ({@code event_type} for types): a metric's source. */
    public static Map<String, Long> foldedSoFar() {
        Map<String, Long> counts = new TreeMap<>();
        FOLDED.forEach((dimension, count) -> counts.put(dimension, count.get()));
        return counts;
    }

    /**
     * The base rows with every refused value folded into {@value #OTHER} and the rows that then share a key merged;
     * unchanged (the same dataset) when nothing was refused.
     *
     * @param base     rows of {@link BaseCubeQuery#aggregate}: merchant_id, time_zone, week_start, quarter_start,
     *                 hour_start, the key columns, the measures
     * @param localDay the SQL function name that gives a merchant-local epoch day from (time zone, epoch seconds)
     */
    Dataset<Row> fold(Dataset<Row> base, Connection connection, String localDay) throws SQLException {
        SparkSession spark = base.sparkSession();
        base.createOrReplaceTempView("mi_caps_base");
        Dataset<Row> candidates = spark.sql(candidatesSql(localDay));
        String staging = "public.cube_caps_staging_" + Long.toHexString(System.nanoTime());
        try (Statement s = connection.createStatement()) {
            s.execute(
                    "CREATE UNLOGGED TABLE " + staging
                            + " (merchant_id text NOT NULL, day bigint NOT NULL, dimension text NOT NULL, value text NOT NULL)");
        }
        List<Row> refused = new ArrayList<>();
        try {
            candidates.foreachPartition(new ValueCopyWriter(jdbcUrl, jdbcUser, jdbcPassword, staging));
            admit(connection, staging);
            try (Statement s = connection.createStatement();
                    ResultSet rows = s.executeQuery("SELECT DISTINCT c.merchant_id, c.day, c.dimension, c.value FROM "
                            + staging + " c WHERE NOT EXISTS (SELECT 1 FROM public.cube_dimension_values v WHERE"
                            + " v.merchant_id = c.merchant_id AND v.day = DATE '1970-01-01' + c.day::integer"
                            + " AND v.dimension = c.dimension AND v.value = c.value)")) {
                while (rows.next()) {
                    refused.add(RowFactory.create(
                            rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4)));
                }
            }
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + staging);
            }
        }
        if (refused.isEmpty()) {
            return base;
        }
        Map<String, Long> byDimension = refused.stream()
                .collect(Collectors.groupingBy(r -> r.getString(2), TreeMap::new, Collectors.counting()));
        byDimension.forEach((dimension, count) ->
                FOLDED.computeIfAbsent(dimension, d -> new AtomicLong()).addAndGet(count));
        LOG.warn(
                "cardinality caps: {} value(s) over their merchant's daily cap folded into {} ({})",
                refused.size(),
                OTHER,
                byDimension);
        StructType schema = new StructType()
                .add("r_merchant_id", DataTypes.StringType)
                .add("r_day", DataTypes.LongType)
                .add("r_dimension", DataTypes.StringType)
                .add("r_value", DataTypes.StringType);
        spark.createDataFrame(refused, schema).createOrReplaceTempView("mi_caps_refused");
        return spark.sql(foldSql(base, localDay));
    }

    /** Admits the staged values that fit under their day's cap, in value order; values admitted before stay. */
    private void admit(Connection connection, String staging) throws SQLException {
        String sql = "WITH c AS (SELECT DISTINCT merchant_id, DATE '1970-01-01' + day::integer AS day, dimension, value"
                + " FROM " + staging + "),"
                + " known AS (SELECT v.merchant_id, v.day, v.dimension, count(*) AS admitted FROM public.cube_dimension_values v"
                + " JOIN (SELECT DISTINCT merchant_id, day, dimension FROM c) k USING (merchant_id, day, dimension)"
                + " GROUP BY v.merchant_id, v.day, v.dimension),"
                + " fresh AS (SELECT c.*, row_number() OVER (PARTITION BY c.merchant_id, c.day, c.dimension"
                + " ORDER BY c.value) AS n FROM c WHERE NOT EXISTS (SELECT 1 FROM public.cube_dimension_values v WHERE"
                + " v.merchant_id = c.merchant_id AND v.day = c.day AND v.dimension = c.dimension AND v.value = c.value))"
                + " INSERT INTO public.cube_dimension_values (merchant_id, day, dimension, value)"
                + " SELECT f.merchant_id, f.day, f.dimension, f.value FROM fresh f"
                + " LEFT JOIN known k USING (merchant_id, day, dimension)"
                + " LEFT JOIN public.merchant_cardinality_caps m ON m.merchant_id = f.merchant_id"
                + " WHERE f.n + coalesce(k.admitted, 0) <= CASE WHEN f.dimension = '" + EVENT_TYPE + "'"
                + " THEN coalesce(m.max_event_types, ?) ELSE coalesce(m.max_dimension_values, ?) END"
                + " ON CONFLICT DO NOTHING";
        try (PreparedStatement admit = connection.prepareStatement(sql)) {
            admit.setInt(1, limits.maxEventTypes());
            admit.setInt(2, limits.maxDimensionValues());
            admit.executeUpdate();
        }
    }

    /**
     * Each base row's values, per merchant-local day, in one pass over the rows: its event type from the totals rows
     * (every event is in them; the catalogue's types left out) and its dimension values (none where the row's cuboid
     * does not group by the dimension).
     */
    private String candidatesSql(String localDay) {
        List<String> pairs = new ArrayList<>();
        String exempt = protectedTypes.isEmpty()
                ? ""
                : " AND event_type NOT IN ("
                        + protectedTypes.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + ")";
        pairs.add("named_struct('dimension', '" + EVENT_TYPE + "', 'value', CASE WHEN cuboid = '"
                + GroupingSet.TOTALS_ID + "'" + exempt + " THEN event_type END)");
        for (String dimension : cube.dimensions()) {
            pairs.add("named_struct('dimension', '" + dimension + "', 'value', nullif(" + dimension + ", ''))");
        }
        return "SELECT DISTINCT merchant_id, day, dimension, value FROM (SELECT merchant_id, " + localDay
                + "(time_zone, hour_start) AS day, pair.dimension AS dimension, pair.value AS value FROM mi_caps_base"
                + " LATERAL VIEW explode(array(" + String.join(", ", pairs) + ")) pairs AS pair)"
                + " WHERE value IS NOT NULL";
    }

    /**
     * The rows of merchants with a refused value, each refused value replaced by {@value #OTHER} and the rows merged
     * again by their (new) key; every other merchant's rows as they were.
     */
    private String foldSql(Dataset<Row> base, String localDay) {
        String day = localDay + "(b.time_zone, b.hour_start)";
        List<String> folded = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        List<String> foldable = new ArrayList<>();
        foldable.add(EVENT_TYPE);
        foldable.addAll(cube.dimensions());
        Set<String> measures = new LinkedHashSet<>();
        cube.measures().forEach(m -> measures.add(m.name()));
        int alias = 0;
        for (String column : base.columns()) {
            if (foldable.contains(column)) {
                String r = "r" + alias++;
                joins.add(" LEFT JOIN mi_caps_refused " + r + " ON " + r + ".r_merchant_id = b.merchant_id AND " + r
                        + ".r_day = " + day + " AND " + r + ".r_dimension = '" + column + "' AND " + r
                        + ".r_value = b." + column);
                folded.add("CASE WHEN " + r + ".r_value IS NULL THEN b." + column + " ELSE '" + OTHER + "' END AS "
                        + column);
            } else {
                folded.add("b." + column);
            }
        }
        List<String> keys = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (String column : base.columns()) {
            if (!measures.contains(column)) {
                keys.add(column);
                merged.add(column);
            }
        }
        merged.addAll(CubeGrains.mergedMeasures(cube));
        String affected = "(SELECT DISTINCT r_merchant_id FROM mi_caps_refused)";
        String foldedRows = "SELECT " + String.join(", ", folded) + " FROM mi_caps_base b" + String.join("", joins)
                + " WHERE b.merchant_id IN " + affected;
        String columns = String.join(", ", base.columns());
        return "SELECT " + columns + " FROM (SELECT " + String.join(", ", merged) + " FROM (" + foldedRows
                + ") GROUP BY " + String.join(", ", keys) + ")"
                + " UNION ALL SELECT " + columns + " FROM mi_caps_base WHERE merchant_id NOT IN " + affected;
    }

    /** The event types the metrics catalogue counts: never folded. */
    private static Set<String> catalogueTypes(CubeDefinition cube) {
        Set<String> types = new TreeSet<>();
        for (var metric : MetricCatalogue.standard(cube).all()) {
            MetricFormula formula = metric.formula();
            if (formula instanceof MetricFormula.Count count) {
                types.add(count.eventType().value());
            } else if (formula instanceof MetricFormula.Amount amount) {
                types.add(amount.eventType().value());
            } else if (formula instanceof MetricFormula.Distinct distinct) {
                distinct.eventType().ifPresent(t -> types.add(t.value()));
            }
        }
        return Set.copyOf(types);
    }
}
