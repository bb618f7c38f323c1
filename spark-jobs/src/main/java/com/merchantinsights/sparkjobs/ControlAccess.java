package com.merchantinsights.sparkjobs;

import java.util.Map;
import java.util.Optional;

/**
 * Who may use the control endpoint (decision 0037): a caller that read the driver's token file, never a web page. A
 * request with an {@code Origin} header comes from a browser (which sends it on every cross-origin POST) and is
 * refused (403); every other request but the stack's readiness probe, {@code GET /ready}, needs
 * {@code Authorization: Bearer <token>} (401 without it). Checked before any route runs.
 */
final class ControlAccess {
    static final String AUTHORIZATION = "Authorization";
    static final String ORIGIN = "Origin";
    private static final String BEARER = "Bearer ";

    private final ControlToken token;

    ControlAccess(ControlToken token) {
        this.token = token;
    }

    /** The answer that refuses the request, or empty when it may go on to the routes. */
    Optional<ControlRoutes.Response> refusal(String method, String path, String origin, String authorization) {
        if (origin != null) {
            return Optional.of(ControlRoutes.json(
                    403, Map.of("error", "cross-origin request refused: the control endpoint is not for browsers")));
        }
        if ("GET".equals(method) && "/ready".equals(path)) {
            return Optional.empty();
        }
        if (!token.matches(bearerToken(authorization))) {
            return Optional.of(ControlRoutes.json(
                    401,
                    Map.of(
                            "error",
                            "missing or wrong control token: send Authorization: Bearer <the token the driver wrote"
                                    + " to its --control-token-file at start>")));
        }
        return Optional.empty();
    }

    /** The token of an {@code Authorization: Bearer …} header (the scheme's case does not matter), else null. */
    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }
}
