package com.merchantinsights.gateway;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.service.ErrorResponses;
import com.merchantinsights.service.RequestIds;
import com.merchantinsights.service.identity.IdentityHeader;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's reverse proxy, told which backend each request goes to and which identity to forward. The client's
 * own Authorization and identity headers never reach a backend; the signed identity replaces them. Each backend may
 * have several instances: a request goes to an available one, and goes again to another only when the first refused
 * the connection, i.e. saw nothing of it — the one failure after which even a POST of events is safe to repeat.
 */
final class BackendProxy extends ProxyHandler {
    static final String BACKEND_ATTRIBUTE = "gateway.backend";
    static final String IDENTITY_ATTRIBUTE = "gateway.identity";
    static final String REQUEST_ID_ATTRIBUTE = "gateway.request_id";
    /** A body the gateway already had to read (a Segment batch carrying its write key); sent on as it is. */
    static final String BUFFERED_BODY_ATTRIBUTE = "gateway.buffered_body";
    /** The instances this request was already sent to (a {@code Set<URI>}); the last one is the current attempt. */
    private static final String TRIED_ATTRIBUTE = "gateway.tried_instances";

    private static final String CURRENT_ATTRIBUTE = "gateway.current_instance";

    private final Upstreams eventsApi;
    private final Upstreams insightsApi;
    private final Optional<Upstreams> opsApi;
    private final Duration timeout;

    BackendProxy(Upstreams eventsApi, Upstreams insightsApi, Optional<Upstreams> opsApi, Duration timeout) {
        this.eventsApi = eventsApi;
        this.insightsApi = insightsApi;
        this.opsApi = opsApi;
        this.timeout = timeout;
    }

    @Override
    protected void configureHttpClient(HttpClient httpClient) {
        super.configureHttpClient(httpClient);
        httpClient.setMaxConnectionsPerDestination(256);
        httpClient.setIdleTimeout(60_000);
    }

    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        @SuppressWarnings("unchecked")
        Set<URI> tried = (Set<URI>) request.getAttribute(TRIED_ATTRIBUTE);
        if (tried == null) {
            tried = new HashSet<>();
            request.setAttribute(TRIED_ATTRIBUTE, tried);
        }
        // handle() is entered again only after a refused connection, and only while an untried instance is left.
        URI base = upstreams(request).choose(tried).orElseThrow();
        tried.add(base);
        request.setAttribute(CURRENT_ATTRIBUTE, base);
        HttpURI uri = request.getHttpURI();
        return HttpURI.build(base.toString()).path(uri.getPath()).query(uri.getQuery());
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientRequest, HttpURI newHttpURI) {
        return super.newProxyToServerRequest(clientRequest, newHttpURI)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(
            Request clientRequest, Response proxyResponse, org.eclipse.jetty.client.Request proxyRequest) {
        byte[] buffered = (byte[]) clientRequest.getAttribute(BUFFERED_BODY_ATTRIBUTE);
        if (buffered != null) {
            return new org.eclipse.jetty.client.BytesRequestContent(
                    clientRequest.getHeaders().get(HttpHeader.CONTENT_TYPE), buffered);
        }
        return new UntouchedUntilRead(clientRequest);
    }

    /**
     * The client's body as the backend request reads it. A backend request that fails before reading any of it (a
     * refused connection) does not fail the client's body, which then stays whole for another instance.
     */
    private static final class UntouchedUntilRead extends ProxyRequestContent {
        private volatile boolean touched;

        UntouchedUntilRead(Request clientRequest) {
            super(clientRequest);
        }

        @Override
        public org.eclipse.jetty.io.Content.Chunk read() {
            touched = true;
            return super.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            touched = true;
            super.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
            if (touched) {
                super.fail(failure);
            }
        }

        @Override
        public void fail(Throwable failure, boolean last) {
            if (touched) {
                super.fail(failure, last);
            }
        }
    }

    @Override
    protected void addProxyHeaders(Request clientRequest, org.eclipse.jetty.client.Request proxyRequest) {
        super.addProxyHeaders(clientRequest, proxyRequest);
        proxyRequest.headers(headers -> {
            headers.remove(HttpHeader.AUTHORIZATION);
            headers.remove(IdentityHeader.NAME);
            headers.put(IdentityHeader.NAME, (String) clientRequest.getAttribute(IDENTITY_ATTRIBUTE));
            headers.put(RequestIds.HEADER, (String) clientRequest.getAttribute(REQUEST_ID_ATTRIBUTE));
        });
    }

    /** A backend that fails or times out is hidden behind our error body; its address never leaks. */
    @Override
    protected void onServerToProxyResponseFailure(
            Request clientRequest,
            org.eclipse.jetty.client.Request proxyRequest,
            org.eclipse.jetty.client.Response serverResponse,
            Response proxyResponse,
            Callback proxyToClientCallback,
            Throwable failure) {
        if (proxyResponse.isCommitted()) {
            super.onServerToProxyResponseFailure(
                    clientRequest, proxyRequest, serverResponse, proxyResponse, proxyToClientCallback, failure);
            return;
        }
        Upstreams upstreams = upstreams(clientRequest);
        if (connectionRefused(failure)) {
            upstreams.markAvailable((URI) clientRequest.getAttribute(CURRENT_ATTRIBUTE), false);
            @SuppressWarnings("unchecked")
            Set<URI> tried = (Set<URI>) clientRequest.getAttribute(TRIED_ATTRIBUTE);
            if (upstreams.choose(tried).isPresent()) {
                handle(clientRequest, proxyResponse, proxyToClientCallback);
                return;
            }
        }
        proxyResponse.reset();
        // A streamed body that outgrows the cap fails the exchange too; that is the client's fault, not a backend's.
        ErrorCode code = bodyTooLarge(failure) ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BACKEND_UNAVAILABLE;
        ErrorResponses.write(proxyResponse, proxyToClientCallback, code, null, null, (String)
                clientRequest.getAttribute(REQUEST_ID_ATTRIBUTE));
    }

    private Upstreams upstreams(Request request) {
        return switch ((Route.Backend) request.getAttribute(BACKEND_ATTRIBUTE)) {
            case EVENTS -> eventsApi;
            case INSIGHTS -> insightsApi;
            // GatewayHandler knows the operations routes only when there is an operations service.
            case OPS -> opsApi.orElseThrow();
            case GATEWAY -> throw new IllegalStateException("the gateway's own routes are not proxied");
        };
    }

    /** Nothing of the request reached the instance: no connection was made. */
    private static boolean connectionRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean bodyTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http && http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
                return true;
            }
        }
        return false;
    }
}
