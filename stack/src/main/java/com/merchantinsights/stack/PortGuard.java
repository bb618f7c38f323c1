package com.merchantinsights.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Checks that the stack's ports are free before anything starts: a second stack on the same ports would otherwise
 * fail half-way, with one engine's error buried in its log.
 */
final class PortGuard {
    private PortGuard() {}

    /** Throws naming the first port of {@code portsByName} that cannot be bound on 127.0.0.1. */
    static void requireFree(Map<String, Integer> portsByName) {
        portsByName.forEach((name, port) -> {
            if (!isFree(port)) {
                throw new StackException(
                        name,
                        "port " + port + " (" + name + ") is already in use"
                                + " — is another stack running? (`bin/insights status`)");
            }
        });
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // SO_REUSEADDR (the default on Linux) so that a previous run's TIME_WAIT sockets do not count as "in use":
            // the engines set it too and bind fine.
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a literal address is never looked up
        }
    }
}
