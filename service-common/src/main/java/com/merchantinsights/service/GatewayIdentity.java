package com.merchantinsights.service;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.IdentityToken;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * Backends trust only the identity the gateway signed. A request to a public route without a valid token did
 * not come through the gateway and is refused before any handler runs.
 */
public final class GatewayIdentity {
    private static final String ATTRIBUTE = "identity";
    private final IdentityToken tokens;
    private final Clock clock;

    public GatewayIdentity(IdentityToken tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A before-handler for the public routes. */
    public void require(Context ctx) {
        Identity identity = tokens.verify(ctx.header(IdentityToken.HEADER), clock.instant())
                .orElseThrow(() -> new InsightsException(
                        ErrorCode.UNAUTHENTICATED, "This service accepts requests only through the gateway."));
        ctx.attribute(ATTRIBUTE, identity);
    }

    public static Identity of(Context ctx) {
        Identity identity = ctx.attribute(ATTRIBUTE);
        if (identity == null) {
            throw new IllegalStateException("route is not behind GatewayIdentity.require");
        }
        return identity;
    }
}
