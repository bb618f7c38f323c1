package com.merchantinsights.gateway;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.IdentityToken;
import com.merchantinsights.service.RequestIds;
import com.merchantinsights.service.ServiceApp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's front handler: request id, local endpoints, route match, authentication, scope check, body cap;
 * then the request goes to {@link BackendProxy} with the signed identity attached.
 */
final class GatewayHandler extends Handler.Abstract {
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final IdentityToken tokens;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Handler proxy;
    private final PrometheusMeterRegistry registry;

    GatewayHandler(ApiKeys keys, IdentityToken tokens, Clock clock, long maxBodyBytes, Handler proxy,
                   PrometheusMeterRegistry registry) {
        this.keys = keys;
        this.tokens = tokens;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.proxy = proxy;
        this.registry = registry;
        installBean(proxy);
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
        Optional<Route> route = Route.match(method, path);
        if (route.isEmpty()) {
            ErrorResponses.write(response, callback, ErrorCode.NOT_FOUND, null, null, requestId);
            return true;
        }
        Optional<Identity> identity = authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (identity.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            ErrorResponses.write(response, callback, ErrorCode.UNAUTHENTICATED, null, "Authorization", requestId);
            return true;
        }
        if (!route.get().scopes().contains(identity.get().scope())) {
            ErrorResponses.write(response, callback, ErrorCode.FORBIDDEN,
                    "A " + identity.get().scope().wireName() + " key may not call " + method + " " + path, null, requestId);
            return true;
        }
        if (request.getLength() > maxBodyBytes) {
            ErrorResponses.write(response, callback, ErrorCode.PAYLOAD_TOO_LARGE,
                    "The body may be at most " + maxBodyBytes + " bytes", null, requestId);
            return true;
        }
        request.setAttribute(BackendProxy.BACKEND_ATTRIBUTE, route.get().backend());
        request.setAttribute(BackendProxy.IDENTITY_ATTRIBUTE, tokens.sign(identity.get(), clock.instant()));
        return proxy.handle(request, response, callback);
    }

    private Optional<Identity> authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.empty();
        }
        return keys.authenticate(authorization.substring(BEARER.length()).trim());
    }

    private boolean local(String path, Response response, Callback callback, String requestId) {
        switch (path) {
            case "/health/live", "/health/ready" -> {
                ErrorResponses.writeJson(response, callback, 200, new ServiceApp.Health("up"), requestId, false);
                return true;
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
}
