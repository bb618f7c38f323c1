package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.etl.RefreshPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaltFileTest {
    @TempDir
    Path dir;

    @Test
    void haltsOnceAtThePointTheFileNamesAndDeletesTheFileFirst() throws Exception {
        Path file = dir.resolve("halt");
        AtomicInteger halts = new AtomicInteger();
        HaltFile hook = new HaltFile(file, () -> {
            assertThat(file).as("deleted before the halt").doesNotExist();
            halts.incrementAndGet();
        });
        Files.writeString(file, "committed\n");

        hook.accept(RefreshPoint.LOADED);
        assertThat(halts).hasValue(0);
        assertThat(file).exists();

        hook.accept(RefreshPoint.COMMITTED);
        assertThat(halts).hasValue(1);

        hook.accept(RefreshPoint.COMMITTED);
        assertThat(halts).as("the restarted driver runs on").hasValue(1);
    }

    @Test
    void withoutTheFileNothingHalts() {
        AtomicInteger halts = new AtomicInteger();
        HaltFile hook = new HaltFile(dir.resolve("absent"), halts::incrementAndGet);
        for (RefreshPoint point : RefreshPoint.values()) {
            hook.accept(point);
        }
        assertThat(halts).hasValue(0);
    }
}
