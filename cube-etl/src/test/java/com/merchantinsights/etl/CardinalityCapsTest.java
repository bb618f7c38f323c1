package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.testing.TestingPostgres;
import com.merchantinsights.testing.TestingSpark;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One merchant flooding free-form values gets at most its cap of rows per dimension and day, the rest in
 * {@code (other)} with every count kept; another merchant's cube is unchanged; the metrics' event types are never
 * folded; a later run (or a rebuild) folds the same way.
 */
class CardinalityCapsTest {
    private static final CubeDefinition CUBE = CubeDefinitionFile.standard();
    private static final StructType CALENDARS = new StructType()
            .add("merchant_id", DataTypes.StringType)
            .add("time_zone", DataTypes.StringType)
            .add("week_start", DataTypes.StringType);
    private static final Instant DAY = Instant.parse("2026-11-10T10:00:00Z");
    private static SparkSession spark;
    private static TestingPostgres warehouse;

    @BeforeAll
    static void start() {
        spark = TestingSpark.local("CardinalityCapsTest", 2)
                .shufflePartitions(2)
                .start();
        warehouse = TestingPostgres.startWarehouse();
    }

    @AfterAll
    static void stop() {
        spark.stop();
        warehouse.close();
    }

    @Test
    void aFloodOfValuesFromOneMerchantIsFoldedIntoOtherWithEveryEventCountedAndTheOtherMerchantUnchanged()
            throws Exception {
        List<Row> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // six channels and six free-form event types, two events each
            for (int j = 0; j < 2; j++) {
                events.add(event("m_flood", "custom.t" + i, DAY.plusSeconds(60L * i + j), Map.of("channel", "c" + i)));
            }
        }
        events.add(event("m_flood", "order.completed", DAY.plusSeconds(900), Map.of("channel", "c9")));
        events.add(event("m_calm", "custom.t7", DAY.plusSeconds(30), Map.of("channel", "c7")));
        events.add(event("m_calm", "custom.t8", DAY.plusSeconds(40), Map.of("channel", "c8")));
        CubeEtlConfig config = config().withCardinalityCaps(3, 4);

        Map<String, Long> floodChannels;
        Map<String, Long> floodTypes;
        Map<String, Long> calmChannels;
        try (Connection connection = warehouse.dataSource().getConnection();
                CubeGrains grains = aggregate(events, config, connection)) {
            floodChannels = counts(grains, "m_flood", "channel", "channel");
            floodTypes = counts(grains, "m_flood", GroupingSet.TOTALS_ID, "event_type");
            calmChannels = counts(grains, "m_calm", "channel", "channel");
        }
        // 4 channels admitted in value order (c0..c3), the rest (c4, c5, c9) in (other): 2 + 2 + 1 events.
        assertThat(floodChannels)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("c0", 2L, "c1", 2L, "c2", 2L, "c3", 2L, CardinalityCaps.OTHER, 5L));
        // 3 free-form types admitted; order.completed (the orders metric's) never counts against the cap nor folds.
        assertThat(floodTypes)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "custom.t0",
                        2L,
                        "custom.t1",
                        2L,
                        "custom.t2",
                        2L,
                        CardinalityCaps.OTHER,
                        6L,
                        "order.completed",
                        1L));
        assertThat(calmChannels).containsExactlyInAnyOrderEntriesOf(Map.of("c7", 1L, "c8", 1L));
        assertThat(CardinalityCaps.foldedSoFar()).containsEntry("channel", 3L);

        // A later run of the same day: a new value still folds, an admitted one keeps its row.
        List<Row> later = List.of(
                event("m_flood", "custom.t0", DAY.plusSeconds(3_600), Map.of("channel", "c1")),
                event("m_flood", "custom.t0", DAY.plusSeconds(3_601), Map.of("channel", "a-new-one")));
        try (Connection connection = warehouse.dataSource().getConnection();
                CubeGrains grains = aggregate(later, config, connection)) {
            assertThat(counts(grains, "m_flood", "channel", "channel"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("c1", 1L, CardinalityCaps.OTHER, 1L));
        }
    }

    @Test
    void aMerchantsOwnCapOverridesThePlatformsDefault() throws Exception {
        warehouse.execute(
                "INSERT INTO merchant_cardinality_caps (merchant_id, max_dimension_values)" + " VALUES ('m_big', 10)");
        List<Row> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(event("m_big", "order.completed", DAY.plusSeconds(i), Map.of("country", "C" + i)));
        }
        try (Connection connection = warehouse.dataSource().getConnection();
                CubeGrains grains = aggregate(events, config().withCardinalityCaps(3, 2), connection)) {
            assertThat(counts(grains, "m_big", "country", "country"))
                    .hasSize(6)
                    .doesNotContainKey(CardinalityCaps.OTHER);
        }
    }

    private static CubeGrains aggregate(List<Row> events, CubeEtlConfig config, Connection connection)
            throws Exception {
        return CubeGrains.aggregate(
                spark.createDataFrame(events, BaseCubeQueryTest.RAW),
                spark.createDataFrame(List.of(), CALENDARS),
                CUBE,
                ZoneId.of("UTC"),
                null,
                CubeGrains.Folding.of(config, connection));
    }

    private static CubeEtlConfig config() {
        return new CubeEtlConfig(warehouse.jdbcUrl(), warehouse.user(), warehouse.password(), ZoneId.of("UTC"), CUBE);
    }

    /** Event counts of one merchant's day rows of one cuboid, by the value of one column. */
    private static Map<String, Long> counts(CubeGrains grains, String merchant, String cuboid, String column) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : grains.rows(Grain.DAY).collectAsList()) {
            if (merchant.equals(row.getAs("merchant_id")) && cuboid.equals(row.getAs("cuboid"))) {
                counts.merge(
                        row.getAs(column), row.<Long>getAs(CUBE.countMeasure().name()), Long::sum);
            }
        }
        return counts;
    }

    private static Row event(String merchant, String type, Instant at, Map<String, String> dimensions) {
        return RowFactory.create(
                merchant,
                type,
                Timestamp.from(at),
                "cust-1",
                null,
                null,
                null,
                scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(dimensions)));
    }
}
