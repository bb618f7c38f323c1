package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.Measure;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryCopyWriterTest {
    @Test
    void toStringShowsEveryComponentButThePassword() {
        BinaryCopyWriter writer = new BinaryCopyWriter(
                "jdbc:postgresql://w/insights",
                "etl",
                "warehouse-pw-4711",
                "cube_staging",
                List.of("merchant_id", "bucket", "orders"),
                true,
                List.of(Measure.Kind.COUNT),
                null);

        assertThat(writer.toString())
                .doesNotContain("warehouse-pw-4711")
                .contains(
                        "jdbcUrl=jdbc:postgresql://w/insights",
                        "user=etl",
                        "password=***",
                        "table=cube_staging",
                        "columns=[merchant_id, bucket, orders]",
                        "instantBuckets=true",
                        "measureKinds=[" + Measure.Kind.COUNT + "]",
                        "rows=null");
    }
}
