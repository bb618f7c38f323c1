package com.merchantinsights.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which ranges of the sample timeline a work directory holds: every event occurring in each range was sent through
 * the gateway and its batch answered 202. A range is added only after its last batch was accepted, so a range is
 * either recorded or sent again next time (a re-send is a client retry: same ids, same payloads, counted once).
 *
 * @param timeline which timeline the ranges are of; a ledger of another timeline holds nothing of this one
 * @param held     disjoint ranges in time order
 */
public record SampleLedger(String timeline, List<Range> held) {
    private static final String TIMELINE_KEY = "timeline=";

    public SampleLedger {
        Objects.requireNonNull(timeline, "timeline");
        held = merged(held);
    }

    /** Occurrence times {@code [from, to)}. */
    public record Range(Instant from, Instant to) {
        public Range {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("a range ends after it starts: " + from + "/" + to);
            }
        }

        @Override
        public String toString() {
            return from + "/" + to;
        }
    }

    public static SampleLedger empty(String timeline) {
        return new SampleLedger(timeline, List.of());
    }

    /** {@code <workDir>/sample/ledger}. */
    public static Path file(Path workDir) {
        return workDir.resolve("sample").resolve("ledger");
    }

    /** The work directory's ledger of {@code timeline}; empty when there is none or it is of another timeline. */
    public static SampleLedger read(Path workDir, String timeline) {
        Path file = file(workDir);
        if (!Files.exists(file)) {
            return empty(timeline);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample ledger " + file, e);
        }
        if (lines.stream().noneMatch(line -> line.equals(TIMELINE_KEY + timeline))) {
            return empty(timeline);
        }
        List<Range> ranges = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith(TIMELINE_KEY)) {
                continue;
            }
            String[] ends = line.trim().split("/");
            try {
                ranges.add(new Range(Instant.parse(ends[0]), Instant.parse(ends[1])));
            } catch (DateTimeParseException | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
                throw new IllegalStateException(
                        "the sample ledger " + file + " has a line that is not a range: " + line
                                + " (delete the file: the next start sends the sample again, as duplicates)",
                        e);
            }
        }
        return new SampleLedger(timeline, ranges);
    }

    /** Replaces the work directory's ledger atomically: a crash leaves the old one or the new one. */
    public void write(Path workDir) {
        Path file = file(workDir);
        StringBuilder text = new StringBuilder()
                .append(
                        "# The sample events this work directory holds, by occurrence: every event in each range [from, to)\n")
                .append(
                        "# was sent through the gateway and accepted (202). Written by `bin/insights up`; `up --fresh` starts over.\n")
                .append(TIMELINE_KEY)
                .append(timeline)
                .append('\n');
        held.forEach(range -> text.append(range).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample ledger " + file, e);
        }
    }

    /** This ledger with {@code range} held too. */
    public SampleLedger with(Range range) {
        List<Range> more = new ArrayList<>(held);
        more.add(range);
        return new SampleLedger(timeline, more);
    }

    /** The parts of {@code [from, to)} that are not held, in time order. */
    public List<Range> missing(Instant from, Instant to) {
        List<Range> missing = new ArrayList<>();
        Instant cursor = from;
        for (Range range : held) {
            if (!range.to().isAfter(cursor)) {
                continue;
            }
            if (!range.from().isBefore(to)) {
                break;
            }
            if (range.from().isAfter(cursor)) {
                missing.add(new Range(cursor, range.from()));
            }
            cursor = range.to();
        }
        if (cursor.isBefore(to)) {
            missing.add(new Range(cursor, to));
        }
        return List.copyOf(missing);
    }

    /** The parts of {@code [from, to)} that are held, in time order. */
    public List<Range> heldWithin(Instant from, Instant to) {
        List<Range> within = new ArrayList<>();
        for (Range range : held) {
            Instant start = range.from().isAfter(from) ? range.from() : from;
            Instant end = range.to().isBefore(to) ? range.to() : to;
            if (start.isBefore(end)) {
                within.add(new Range(start, end));
            }
        }
        return List.copyOf(within);
    }

    /** Sorted, with touching or overlapping ranges joined. */
    private static List<Range> merged(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(Range::from));
        List<Range> merged = new ArrayList<>();
        for (Range range : sorted) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !range.from().isAfter(last.to())) {
                merged.set(
                        merged.size() - 1,
                        new Range(last.from(), range.to().isAfter(last.to()) ? range.to() : last.to()));
            } else {
                merged.add(range);
            }
        }
        return List.copyOf(merged);
    }
}
