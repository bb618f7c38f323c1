package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void printsElapsedSecondsAndAnAlignedComponentName() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        Progress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), nanos::get);

        nanos.addAndGet(6_100_000_000L);
        progress.step("kafka", "ready");
        nanos.addAndGet(12_000_000_000L);
        progress.step("cassandra", "schema applied");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("[  6.1s] kafka      ready", "[ 18.1s] cassandra  schema applied");
    }

    @Test
    void silentSaysNothing() {
        Progress.silent().step("kafka", "ready"); // and does not fail
    }
}
