package com.merchantinsights.etl;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What an ETL run needs besides the Spark session (which carries the Cassandra connection settings).
 *
 * @param jdbcUrl     the warehouse, e.g. {@code jdbc:postgresql://127.0.0.1:5432/insights}
 * @param defaultZone the zone of merchant-local days until merchants have their own (a later issue)
 */
public record CubeEtlConfig(String jdbcUrl, String jdbcUser, String jdbcPassword, ZoneId defaultZone) {
    public CubeEtlConfig {
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
        return "CubeEtlConfig[jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", defaultZone=" + defaultZone + "]";
    }
}
