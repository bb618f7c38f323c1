package com.merchantinsights.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in Spark driver for {@link SparkDriverProcessSupervisionTest}: answers {@code GET /ready} on the given
 * port; the first incarnation (no marker file yet) exits with status 70 shortly after it is ready, as a driver
 * whose streaming query stalled does; later ones keep running.
 */
public final class StallingDriver {
    private StallingDriver() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[0]);
        Path marker = Path.of(args[1]);
        boolean first = !Files.exists(marker);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
        server.createContext("/ready", exchange -> {
            byte[] body = "{\"ready\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (first) {
                try {
                    Files.createFile(marker);
                } catch (IOException ignored) {
                    // a second probe of the same incarnation
                }
                new Thread(() -> {
                            server.stop(0);
                            System.exit(SparkDriverProcess.EXIT_STALLED);
                        })
                        .start();
            }
        });
        server.start();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
