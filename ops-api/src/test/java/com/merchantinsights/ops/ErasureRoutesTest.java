package com.merchantinsights.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.privacy.PseudonymKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an erasure request must say, and the forms of the person it looks for (issue 23). */
class ErasureRoutesTest {
    private static final PseudonymKey CURRENT = key("k2", 2);
    private static final PseudonymKey RETIRED = key("k1", 1);

    private static PseudonymKey key(String id, int fill) {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) fill);
        return PseudonymKey.parse(id + ":" + Base64.getEncoder().encodeToString(secret));
    }

    private static ErasureRoutes routes(List<PseudonymKey> keys) {
        return new ErasureRoutes(null, keys, ErasureTopics.NONE, Clock.systemUTC(), by -> {});
    }

    @Test
    void thePersonIsLookedForAsSentAndUnderEveryKeyCurrentAndRetired() {
        ErasureRoutes.Asked asked =
                ErasureRoutes.parse("{\"merchant_id\":\"m-1\",\"customer_id\":\"cust-7\",\"anonymous_id\":\"anon-7\"}");

        List<String> persons = routes(List.of(CURRENT, RETIRED)).persons(asked);

        assertThat(persons)
                .containsExactly(
                        "c:cust-7",
                        "c:" + CURRENT.pseudonymizer().pseudonym("m-1", "cust-7"),
                        "c:" + RETIRED.pseudonymizer().pseudonym("m-1", "cust-7"),
                        "a:anon-7",
                        "a:" + CURRENT.pseudonymizer().pseudonym("m-1", "anon-7"),
                        "a:" + RETIRED.pseudonymizer().pseudonym("m-1", "anon-7"));
        assertThat(routes(List.of()).persons(asked)).containsExactly("c:cust-7", "a:anon-7");
    }

    @Test
    void badRequestsGetTheirCodeAndField() {
        assertRefused("not json", ErrorCode.MALFORMED_JSON, null);
        assertRefused("[1]", ErrorCode.MALFORMED_JSON, null);
        assertRefused("{\"customer_id\":\"c\"}", ErrorCode.MISSING_FIELD, "merchant_id");
        assertRefused(
                "{\"merchant_id\":\"bad merchant!\",\"customer_id\":\"c\"}", ErrorCode.INVALID_FIELD, "merchant_id");
        assertRefused("{\"merchant_id\":\"m-1\"}", ErrorCode.MISSING_FIELD, "customer_id");
        assertRefused("{\"merchant_id\":\"m-1\",\"customer_id\":\"\"}", ErrorCode.INVALID_FIELD, "customer_id");
        assertRefused(
                "{\"merchant_id\":\"m-1\",\"anonymous_id\":\"" + "x".repeat(129) + "\"}",
                ErrorCode.INVALID_FIELD,
                "anonymous_id");
        assertRefused("{\"merchant_id\":\"m-1\",\"customer_id\":7}", ErrorCode.INVALID_FIELD, "customer_id");
        assertRefused(
                "{\"merchant_id\":\"m-1\",\"customer_id\":\"c\",\"suppress\":\"yes\"}",
                ErrorCode.INVALID_FIELD,
                "suppress");
        assertRefused(
                "{\"merchant_id\":\"m-1\",\"customer_id\":\"c\",\"email\":\"x\"}", ErrorCode.INVALID_FIELD, "email");
    }

    @Test
    void suppressIsOffUnlessAskedFor() {
        assertThat(ErasureRoutes.parse("{\"merchant_id\":\"m-1\",\"customer_id\":\"c\"}")
                        .suppress())
                .isFalse();
        assertThat(ErasureRoutes.parse("{\"merchant_id\":\"m-1\",\"customer_id\":\"c\",\"suppress\":true}")
                        .suppress())
                .isTrue();
    }

    private static void assertRefused(String body, ErrorCode code, String field) {
        assertThatThrownBy(() -> ErasureRoutes.parse(body))
                .as(body)
                .isInstanceOfSatisfying(InsightsException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(java.util.Optional.ofNullable(field));
                });
    }
}
