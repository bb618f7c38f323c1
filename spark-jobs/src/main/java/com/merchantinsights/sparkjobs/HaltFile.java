package com.merchantinsights.sparkjobs;

import com.merchantinsights.etl.RefreshPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault test's hook (issue 21, {@code --halt-file}): when a cube refresh reaches the {@link RefreshPoint} that the
 * file names ({@code loaded} or {@code committed}), the file is deleted and the JVM halts at once, as a SIGKILL
 * would stop it (no shutdown hook, no finally block). One halt per write of the file, so the restarted driver runs on.
 * Without the option the driver has no such hook at all.
 */
final class HaltFile implements Consumer<RefreshPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(HaltFile.class);
    /** What a SIGKILL's exit status looks like to the parent (128 + 9). */
    static final int HALT_STATUS = 137;

    private final Path file;
    private final Runnable halt;

    HaltFile(Path file) {
        this(file, () -> Runtime.getRuntime().halt(HALT_STATUS));
    }

    HaltFile(Path file, Runnable halt) {
        this.file = file;
        this.halt = halt;
    }

    @Override
    public void accept(RefreshPoint point) {
        String armed;
        try {
            armed = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return; // not armed
        }
        if (!armed.equalsIgnoreCase(point.name())) {
            return;
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            LOG.warn("halt file {} could not be deleted: not halting", file, e);
            return;
        }
        LOG.warn(
                "halting at the cube refresh's {} point, as {} asked",
                point.name().toLowerCase(Locale.ROOT),
                file);
        halt.run();
    }
}
