package com.merchantinsights.gateway;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per request the gateway answered, on the {@code access} logger the backends use too: request id, the
 * caller's key id, scope and merchant (once authenticated), method, the matched route (not the path, which may carry
 * identifiers; unmatched requests say so), status, bytes sent and milliseconds. Never the key itself: the gateway
 * reads the key from the Authorization header or the body and keeps only the identity it resolves to.
 */
final class GatewayAccessLog implements RequestLog {
    static final String ROUTE_ATTRIBUTE = "gateway.route";
    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    @Override
    public void log(Request request, Response response) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        Route route = (Route) request.getAttribute(ROUTE_ATTRIBUTE);
        LoggingEventBuilder line = ACCESS.atInfo()
                .addKeyValue("service", "gateway")
                .addKeyValue("request_id", request.getAttribute(BackendProxy.REQUEST_ID_ATTRIBUTE))
                .addKeyValue("method", request.getMethod())
                .addKeyValue("route", route == null ? local(request) : route.pathPrefix());
        if (request.getAttribute(AdminKeysHandler.CALLER_ATTRIBUTE) instanceof Identity caller) {
            line = line.addKeyValue("key_id", caller.keyId())
                    .addKeyValue("scope", caller.scope().wireName());
            if (caller.merchant().isPresent()) {
                line = line.addKeyValue(
                        "merchant_id", caller.merchant().map(MerchantId::value).get());
            }
        }
        line.addKeyValue("status", response.getStatus())
                .addKeyValue("bytes", Response.getContentBytesWritten(response))
                .addKeyValue("ms", TimeUnit.NANOSECONDS.toMicros(NanoTime.since(request.getBeginNanoTime())) / 1000.0)
                .log("request");
    }

    /** The gateway's own endpoints are named; anything else matched no route. */
    private static String local(Request request) {
        String path = Request.getPathInContext(request);
        return path.startsWith("/health/")
                        || path.equals("/metrics")
                        || path.startsWith("/openapi.")
                        || path.startsWith("/schemas/")
                ? path
                : DashboardAssets.owns(path) ? "dashboard" : "unmatched";
    }
}
