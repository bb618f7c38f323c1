package com.merchantinsights.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RawVersionLayoutTest {
    private static final Instant FROM = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void theSameReDerivationIsTheSameVersionWhateverTheMerchantsOrder() {
        String version = RawVersionLayout.rawVersion(2, FROM, TO, Set.of("m-1", "m-2"));

        assertThat(version)
                .startsWith("v2-20261124T00-20261125T00-")
                .hasSize("v2-20261124T00-20261125T00-".length() + 12);
        assertThat(RawVersionLayout.rawVersion(
                        2, FROM, TO, new java.util.LinkedHashSet<>(java.util.List.of("m-2", "m-1"))))
                .isEqualTo(version);
    }

    @Test
    void anotherLogicRangeOrMerchantSetIsAnotherVersion() {
        String version = RawVersionLayout.rawVersion(2, FROM, TO, Set.of());

        assertThat(RawVersionLayout.rawVersion(3, FROM, TO, Set.of())).isNotEqualTo(version);
        assertThat(RawVersionLayout.rawVersion(2, FROM, TO.plusSeconds(3600), Set.of()))
                .isNotEqualTo(version);
        assertThat(RawVersionLayout.rawVersion(2, FROM, TO, Set.of("m-1"))).isNotEqualTo(version);
    }

    @Test
    void aReDerivedRowLivesAtLeastThirtyDaysEvenForAnHourPastTheRetention() {
        Instant now = Instant.parse("2026-11-25T00:00:00Z");
        assertThat(RawVersionLayout.ttlSeconds(now.minus(Duration.ofDays(400)), now, Duration.ofDays(90)))
                .isEqualTo(30 * 86_400);
        assertThat(RawVersionLayout.ttlSeconds(now.minus(Duration.ofDays(10)), now, Duration.ofDays(90)))
                .isEqualTo(80 * 86_400);
    }
}
