package com.merchantinsights.core.layout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an hour of raw events lives in the Parquet archive (decision 0011): {@code raw_events/day=YYYY-MM-DD/hour=HH/}
 * under the archive root (any Hadoop-compatible URL), Hive-style so that other engines prune by day and hour. An
 * hour folder holds one file per <em>generation</em>; every (re-)archive of the hour writes a new, complete
 * generation and the newest one <em>is</em> the hour: a reader never combines generations, so a re-archived hour is
 * never counted twice. No colon in any name: Hadoop paths refuse them.
 */
public final class RawArchiveLayout {
    public static final String DATASET = "raw_events";
    /** Where a generation is written before it is renamed into its hour folder. */
    public static final String STAGING = "_staging";

    private static final String FILE_PREFIX = "generation-";
    private static final String FILE_SUFFIX = ".parquet";
    private static final Pattern GENERATION_FILE = Pattern.compile("generation-(\\d{19})\\.parquet");

    private RawArchiveLayout() {}

    /** The hour's folder relative to the archive root, e.g. {@code raw_events/day=2026-11-24/hour=13}. */
    public static String hourFolder(Instant eventHour) {
        requireHour(eventHour);
        ZonedDateTime utc = eventHour.atZone(ZoneOffset.UTC);
        return String.format("%s/day=%s/hour=%02d", DATASET, utc.toLocalDate(), utc.getHour());
    }

    /**
     * The file name of the generation archived at {@code archivedAt} (epoch milliseconds, zero-padded so that names
     * sort like times).
     */
    public static String generationFile(long generation) {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative: " + generation);
        }
        return String.format("%s%019d%s", FILE_PREFIX, generation, FILE_SUFFIX);
    }

    /** The generation of a file name, or empty for anything else (Hadoop's .crc side files, a stray file). */
    public static Optional<Long> generationOf(String fileName) {
        Matcher m = GENERATION_FILE.matcher(Objects.requireNonNull(fileName, "fileName"));
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The file that holds the hour among the names in its folder: the newest generation. */
    public static Optional<String> current(Collection<String> fileNames) {
        return fileNames.stream()
                .filter(name -> generationOf(name).isPresent())
                .max(Comparator.comparing(name -> generationOf(name).orElseThrow()));
    }

    private static void requireHour(Instant eventHour) {
        Objects.requireNonNull(eventHour, "eventHour");
        if (!eventHour.truncatedTo(ChronoUnit.HOURS).equals(eventHour)) {
            throw new IllegalArgumentException("not the start of a UTC hour: " + eventHour);
        }
    }
}
