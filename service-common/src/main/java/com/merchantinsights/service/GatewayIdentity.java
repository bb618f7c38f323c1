package com.merchantinsights.service;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityVerifier;
import io.javalin.http.Context;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backends trust only the identity the gateway signed for this very request (decision 0038). A request to a public
 * route without a valid token did not come through the gateway and is refused before any handler runs; why it was
 * refused is logged here, never told to the caller.
 */
public final class GatewayIdentity {
    private static final String ATTRIBUTE = "identity";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayIdentity.class);
    private final IdentityVerifier verifier;
    private final Clock clock;

    public GatewayIdentity(IdentityVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    /** A before-handler for the public routes. */
    public void require(Context ctx) {
        String query = ctx.queryString();
        String target = query == null || query.isEmpty() ? ctx.path() : ctx.path() + "?" + query;
        IdentityVerifier.Result result = verifier.verify(
                ctx.header(IdentityHeader.NAME),
                ctx.method().name(),
                target,
                () -> RequestBody.of(ctx),
                clock.instant());
        if (result.identity().isEmpty()) {
            LOG.warn(
                    "{} refused {} {}: identity token {}",
                    verifier.audience(),
                    ctx.method().name(),
                    ctx.path(),
                    result.refusal().orElseThrow());
            throw new InsightsException(
                    ErrorCode.UNAUTHENTICATED, "This service accepts requests only through the gateway.");
        }
        ctx.attribute(ATTRIBUTE, result.identity().get());
    }

    /** The verified caller, when the request got that far (for the access log). */
    static java.util.Optional<Identity> ifVerified(Context ctx) {
        return java.util.Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    public static Identity of(Context ctx) {
        Identity identity = ctx.attribute(ATTRIBUTE);
        if (identity == null) {
            throw new IllegalStateException("route is not behind GatewayIdentity.require");
        }
        return identity;
    }
}
