package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackExceptionTest {

    @Test
    void messageNamesTheProblemTheCauseAndTheEndOfTheLog() {
        StackException e = StackException.withLog(
                "kafka",
                "kafka exited with code 1 before it was ready",
                new IOException("connection refused"),
                Path.of("/w/logs/kafka.log"),
                List.of("ERROR Exiting Kafka", "java.lang.RuntimeException: bad config"));

        assertThat(e.component()).isEqualTo("kafka");
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        assertThat(e.getMessage().lines())
                .containsExactly(
                        "kafka exited with code 1 before it was ready (last error: java.io.IOException: connection refused)",
                        "--- last 2 lines of /w/logs/kafka.log ---",
                        "ERROR Exiting Kafka",
                        "java.lang.RuntimeException: bad config");
    }
}
