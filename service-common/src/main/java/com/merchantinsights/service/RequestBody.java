package com.merchantinsights.service;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A request's body, read once and kept on the request: the identity check digests it before the handler parses it.
 * Read straight into an array of its declared length; Javalin's own reading grows a buffer by doubling and copies it
 * once more at the end, four copies of a 200 KB batch and most of the events API's allocation. A body without a
 * length, or over Javalin's limit, is left to Javalin, which also answers 413.
 */
public final class RequestBody {
    private static final String ATTRIBUTE = "request.body";

    private RequestBody() {}

    public static byte[] of(Context ctx) {
        byte[] cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        byte[] body = read(ctx);
        ctx.attribute(ATTRIBUTE, body);
        return body;
    }

    private static byte[] read(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length < 0 || length > ServiceApp.MAX_REQUEST_BYTES) {
            return ctx.bodyAsBytes();
        }
        byte[] body = new byte[(int) length];
        try {
            int read = ctx.req().getInputStream().readNBytes(body, 0, body.length);
            if (read < body.length) {
                throw new InsightsException(
                        ErrorCode.MALFORMED_JSON, "The body ended before its Content-Length.", null);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
