package com.merchantinsights.gateway;

import com.merchantinsights.core.identity.Scope;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A public route: method and path prefix, which backend serves it, which scopes may call it. */
record Route(String method, String pathPrefix, Backend backend, Set<Scope> scopes) {
    /** The backends behind the gateway. */
    enum Backend { EVENTS, INSIGHTS }

    static final List<Route> PUBLIC = List.of(
            new Route("POST", "/v1/events", Backend.EVENTS, Set.of(Scope.PLATFORM, Scope.MERCHANT_WRITE)),
            new Route("GET", "/v1/insights/", Backend.INSIGHTS, Set.of(Scope.PLATFORM, Scope.ADMIN, Scope.MERCHANT_READ)));

    static Optional<Route> match(String method, String path) {
        return PUBLIC.stream()
                .filter(r -> r.method.equals(method))
                .filter(r -> r.pathPrefix.endsWith("/") ? path.startsWith(r.pathPrefix) : path.equals(r.pathPrefix))
                .findFirst();
    }
}
