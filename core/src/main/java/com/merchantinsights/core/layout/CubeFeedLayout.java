package com.merchantinsights.core.layout;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The cube feed (decision 0027): what the stream accepted, per micro-batch, for the ETL to aggregate once. Under the
 * feed root, one folder per stream (its Spark query id: a new checkpoint is a new stream), one folder per micro-batch
 * holding Parquet files of the cube columns of the events the batch stored, and a manifest written last: a batch is
 * complete when its manifest exists. A replayed batch rewrites its folder with the same events (the stream's verdicts
 * recognise its own rows), so the ETL, which applies each batch once by its number, never counts an event twice.
 * Beside the Parquet files, the batch's cells (UTC hour of occurrence → merchants) say which cube cells are pending
 * while the batch is not applied (decision 0033: they replaced the dirty marks). A batch in which a version received
 * earlier took the place of one an earlier batch stored (decision 0048) also names, in {@link #REBUILD}, the cells the
 * ETL rebuilds from raw rows when it applies the batch: the displaced version is in the cubes through its own batch.
 */
public final class CubeFeedLayout {
    /** Written last into a batch folder: the batch is complete. */
    public static final String MANIFEST = "_feed.properties";
    /** Written before the manifest: the batch's (UTC hour, merchant) cells, one hour per line. */
    public static final String CELLS = "_cells.txt";
    /** Written before the manifest when the batch displaced stored versions: their cells, as {@link #CELLS}. */
    public static final String REBUILD = "_rebuild.txt";

    private static final String BATCH_PREFIX = "batch-";

    private CubeFeedLayout() {}

    public static String streamDir(String root, String streamId) {
        return stripSlash(root) + "/" + streamId;
    }

    /** Zero-padded, so that a listing sorts batches in their order. */
    public static String batchDir(String root, String streamId, long batch) {
        return streamDir(root, streamId) + "/" + batchName(batch);
    }

    public static String batchName(long batch) {
        return BATCH_PREFIX + String.format("%019d", batch);
    }

    /** The batch number of a batch folder's name, or -1 when the name is no batch's. */
    public static long batchOf(String name) {
        if (!name.startsWith(BATCH_PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(BATCH_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param events     events stored by the batch (0: no Parquet files)
     * @param endOffsets per Kafka partition of the events topic, the offset after the batch's last record: every raw row
     *                   with a smaller offset was stored by this batch or an earlier one
     * @param hours      the UTC hours of occurrence of the batch's events; null for a manifest written before decision
     *                   0033, which did not record them
     * @param rebuilds   the (hour, merchant) cells in {@link #REBUILD}: 0 when the batch displaced nothing (no file)
     */
    public record Manifest(
            long batch, long events, Map<Integer, Long> endOffsets, SortedSet<Instant> hours, int rebuilds) {
        public Manifest(long batch, long events, Map<Integer, Long> endOffsets, SortedSet<Instant> hours) {
            this(batch, events, endOffsets, hours, 0);
        }

        public Manifest {
            endOffsets = Map.copyOf(Objects.requireNonNull(endOffsets, "endOffsets"));
            hours = hours == null ? null : Collections.unmodifiableSortedSet(new TreeSet<>(hours));
            if (batch < 0 || events < 0 || rebuilds < 0) {
                throw new IllegalArgumentException(
                        "batch, events and rebuilds must not be negative: " + batch + ", " + events + ", " + rebuilds);
            }
        }

        public String text() {
            Properties p = new Properties();
            p.setProperty("batch", Long.toString(batch));
            p.setProperty("events", Long.toString(events));
            new TreeMap<>(endOffsets)
                    .forEach((partition, offset) -> p.setProperty("end_offset." + partition, Long.toString(offset)));
            if (hours != null) {
                p.setProperty("hours", hours.stream().map(Instant::toString).collect(Collectors.joining(",")));
            }
            if (rebuilds > 0) {
                p.setProperty("rebuilds", Integer.toString(rebuilds));
            }
            StringWriter out = new StringWriter();
            try {
                p.store(out, "cube feed batch (decisions 0027, 0033, 0048)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        public static Manifest parse(String text) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<Integer, Long> offsets = new TreeMap<>();
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("end_offset.")) {
                    offsets.put(
                            Integer.parseInt(name.substring("end_offset.".length())),
                            Long.parseLong(p.getProperty(name)));
                }
            }
            String hours = p.getProperty("hours");
            return new Manifest(
                    Long.parseLong(required(p, "batch")),
                    Long.parseLong(required(p, "events")),
                    offsets,
                    hours == null
                            ? null
                            : Arrays.stream(hours.split(","))
                                    .filter(h -> !h.isBlank())
                                    .map(Instant::parse)
                                    .collect(Collectors.toCollection(TreeSet::new)),
                    Integer.parseInt(p.getProperty("rebuilds", "0")));
        }

        private static String required(Properties p, String name) {
            String value = p.getProperty(name);
            if (value == null) {
                throw new IllegalArgumentException("cube feed manifest without " + name);
            }
            return value;
        }
    }

    /**
     * The text of a batch's {@link #CELLS} file: per UTC hour, one line of the hour and its merchants, separated by
     * spaces (a merchant id holds no space).
     */
    public static String cellsText(Map<Instant, ? extends Collection<String>> merchantsByHour) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(merchantsByHour).forEach((hour, merchants) -> {
            text.append(hour);
            new TreeSet<>(merchants).forEach(m -> text.append(' ').append(m));
            text.append('\n');
        });
        return text.toString();
    }

    public static SortedMap<Instant, SortedSet<String>> parseCells(String text) {
        SortedMap<Instant, SortedSet<String>> cells = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            SortedSet<String> merchants = cells.computeIfAbsent(Instant.parse(fields[0]), h -> new TreeSet<>());
            merchants.addAll(Arrays.asList(fields).subList(1, fields.length));
        }
        return cells;
    }

    private static String stripSlash(String root) {
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }
}
