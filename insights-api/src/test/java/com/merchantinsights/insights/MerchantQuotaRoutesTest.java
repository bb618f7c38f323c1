package com.merchantinsights.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A merchant's query quota over HTTP (issue 24): set by admin keys, applied to its queries, never to another's. */
class MerchantQuotaRoutesTest {
    private static final MerchantId A = new MerchantId("shop-a");
    private static final MerchantId B = new MerchantId("shop-b");
    private static final Identity ADMIN = new Identity("admin-1", Scope.ADMIN, Optional.empty());
    private static final Identity PLATFORM = new Identity("platform-1", Scope.PLATFORM, Optional.empty());
    private static final String QUOTA = "/v1/merchants/" + A.value() + "/query-quota";

    private InMemoryInsightsApi api;

    @BeforeEach
    void start() {
        api = new InMemoryInsightsApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String query(MerchantId merchant) {
        return "/v1/insights/timeseries?metric=orders&granularity=day&from=2026-11-25&to=2026-12-01&merchant_id="
                + merchant.value();
    }

    @Test
    void aMerchantOverItsOwnQuotaIsAnswered429WithRetryAfterAndAnotherMerchantIsServed() throws Exception {
        assertThat(api.put(QUOTA, "{\"queries_per_second\":2,\"concurrent_queries\":5}", ADMIN)
                        .status())
                .isEqualTo(200);

        assertThat(api.get(query(A), PLATFORM).status()).isEqualTo(200);
        assertThat(api.get(query(A), PLATFORM).status()).isEqualTo(200);
        InMemoryInsightsApi.Answer refused = api.get(query(A), PLATFORM);

        refused.assertError(429, ErrorCode.MERCHANT_QUOTA_EXCEEDED, "merchant_id");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(api.get(query(B), PLATFORM).status()).as("another merchant").isEqualTo(200);
    }

    @Test
    void onlyAdminKeysSetAQuotaAndABadOneIsAnsweredWithItsField() throws Exception {
        api.put(QUOTA, "{\"queries_per_second\":2,\"concurrent_queries\":5}", PLATFORM)
                .assertError(403, ErrorCode.FORBIDDEN, null);
        api.put(QUOTA, "{\"queries_per_second\":0,\"concurrent_queries\":5}", ADMIN)
                .assertError(400, ErrorCode.INVALID_FIELD, "queries_per_second");
        api.put(QUOTA, "{\"queries_per_second\":2}", ADMIN)
                .assertError(400, ErrorCode.MISSING_FIELD, "concurrent_queries");
        api.put(QUOTA, "{\"queries_per_second\":2,\"concurrent_queries\":5,\"burst\":9}", ADMIN)
                .assertError(400, ErrorCode.INVALID_FIELD, "burst");
        api.put(QUOTA, "not json", ADMIN).assertError(400, ErrorCode.MALFORMED_JSON, null);
        assertThat(api.merchants.quotas).isEmpty();
    }

    @Test
    void aRemovedQuotaGivesTheDefaultsBackAndRemovingItAgainIsNotFound() throws Exception {
        api.put(QUOTA, "{\"queries_per_second\":1,\"concurrent_queries\":1}", ADMIN);
        assertThat(api.get(query(A), PLATFORM).status()).isEqualTo(200);
        assertThat(api.get(query(A), PLATFORM).status()).isEqualTo(429);

        assertThat(api.delete(QUOTA, ADMIN).status()).isEqualTo(204);

        assertThat(api.get(query(A), PLATFORM).status())
                .as("the default: 50 per second")
                .isEqualTo(200);
        api.delete(QUOTA, ADMIN).assertError(404, ErrorCode.NOT_FOUND, "merchant_id");
        api.delete(QUOTA, PLATFORM).assertError(403, ErrorCode.FORBIDDEN, null);
    }
}
