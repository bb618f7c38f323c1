package com.merchantinsights.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.merchantinsights.core.error.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the documented error body (and Retry-After for retryable codes) on Jetty's core API. */
public final class ErrorResponses {
    private ErrorResponses() {}

    /** The error body; retryable codes say when to retry ({@link ErrorCode#retryAfterSeconds()}). */
    public static void write(
            Response response, Callback callback, ErrorCode code, String message, String field, String requestId) {
        write(response, callback, code, message, field, requestId, code.retryAfterSeconds());
    }

    /** The error body with {@code Retry-After: retryAfterSeconds} (none when 0). */
    public static void write(
            Response response,
            Callback callback,
            ErrorCode code,
            String message,
            String field,
            String requestId,
            long retryAfterSeconds) {
        writeJson(
                response,
                callback,
                code.httpStatus(),
                ErrorBody.of(code, message, field, requestId),
                requestId,
                retryAfterSeconds);
    }

    public static void writeJson(
            Response response, Callback callback, int status, Object body, String requestId, long retryAfterSeconds) {
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
        if (retryAfterSeconds > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
