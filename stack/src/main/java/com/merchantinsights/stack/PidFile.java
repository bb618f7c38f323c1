package com.merchantinsights.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A process recorded under {@code run/}: its PID and its start time. The start time guards against PID reuse: a
 * recorded PID that now belongs to a process started at another time is not ours, and is never signalled.
 *
 * @param pid       the process id
 * @param startedAt when the process started, or {@code null} when the OS did not say
 */
record PidFile(long pid, Instant startedAt) {
    /** Start instants come from /proc in clock ticks; two reads of the same process may round differently. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    static PidFile of(ProcessHandle process) {
        return new PidFile(process.pid(), process.info().startInstant().orElse(null));
    }

    /** Writes atomically (temp file + move), so a concurrent reader never sees half a file. */
    void writeTo(Path file) {
        String content = pid + "\n" + (startedAt == null ? "" : startedAt.toString()) + "\n";
        try {
            Files.createDirectories(file.getParent());
            Path temp =
                    Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Optional<PidFile> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            Instant startedAt = lines.size() > 1 && !lines.get(1).isBlank()
                    ? Instant.parse(lines.get(1).strip())
                    : null;
            return Optional.of(new PidFile(pid, startedAt));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or half-written by hand: not a process we can act on
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** The live process this file describes, if it is still the same process. */
    Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
    }

    private boolean sameStart(ProcessHandle process) {
        if (startedAt == null) {
            return true;
        }
        return process.info()
                .startInstant()
                .map(actual -> Duration.between(startedAt, actual).abs().compareTo(START_TOLERANCE) <= 0)
                .orElse(true);
    }
}
