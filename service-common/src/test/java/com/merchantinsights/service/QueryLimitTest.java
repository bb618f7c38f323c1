package com.merchantinsights.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import org.junit.jupiter.api.Test;

class QueryLimitTest {
    @Test
    void aMissingLimitIsTheDefaultAndABadOneIsA400NamingIt() {
        assertThat(QueryLimit.parse(null, 100, 1000)).isEqualTo(100);
        assertThat(QueryLimit.parse("1000", 100, 1000)).isEqualTo(1000);
        for (String bad : new String[] {"0", "1001", "-5", "ten", ""}) {
            assertThatThrownBy(() -> QueryLimit.parse(bad, 100, 1000))
                    .as(bad)
                    .isInstanceOfSatisfying(InsightsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                        assertThat(e.field()).contains("limit");
                    });
        }
    }
}
