package com.merchantinsights.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.service.ErrorBody;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.RequestIds;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the documented error body (and Retry-After for retryable codes) on Jetty's core API. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static void write(Response response, Callback callback, ErrorCode code, String message, String field, String requestId) {
        writeJson(response, callback, code.httpStatus(), ErrorBody.of(code, message, field, requestId), requestId,
                code.retryable());
    }

    static void writeJson(Response response, Callback callback, int status, Object body, String requestId, boolean retry) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (requestId != null) {
            response.getHeaders().put(RequestIds.HEADER, requestId);
        }
        if (retry) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
