package com.merchantinsights.sparkjobs;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link ControlRoutes} on 127.0.0.1 only, to the callers {@link ControlAccess} lets in (decision 0037), with
 * the JDK's HTTP server; a few threads so /ready answers during an ETL.
 */
final class ControlServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private ControlServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Listens on the loopback address at {@code port} (0: any free port). */
    static ControlServer start(int port, ControlAccess access, ControlRoutes routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "control-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> respond(exchange, access, routes));
        server.start();
        return new ControlServer(server, threads);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The address the server listens on: the loopback address, never a wildcard. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(HttpExchange exchange, ControlAccess access, ControlRoutes routes) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Headers headers = exchange.getRequestHeaders();
            Optional<ControlRoutes.Response> refusal = access.refusal(
                    method,
                    path,
                    headers.getFirst(ControlAccess.ORIGIN),
                    headers.getFirst(ControlAccess.AUTHORIZATION));
            ControlRoutes.Response response;
            if (refusal.isPresent()) {
                response = refusal.get();
            } else {
                body.readAllBytes();
                response = routes.handle(
                        method,
                        path,
                        QueryParameters.parse(exchange.getRequestURI().getRawQuery()));
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (response.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"spark-control\"");
            }
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
