package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What an ETL run needs besides the Spark session (which carries the Cassandra connection settings).
 *
 * @param jdbcUrl     the warehouse, e.g. {@code jdbc:postgresql://127.0.0.1:5432/insights}
 * @param defaultZone the calendar zone of merchants not in the registry
 * @param cube        what to build (read and validated from its file at start-up)
 */
public record CubeEtlConfig(String jdbcUrl, String jdbcUser, String jdbcPassword, ZoneId defaultZone,
                            CubeDefinition cube) {
    public CubeEtlConfig {
        Objects.requireNonNull(cube, "cube");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the warehouse is PostgreSQL: jdbcUrl must start with jdbc:postgresql:");
        }
    }

    @Override
    public String toString() {
        return "CubeEtlConfig[jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", defaultZone=" + defaultZone + ", cube=" + cube.name()
                + " v" + cube.version() + "]";
    }
}
