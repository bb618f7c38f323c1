package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.time.Grain;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The column orders the staging COPY, the rollups and the row reads rely on, for the product's cube definition. */
class CubeTablesTest {
    private static final List<String> DIMENSIONS =
            List.of("channel", "country", "device", "product_category", "payment_method", "location_id");
    private static final List<String> MEASURES = List.of("event_count", "amount_sum", "customers", "visitors");

    private final CubeTables tables = new CubeTables(CubeDefinitionFile.standard());

    @Test
    void aRowIsIdentifiedByItsCuboidDimensionsEventTypeAndCurrency() {
        assertThat(tables.keyColumns())
                .containsExactlyElementsOf(concat(List.of("cuboid"), DIMENSIONS, List.of("event_type", "currency")));
    }

    @Test
    void theStagingTableTakesTheBaseQuerysOrderMerchantBucketKeysThenDimensionsThenMeasures() {
        assertThat(tables.stagingColumns())
                .containsExactlyElementsOf(concat(
                        List.of("merchant_id", "bucket_start", "cuboid", "event_type", "currency"),
                        DIMENSIONS,
                        MEASURES));
    }

    @Test
    void aRollupWritesTheTimeZoneItCutInAndAWeekAlsoItsFirstDay() {
        List<String> keysAndMeasures = concat(tables.keyColumns(), MEASURES);
        assertThat(tables.rollupColumns(Grain.DAY))
                .containsExactlyElementsOf(
                        concat(List.of("merchant_id", "bucket_start", "time_zone"), keysAndMeasures));
        assertThat(tables.rollupColumns(Grain.WEEK))
                .containsExactlyElementsOf(
                        concat(List.of("merchant_id", "bucket_start", "time_zone", "week_start"), keysAndMeasures));
    }

    @Test
    void theRowReadEndsWithBucketAndMerchantTheWayTheAccumulatorReadsIt() {
        assertThat(tables.selectRowsSql(Grain.HOUR))
                .startsWith("SELECT " + String.join(", ", tables.keyColumns()) + ", " + String.join(", ", MEASURES)
                        + ", bucket_start, merchant_id FROM cube_hour WHERE merchant_id = ANY(?)");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
