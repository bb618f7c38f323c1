package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.stack.EngineEndpoints;
import com.merchantinsights.stack.StackConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local services are configured as the chart configures them: the pseudonym key in the events API and ops only. */
class LocalServicesTest {
    @TempDir
    Path workDir;

    private final EngineEndpoints engines = new EngineEndpoints(
            "127.0.0.1:9092",
            List.of(new InetSocketAddress("127.0.0.1", 9042)),
            "datacenter1",
            "jdbc:postgresql://127.0.0.1:5432/insights",
            "insights",
            "pw",
            "insights",
            "pw");

    @Test
    void theWorkDirectorysPseudonymKeyGoesToTheEventsApiAndTheOperationsService() {
        StackConfig config = StackConfig.defaults(workDir);
        LocalSecrets secrets = LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT);
        PseudonymKey key = secrets.pseudonymKey().orElseThrow();

        assertThat(LocalServices.eventsApiConfig(config, engines, secrets, secrets.pseudonymKey())
                        .pseudonymKey())
                .contains(key);
        assertThat(LocalServices.opsApiConfig(config, engines, secrets, secrets.pseudonymKey())
                        .pseudonymKeys())
                .containsExactly(key);
    }

    @Test
    void withoutAKeyNeitherServicePseudonymises() {
        StackConfig config = StackConfig.defaults(workDir);
        LocalSecrets secrets = LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.OFF);

        assertThat(LocalServices.eventsApiConfig(config, engines, secrets, secrets.pseudonymKey())
                        .pseudonymKey())
                .isEmpty();
        assertThat(LocalServices.opsApiConfig(config, engines, secrets, Optional.empty())
                        .pseudonymKeys())
                .isEmpty();
    }
}
