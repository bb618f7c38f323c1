package com.merchantinsights.sparkjobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves {@link ControlRoutes} on 127.0.0.1 with the JDK's HTTP server; a few threads so /ready answers during an ETL. */
final class ControlServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private ControlServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static ControlServer start(int port, ControlRoutes routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "control-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> respond(exchange, routes));
        server.start();
        return new ControlServer(server, threads);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, ControlRoutes routes) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            ControlRoutes.Response response = routes.handle(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    QueryParameters.parse(exchange.getRequestURI().getRawQuery()));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
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
