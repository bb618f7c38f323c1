package com.merchantinsights.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The merchant registry's routes over HTTP, over a registry in memory. */
class MerchantRoutesTest {
    private static final MerchantId A = new MerchantId("shop-a");
    private static final MerchantId B = new MerchantId("shop-b");
    private static final Identity READER_A = new Identity("reader-a", Scope.MERCHANT_READ, Optional.of(A));
    private static final Identity PLATFORM = new Identity("platform-1", Scope.PLATFORM, Optional.empty());
    private static final String SETTINGS =
            "{\"display_name\":\"Chai Point\",\"time_zone\":\"Asia/Kolkata\"," + "\"reporting_currency\":\"INR\"}";

    private InMemoryInsightsApi api;

    @BeforeEach
    void start() {
        api = new InMemoryInsightsApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aMerchantKeyReadsItsOwnMerchantsSettingsAndNotAnothers() throws Exception {
        api.register(A, ZoneId.of("Asia/Kolkata"));
        api.register(B, ZoneId.of("Europe/Berlin"));

        var own = api.get("/v1/merchants/" + A.value(), READER_A);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("merchant_id").asText()).isEqualTo(A.value());
        assertThat(own.json().path("time_zone").asText()).isEqualTo("Asia/Kolkata");

        api.get("/v1/merchants/" + B.value(), READER_A).assertError(403, ErrorCode.MERCHANT_FORBIDDEN, "merchant_id");
    }

    @Test
    void aPlatformKeyRegistersAMerchantAndThenChangesItsSettings() throws Exception {
        var created = api.put("/v1/merchants/" + A.value(), SETTINGS, PLATFORM);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("display_name").asText()).isEqualTo("Chai Point");
        assertThat(created.json().path("week_start").asText()).isEqualTo("MONDAY");
        assertThat(created.json().path("created_at").asText()).isEqualTo(InMemoryInsightsApi.NOW.toString());

        var changed =
                api.put("/v1/merchants/" + A.value(), SETTINGS.replace("Asia/Kolkata", "Asia/Kathmandu"), PLATFORM);
        assertThat(changed.status()).isEqualTo(200);

        assertThat(api.get("/v1/merchants/" + A.value(), READER_A)
                        .json()
                        .path("time_zone")
                        .asText())
                .isEqualTo("Asia/Kathmandu");
    }

    @Test
    void aMerchantKeyMayNotRegisterEvenItsOwnMerchant() throws Exception {
        api.put("/v1/merchants/" + A.value(), SETTINGS, READER_A).assertError(403, ErrorCode.FORBIDDEN, null);
        assertThat(api.merchants.find(A)).isEmpty();
    }

    @Test
    void anUnregisteredMerchantIsNotFound() throws Exception {
        api.get("/v1/merchants/" + A.value(), PLATFORM).assertError(404, ErrorCode.NOT_FOUND, "merchant_id");
    }

    @Test
    void badSettingsAreAnsweredWithTheDocumentedCodeAndTheOffendingField() throws Exception {
        api.put("/v1/merchants/" + A.value(), SETTINGS.replace("Asia/Kolkata", "+05:30"), PLATFORM)
                .assertError(400, ErrorCode.INVALID_FIELD, "time_zone");
        api.put("/v1/merchants/" + A.value(), "{\"display_name\":", PLATFORM)
                .assertError(400, ErrorCode.MALFORMED_JSON, null);
        api.put("/v1/merchants/-bad", SETTINGS, PLATFORM).assertError(400, ErrorCode.INVALID_PARAMETER, "merchant_id");
        assertThat(api.merchants.find(A)).isEmpty();
    }
}
