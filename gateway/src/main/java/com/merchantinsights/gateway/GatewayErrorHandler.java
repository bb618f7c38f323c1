package com.merchantinsights.gateway;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.service.ErrorResponses;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (a streamed body over the cap, a failure inside a handler) get our documented body
 * instead of Jetty's HTML page, which would name the server and echo the URI. Statuses without a catalogued code
 * keep Jetty's answer, without stacks or origin.
 */
final class GatewayErrorHandler extends ErrorHandler {
    private static final Map<Integer, ErrorCode> CODES = Map.of(
            404, ErrorCode.NOT_FOUND,
            413, ErrorCode.PAYLOAD_TOO_LARGE,
            415, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            500, ErrorCode.INTERNAL,
            502, ErrorCode.BACKEND_UNAVAILABLE,
            503, ErrorCode.BACKEND_UNAVAILABLE,
            504, ErrorCode.BACKEND_UNAVAILABLE);

    GatewayErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback)
            throws java.io.IOException {
        ErrorCode code = CODES.get(status);
        if (code == null) {
            super.generateResponse(request, response, status, message, cause, callback);
            return;
        }
        ErrorResponses.write(
                response, callback, code, null, null, (String) request.getAttribute(BackendProxy.REQUEST_ID_ATTRIBUTE));
    }
}
