package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CubeEtlConfigTest {
    @Test
    void toStringShowsEverySettingButThePassword() {
        CubeDefinition cube = CubeDefinitionFile.standard();
        CubeEtlConfig config = new CubeEtlConfig(
                "jdbc:postgresql://w/insights", "etl", "warehouse-pw-4711", ZoneId.of("Asia/Kolkata"), cube, 5_000);

        assertThat(config.toString())
                .doesNotContain("warehouse-pw-4711")
                .contains(
                        "jdbcUrl=jdbc:postgresql://w/insights",
                        "jdbcUser=etl",
                        "jdbcPassword=***",
                        "defaultZone=Asia/Kolkata",
                        "cube=" + cube.name() + " v" + cube.version(),
                        "maxFeedEventsPerRun=5000");
    }
}
