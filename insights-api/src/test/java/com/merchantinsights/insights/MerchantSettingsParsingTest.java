package com.merchantinsights.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MerchantSettingsParsingTest {
    private static final MerchantId M = new MerchantId("m1");

    @Test
    void aKathmanduMerchantWithSundayWeeks() {
        var settings = MerchantRoutes.parse(
                M,
                utf8("{\"display_name\":\"Thamel Tea\",\"time_zone\":\"Asia/Kathmandu\","
                        + "\"week_start\":\"sunday\",\"reporting_currency\":\"NPR\"}"));
        assertThat(settings.timeZone().getId()).isEqualTo("Asia/Kathmandu");
        assertThat(settings.weekStart()).isEqualTo(DayOfWeek.SUNDAY);
    }

    @Test
    void weeksStartOnMondayUnlessSaidOtherwise() {
        assertThat(MerchantRoutes.parse(
                                M,
                                utf8("{\"display_name\":\"x\",\"time_zone\":\"UTC\",\"reporting_currency\":\"EUR\"}"))
                        .weekStart())
                .isEqualTo(DayOfWeek.MONDAY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "fixed offset is no calendar | {\"display_name\":\"x\",\"time_zone\":\"+05:30\",\"reporting_currency\":\"INR\"}  | time_zone | INVALID_FIELD",
                "unknown zone                | {\"display_name\":\"x\",\"time_zone\":\"Mars/Olympus\",\"reporting_currency\":\"INR\"} | time_zone | INVALID_FIELD",
                "bad week start              | {\"display_name\":\"x\",\"time_zone\":\"UTC\",\"week_start\":\"Funday\",\"reporting_currency\":\"INR\"} | week_start | INVALID_FIELD",
                "unknown currency            | {\"display_name\":\"x\",\"time_zone\":\"UTC\",\"reporting_currency\":\"ABC\"}        | reporting_currency | INVALID_FIELD",
                "missing display name        | {\"time_zone\":\"UTC\",\"reporting_currency\":\"INR\"}                              | display_name | MISSING_FIELD",
                "empty display name          | {\"display_name\":\" \",\"time_zone\":\"UTC\",\"reporting_currency\":\"INR\"}       | display_name | INVALID_FIELD",
                "unknown field               | {\"display_name\":\"x\",\"time_zone\":\"UTC\",\"reporting_currency\":\"INR\",\"tz\":1} | tz | INVALID_FIELD",
            })
    void badSettingsAreRefusedWithTheirField(String name, String body, String field, ErrorCode code) {
        assertThatThrownBy(() -> MerchantRoutes.parse(M, utf8(body)))
                .isInstanceOfSatisfying(InsightsException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).contains(field);
                });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
