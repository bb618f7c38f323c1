package com.merchantinsights.gateway;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.service.Drain;
import com.merchantinsights.service.ErrorResponses;
import com.merchantinsights.service.RequestIds;
import com.merchantinsights.service.ServiceApp;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.RequestBinding;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's front handler: request id, local endpoints, route match, authentication, per-key rate limit,
 * scope check, body cap; then the request goes to {@link BackendProxy} with the signed identity attached, or to
 * {@link AdminKeysHandler} for the routes the gateway serves itself.
 */
final class GatewayHandler extends Handler.Abstract {
    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";
    private static final byte[] EMPTY = new byte[0];

    private final ApiKeys keys;
    private final KeyRateLimiter limiter;
    private final UnauthenticatedReads unauthenticatedReads;
    private final IdentitySigner signer;
    private final Clock clock;
    /** Oversized bodies up to this multiple of the cap are read before the 413, larger ones are cut off. */
    private static final long DRAIN_FACTOR = 16;

    private final long maxBodyBytes;
    private final Handler proxy;
    /** Key administration served by the gateway itself; null when this gateway offers none. */
    private final Handler adminKeys;

    /** Whether an operations service stands behind this gateway (its routes are unknown otherwise). */
    private final boolean offersOperations;

    private final PrometheusMeterRegistry registry;
    private final DashboardAssets dashboard = new DashboardAssets();
    private final Drain drain;

    GatewayHandler(
            ApiKeys keys,
            KeyRateLimiter limiter,
            UnauthenticatedReads unauthenticatedReads,
            IdentitySigner signer,
            Clock clock,
            long maxBodyBytes,
            Handler proxy,
            Handler adminKeys,
            boolean offersOperations,
            PrometheusMeterRegistry registry,
            Drain drain) {
        this.drain = drain;
        this.keys = keys;
        this.limiter = limiter;
        this.unauthenticatedReads = unauthenticatedReads;
        this.signer = signer;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.proxy = proxy;
        this.adminKeys = adminKeys;
        this.offersOperations = offersOperations;
        this.registry = registry;
        installBean(proxy);
        if (adminKeys != null) {
            installBean(adminKeys);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String requestId = RequestIds.fromHeaderOrNew(request.getHeaders().get(RequestIds.HEADER));
        request.setAttribute(BackendProxy.REQUEST_ID_ATTRIBUTE, requestId);
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if ("GET".equals(method) && local(path, response, callback, requestId)) {
            return true;
        }
        // The dashboard's static files need no key; its API calls go through the routes below like any other.
        if (("GET".equals(method) || "HEAD".equals(method)) && DashboardAssets.owns(path)) {
            return dashboard.handle(request, response, callback, path, requestId);
        }
        Optional<Route> route = Route.match(method, path)
                .filter(r -> r.backend() != Route.Backend.GATEWAY || adminKeys != null)
                .filter(r -> r.backend() != Route.Backend.OPS || offersOperations);
        if (route.isEmpty()) {
            ErrorResponses.write(response, callback, ErrorCode.NOT_FOUND, null, null, requestId);
            return true;
        }
        request.setAttribute(GatewayAccessLog.ROUTE_ATTRIBUTE, route.get());
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null && SegmentWriteKey.carriesWriteKey(route.get())) {
            // Segment's Java library sends its write key inside the batch body: read it (bounded, and only so many
            // at once per client address and in all), then go on with it.
            Optional<UnauthenticatedReads.Permit> permit =
                    unauthenticatedReads.tryStart(Request.getRemoteAddr(request));
            if (permit.isEmpty()) {
                registry.counter("gateway.unauthenticated_reads.refused").increment();
                ErrorResponses.write(
                        response,
                        callback,
                        ErrorCode.RATE_LIMITED,
                        "Too many requests without a key in their headers from this address at once; send the key"
                                + " in the Authorization header, or retry in 1 s",
                        "Authorization",
                        requestId,
                        1);
                return true;
            }
            return readBodyThen(request, response, callback, requestId, permit.get()::close, body -> {
                permit.get().close();
                return admit(
                        request,
                        response,
                        callback,
                        route.get(),
                        SegmentWriteKey.of(body).flatMap(keys::authenticate),
                        requestId);
            });
        }
        return admit(request, response, callback, route.get(), authenticate(authorization), requestId);
    }

