package com.merchantinsights.gateway;

import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.identity.Audiences;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A public route: method and path prefix, which backend serves it, which scopes may call it. */
record Route(String method, String pathPrefix, Backend backend, Set<Scope> scopes) {
    /** Who serves a route: a backend behind the gateway, or the gateway itself (key administration). */
    enum Backend {
        EVENTS(Audiences.EVENTS_API),
        INSIGHTS(Audiences.INSIGHTS_API),
        OPS(Audiences.OPS_API),
        GATEWAY("gateway");

        private final String audience;

        Backend(String audience) {
            this.audience = audience;
        }

        /** The name identity tokens for this backend carry. */
        String audience() {
            return audience;
        }
    }

    static final List<Route> PUBLIC = List.of(
            new Route("POST", "/v1/events", Backend.EVENTS, Set.of(Scope.PLATFORM, Scope.MERCHANT_WRITE)),
            // Segment's HTTP Tracking API, so that unmodified Segment SDKs can send to us (docs/segment.md).
            new Route("POST", "/v1/track", Backend.EVENTS, Set.of(Scope.PLATFORM, Scope.MERCHANT_WRITE)),
            new Route("POST", "/v1/page", Backend.EVENTS, Set.of(Scope.PLATFORM, Scope.MERCHANT_WRITE)),
            new Route("POST", "/v1/identify", Backend.EVENTS, Set.of(Scope.PLATFORM, Scope.MERCHANT_WRITE)),
            new Route("POST", "/v1/batch", Backend.EVENTS, Set.of(Scope.PLATFORM, Scope.MERCHANT_WRITE)),
            new Route("POST", "/v1/import", Backend.EVENTS, Set.of(Scope.PLATFORM, Scope.MERCHANT_WRITE)),
            new Route("GET", "/v1/admin/dead-letters", Backend.EVENTS, Set.of(Scope.ADMIN)),
            // Merchant registry, served by the insights API next to the cubes it calibrates.
            new Route(
                    "GET",
                    "/v1/merchants/",
                    Backend.INSIGHTS,
                    Set.of(Scope.PLATFORM, Scope.ADMIN, Scope.MERCHANT_READ)),
            new Route("PUT", "/v1/merchants/", Backend.INSIGHTS, Set.of(Scope.PLATFORM, Scope.ADMIN)),
            // A merchant's query quota (issue 24): admin keys only, checked by the insights API too.
            new Route("DELETE", "/v1/merchants/", Backend.INSIGHTS, Set.of(Scope.ADMIN)),
            new Route("GET", "/v1/metrics", Backend.INSIGHTS, Set.of(Scope.PLATFORM, Scope.ADMIN, Scope.MERCHANT_READ)),
            new Route(
                    "GET", "/v1/insights/", Backend.INSIGHTS, Set.of(Scope.PLATFORM, Scope.ADMIN, Scope.MERCHANT_READ)),
            new Route("POST", AdminKeysHandler.PATH, Backend.GATEWAY, Set.of(Scope.ADMIN)),
            new Route("GET", AdminKeysHandler.PATH, Backend.GATEWAY, Set.of(Scope.ADMIN)),
            new Route("DELETE", AdminKeysHandler.PATH + "/", Backend.GATEWAY, Set.of(Scope.ADMIN)),
            // Operations (decision 0039), served by the operations service when the gateway knows one.
            new Route("GET", "/v1/admin/status", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("GET", "/v1/admin/runs", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("GET", "/v1/admin/audit", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("GET", "/v1/admin/operations/", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("GET", "/v1/admin/rederive", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("GET", "/v1/admin/reprocess/", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/etl", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/archive", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/rebuild-warehouse", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/rederive", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/reconcile", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/dead-letters/redrive", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/reprocess", Backend.OPS, Set.of(Scope.ADMIN)),
            new Route("POST", "/v1/admin/reprocess/", Backend.OPS, Set.of(Scope.ADMIN)),
            // A person's erasure (issue 23): admin keys, and platform keys for the merchants they write for.
            new Route("POST", "/v1/admin/erasures", Backend.OPS, Set.of(Scope.ADMIN, Scope.PLATFORM)),
            new Route("GET", "/v1/admin/erasures/", Backend.OPS, Set.of(Scope.ADMIN, Scope.PLATFORM)));

    static Optional<Route> match(String method, String rawPath) {
        // Segment's libraries post to "/v1/import/": a trailing slash names the same route.
        String path = rawPath.length() > 1 && rawPath.endsWith("/") && !isPrefixRoot(rawPath)
                ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        return PUBLIC.stream()
                .filter(r -> r.method.equals(method))
                .filter(r -> r.pathPrefix.endsWith("/") ? path.startsWith(r.pathPrefix) : path.equals(r.pathPrefix))
                .findFirst();
    }

    private static boolean isPrefixRoot(String path) {
        return PUBLIC.stream().anyMatch(r -> r.pathPrefix.endsWith("/") && r.pathPrefix.equals(path));
    }
}
