package com.merchantinsights.core.layout;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * How many shards each UTC hour of the raw store has (decision 0026): a deployment setting, recorded per epoch in
 * {@link RawEventLayout#RAW_LAYOUT_TABLE} so that every reader finds an hour's partitions whatever the setting was when
 * it was written. An epoch starts on an hour boundary and holds until the next; installations from before the setting
 * start with {@link RawEventLayout#DEFAULT_SHARDS} from the beginning of time. Serializable: Spark ships it to its
 * executors inside the stream's shard function.
 */
public record ShardLayout(List<Epoch> epochs) implements Serializable {
    /** The setting name prefix of an epoch in the layout table: {@code shards@<ISO instant of its first hour>}. */
    public static final String SETTING_PREFIX = "shards@";
    /** Reads every setting of the (small) layout table. */
    public static final String SELECT_CQL =
            "SELECT setting, value FROM " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_LAYOUT_TABLE;
    /** The layout of an installation that never changed the setting. */
    public static final ShardLayout DEFAULT =
            new ShardLayout(List.of(new Epoch(Instant.EPOCH, RawEventLayout.DEFAULT_SHARDS)));

    /** Hours from {@code from} on have {@code shards} shards. */
    public record Epoch(Instant from, int shards) implements Serializable {
        public Epoch {
            Objects.requireNonNull(from, "from");
            if (!RawEventLayout.eventHour(from).equals(from)) {
                throw new IllegalArgumentException("an epoch starts on an hour: " + from);
            }
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be positive: " + shards);
            }
        }

        public String setting() {
            return SETTING_PREFIX + from;
        }
    }

    public ShardLayout {
        List<Epoch> sorted = new ArrayList<>(epochs);
        sorted.sort(Comparator.comparing(Epoch::from));
        if (sorted.isEmpty() || !sorted.get(0).from().equals(Instant.EPOCH)) {
            throw new IllegalArgumentException("the first epoch starts at " + Instant.EPOCH + ": " + epochs);
        }
        epochs = List.copyOf(sorted);
    }

    /** The layout the table's settings describe; the default when it records none. */
    public static ShardLayout fromSettings(Map<String, Integer> settings) {
        List<Epoch> epochs = new ArrayList<>();
        settings.forEach((name, value) -> {
            if (name.startsWith(SETTING_PREFIX) && value != null) {
                try {
                    epochs.add(new Epoch(Instant.parse(name.substring(SETTING_PREFIX.length())), value));
                } catch (DateTimeParseException e) {
                    throw new IllegalStateException("unreadable raw layout setting " + name, e);
                }
            }
        });
        return epochs.isEmpty() ? DEFAULT : new ShardLayout(epochs);
    }

    public int shardsOf(Instant eventHour) {
        int shards = epochs.get(0).shards();
        for (Epoch epoch : epochs) {
            if (epoch.from().isAfter(eventHour)) {
                break;
            }
            shards = epoch.shards();
        }
        return shards;
    }

    /** The shard of an event in its hour. */
    public int shardOf(String eventId, Instant eventHour) {
        return RawEventLayout.shardOf(eventId, shardsOf(eventHour));
    }

    /** Every shard any of these hours has: a read of hours × these shards covers them (absent partitions are free). */
    public int[] shardsCovering(Iterable<Instant> hours) {
        int max = 0;
        for (Instant hour : hours) {
            max = Math.max(max, shardsOf(hour));
        }
        return IntStream.range(0, max).toArray();
    }

    /** The shards of one hour. */
    public int[] shardsOfHour(Instant eventHour) {
        return IntStream.range(0, shardsOf(eventHour)).toArray();
    }

    /**
     * The epoch to record so that hours from {@code firstHour} on get {@code shards}, or null when they have that
     * count already.
     */
    public Epoch change(int shards, Instant firstHour) {
        Epoch last = epochs.get(epochs.size() - 1);
        return last.shards() == shards ? null : new Epoch(RawEventLayout.eventHour(firstHour), shards);
    }
}
