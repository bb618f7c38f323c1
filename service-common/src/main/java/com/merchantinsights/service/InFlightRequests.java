package com.merchantinsights.service;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The requests a service is answering now, so that a graceful stop that runs out of time can say which it cut off. */
final class InFlightRequests {
    private final Map<Object, String> requests = new ConcurrentHashMap<>();

    void begin(Context ctx, String requestId) {
        requests.put(ctx.req(), ctx.method().name() + " " + ctx.path() + " (request_id " + requestId + ")");
    }

    void end(Context ctx) {
        requests.remove(ctx.req());
    }

    List<String> list() {
        return requests.values().stream().sorted().toList();
    }
}
