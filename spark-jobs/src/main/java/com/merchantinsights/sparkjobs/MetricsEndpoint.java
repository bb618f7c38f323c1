package com.merchantinsights.sparkjobs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The stream processor's metrics in a cluster (issue 22): {@code GET /metrics}, Prometheus text, on every interface of
 * the driver pod at {@code --metrics-port}, for the pod's scrape annotations or a PodMonitor. Nothing else is served:
 * the control routes stay on the local driver's loopback port, behind its token. Who may scrape is the NetworkPolicy's
 * to say (the monitoring namespace only).
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static MetricsEndpoint start(int port, Supplier<String> scrape) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 8);
        ExecutorService threads = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                boolean metrics = "/metrics".equals(exchange.getRequestURI().getPath());
                boolean get = "GET".equals(exchange.getRequestMethod());
                if (!metrics || !get) {
                    exchange.sendResponseHeaders(metrics ? 405 : 404, -1);
                    return;
                }
                byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", ControlRoutes.PROMETHEUS_TEXT);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(threads);
        server.start();
        return new MetricsEndpoint(server, threads);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
