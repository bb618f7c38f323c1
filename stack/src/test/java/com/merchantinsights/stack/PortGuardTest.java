package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortGuardTest {

    @Test
    void aTakenPortIsNamedWithAHintAtStatus() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(PortGuard.loopback(), 0));
            int port = taken.getLocalPort();
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("kafka", port);

            assertThat(PortGuard.isFree(port)).isFalse();
            assertThatThrownBy(() -> PortGuard.requireFree(ports))
                    .isInstanceOf(StackException.class)
                    .hasMessage("port " + port
                            + " (kafka) is already in use — is another stack running? (`bin/insights status`)");
        }
    }

    @Test
    void aReleasedPortIsFree() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(PortGuard.loopback(), 0));
            port = socket.getLocalPort();
        }

        assertThat(PortGuard.isFree(port)).isTrue();
    }
}
