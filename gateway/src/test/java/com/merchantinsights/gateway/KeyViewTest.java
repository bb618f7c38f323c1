package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.keys.IssuedApiKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admin API's view of a key carries its secret once, to the client, and never into a log line. */
class KeyViewTest {
    @Test
    void toStringShowsEveryFieldButTheSecret() {
        IssuedApiKey issued =
                new IssuedApiKey("k_42", "mi_s3cret_4711", Scope.MERCHANT_READ, Optional.of(new MerchantId("m_demo")));

        AdminKeysHandler.KeyView view = AdminKeysHandler.KeyView.of(issued, "dashboard", "key_admin0000001");

        assertThat(view.secret()).isEqualTo("mi_s3cret_4711");
        assertThat(view.toString())
                .doesNotContain("mi_s3cret_4711")
                .contains(
                        "keyId=k_42",
                        "scope=merchant-read",
                        "merchantId=m_demo",
                        "description=dashboard",
                        "createdAt=null",
                        "revokedAt=null",
                        "secret=***");
    }
}