    /** Rate limit, scope, body cap for an authenticated (or not) caller; then the backend. */
    private boolean admit(
            Request request,
            Response response,
            Callback callback,
            Route route,
            Optional<Identity> identity,
            String requestId)
            throws Exception {
        String method = route.method();
        String path = Request.getPathInContext(request);
        if (identity.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            ErrorResponses.write(response, callback, ErrorCode.UNAUTHENTICATED, null, "Authorization", requestId);
            return true;
        }
        request.setAttribute(AdminKeysHandler.CALLER_ATTRIBUTE, identity.get());
        // Before the scope check, so that a key hammering routes it may not call is slowed down as well.
        KeyRateLimiter.Admission admission = limiter.tryAcquire(identity.get().keyId());
        if (!admission.admitted()) {
            registry.counter("gateway.rate_limited").increment();
            ErrorResponses.write(
                    response,
                    callback,
                    ErrorCode.RATE_LIMITED,
                    "Too many requests for this API key; retry in " + admission.retryAfterSeconds() + " s",
                    null,
                    requestId,
                    admission.retryAfterSeconds());
            return true;
        }
        if (!route.scopes().contains(identity.get().scope())) {
            ErrorResponses.write(
                    response,
                    callback,
                    ErrorCode.FORBIDDEN,
                    "A " + identity.get().scope().wireName() + " key may not call " + method + " " + path,
                    null,
                    requestId);
            return true;
        }
        if (request.getLength() > maxBodyBytes && request.getAttribute(BackendProxy.BUFFERED_BODY_ATTRIBUTE) == null) {
            String message = tooLarge();
            if (request.getLength() <= DRAIN_FACTOR * maxBodyBytes) {
                // Read (and drop) a moderately oversized body first: a client still sending it would otherwise see
                // the connection close under it instead of our answer.
                Content.Source.consumeAll(
                        request,
                        Callback.from(
                                () -> ErrorResponses.write(
                                        response, callback, ErrorCode.PAYLOAD_TOO_LARGE, message, null, requestId),
                                callback::failed));
            } else {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                ErrorResponses.write(response, callback, ErrorCode.PAYLOAD_TOO_LARGE, message, null, requestId);
            }
            return true;
        }
        if (request.getLength() != 0
                && request.getAttribute(BackendProxy.BUFFERED_BODY_ATTRIBUTE) == null
                && route.backend() != Route.Backend.GATEWAY
                && !"GET".equals(method)
                && !"HEAD".equals(method)) {
            // The body is read here, up to the cap, before any of it reaches a backend: the identity token carries its
            // digest (decision 0038), and a backend that answers before reading all of a chunked body must not let an
            // oversized one through.
            return readBodyThen(
                    request,
                    response,
                    callback,
                    requestId,
                    () -> {},
                    body -> forward(request, response, callback, route, identity.get()));
        }
        return forward(request, response, callback, route, identity.get());
    }

    /** What to do with a request once its body is read. */
    private interface WithBody {
        boolean handle(byte[] body) throws Exception;
    }

    /**
     * Reads the body up to the cap and keeps it on the request for the proxy, then goes on; a longer body is answered
     * 413 and the connection closed (the rest of it is not read). {@code whenFailed} runs if the read fails.
     */
    private boolean readBodyThen(
            Request request,
            Response response,
            Callback callback,
            String requestId,
            Runnable whenFailed,
            WithBody next) {
        Content.Source.asByteArrayAsync(request, (int) maxBodyBytes).whenComplete((body, failure) -> {
            if (failure != null) {
                whenFailed.run();
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                ErrorResponses.write(response, callback, ErrorCode.PAYLOAD_TOO_LARGE, tooLarge(), null, requestId);
                return;
            }
            request.setAttribute(BackendProxy.BUFFERED_BODY_ATTRIBUTE, body);
            try {
                next.handle(body);
            } catch (Exception e) {
                callback.failed(e);
            }
        });
        return true;
    }

    private String tooLarge() {
        return "The body may be at most " + maxBodyBytes + " bytes";
    }

    private boolean forward(Request request, Response response, Callback callback, Route route, Identity identity)
            throws Exception {
        request.setAttribute(BackendProxy.BACKEND_ATTRIBUTE, route.backend());
        if (route.backend() == Route.Backend.GATEWAY) {
            return adminKeys.handle(request, response, callback);
        }
        byte[] body = (byte[]) request.getAttribute(BackendProxy.BUFFERED_BODY_ATTRIBUTE);
        RequestBinding binding = RequestBinding.of(
                route.backend().audience(),
                request.getMethod(),
                request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(),
                body == null ? EMPTY : body);
        request.setAttribute(BackendProxy.IDENTITY_ATTRIBUTE, signer.sign(identity, binding, clock.instant()));
        return proxy.handle(request, response, callback);
    }

    /**
     * A key comes as {@code Authorization: Bearer <key>}, or — as Segment's SDKs send their write key — as the user
     * name of HTTP Basic authentication with an empty password.
     */
    private Optional<Identity> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.startsWith(BEARER)) {
            return keys.authenticate(authorization.substring(BEARER.length()).trim());
        }
        if (authorization.startsWith(BASIC)) {
            try {
                String credentials = new String(
                        java.util.Base64.getDecoder()
                                .decode(authorization.substring(BASIC.length()).trim()),
                        java.nio.charset.StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return keys.authenticate(colon < 0 ? credentials : credentials.substring(0, colon));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private boolean local(String path, Response response, Callback callback, String requestId) {
        switch (path) {
            case "/health/live" -> {
                ErrorResponses.writeJson(response, callback, 200, new ServiceApp.Health("up"), requestId, 0);
                return true;
            }
            case "/health/ready" -> {
                boolean draining = drain.draining();
                ErrorResponses.writeJson(
                        response,
                        callback,
                        draining ? 503 : 200,
                        new ServiceApp.Health(draining ? "not_ready" : "ready"),
                        requestId,
                        0);
                return true;
            }
            case "/openapi.json" -> {
                return document(response, callback, "application/json", PublicDocuments.OPENAPI_JSON);
            }
            case "/openapi.yaml" -> {
                return document(response, callback, "application/yaml", PublicDocuments.OPENAPI_YAML);
            }
            case "/schemas/event.json" -> {
                return document(response, callback, "application/schema+json", PublicDocuments.EVENT_SCHEMA);
            }
            case "/metrics" -> {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4");
                response.write(true, ByteBuffer.wrap(registry.scrape().getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean document(Response response, Callback callback, String contentType, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
