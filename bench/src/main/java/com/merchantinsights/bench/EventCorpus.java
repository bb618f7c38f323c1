package com.merchantinsights.bench;

import com.merchantinsights.cli.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events both sides of the ingest benchmark send, as real traffic looks: a pool of varied sample events
 * (merchants, types, times, customers, amounts, channels) whose {@code event_id} is rewritten on every send, so that
 * no event id ever repeats and neither side profits from compressing identical records. Bodies and Kafka values are
 * pre-serialised templates with fixed-width id slots patched in place: building a request costs one array copy, so
 * the load generator takes as little as possible of the two cores it shares with what it measures.
 */
final class EventCorpus {
    /**
     * {@code ev-} and 16 hex digits of a bijective mix of a counter: unique, fixed width (patched in place), and as
     * incompressible as the random ids (UUIDs) real clients send.
     */
    private static final String ID_PREFIX = "ev-";

    private static final int ID_DIGITS = 16;
    private static final byte[] ID_PLACEHOLDER =
            (ID_PREFIX + "0".repeat(ID_DIGITS)).getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final List<byte[]> events;
    private final AtomicLong nextId = new AtomicLong();

    private EventCorpus(List<byte[]> events) {
        this.events = events;
    }

    /** {@code size} distinct sample events, each with an id slot. */
    static EventCorpus generate(int size, Instant now) {
        List<byte[]> events = new ArrayList<>(size);
        for (SampleEvents.SampleEvent e : SampleEvents.generate(7, now, size)) {
            String json = e.json()
                    .replaceFirst(
                            "\"event_id\":\"[^\"]*\"",
                            "\"event_id\":\"" + new String(ID_PLACEHOLDER, StandardCharsets.US_ASCII) + "\"");
            events.add(json.getBytes(StandardCharsets.UTF_8));
        }
        return new EventCorpus(List.copyOf(events));
    }

    int size() {
        return events.size();
    }

    double averageEventBytes() {
        return events.stream().mapToInt(e -> e.length).average().orElse(0);
    }

    /** A pre-serialised byte template with the positions of its id slots. */
    record Template(byte[] bytes, int[] idOffsets) {}

    /**
     * Request bodies of {@code perRequest} events covering the whole pool: one event alone, or {@code {"events":[...]}}
     * exactly as a client serialises it.
     */
    List<Template> requestBodies(int perRequest) {
        List<Template> bodies = new ArrayList<>();
        for (int from = 0; from + perRequest <= events.size(); from += perRequest) {
            List<byte[]> slice = events.subList(from, from + perRequest);
            bodies.add(perRequest == 1 ? template(slice.get(0)) : template(batch(slice)));
        }
        return bodies;
    }

    /**
     * Kafka values byte for byte as the events API writes them: the event as sent, plus its received_at as the
     * last field.
     */
    List<Template> kafkaValues(Instant receivedAt) {
        byte[] suffix = (",\"received_at\":\"" + receivedAt + "\"}").getBytes(StandardCharsets.UTF_8);
        List<Template> values = new ArrayList<>(events.size());
        for (byte[] event : events) {
            byte[] value = Arrays.copyOf(event, event.length - 1 + suffix.length);
            System.arraycopy(suffix, 0, value, event.length - 1, suffix.length);
            values.add(template(value));
        }
        return values;
    }

    /** A fresh copy of the template with new, never used event ids. */
    byte[] fresh(Template template) {
        byte[] bytes = template.bytes().clone();
        long first = nextId.getAndAdd(template.idOffsets().length);
        for (int i = 0; i < template.idOffsets().length; i++) {
            writeId(bytes, template.idOffsets()[i], first + i);
        }
        return bytes;
    }

    /** The event id written at {@code offset} (the record key the events API uses). */
    static String idAt(byte[] bytes, int offset) {
        return new String(bytes, offset, ID_PLACEHOLDER.length, StandardCharsets.US_ASCII);
    }

    private static void writeId(byte[] bytes, int offset, long counter) {
        long id = mix(counter);
        int at = offset + ID_PLACEHOLDER.length - 1;
        for (int d = 0; d < ID_DIGITS; d++) {
            bytes[at--] = HEX[(int) (id & 0xF)];
            id >>>= 4;
        }
    }

    /** SplitMix64's finaliser: a bijection on longs, so distinct counters give distinct ids. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static byte[] batch(List<byte[]> events) {
        int length = "{\"events\":[]}".length()
                + events.size()
                - 1
                + events.stream().mapToInt(e -> e.length).sum();
        byte[] body = new byte[length];
        int at = copy("{\"events\":[".getBytes(StandardCharsets.US_ASCII), body, 0);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = copy(events.get(i), body, at);
        }
        copy("]}".getBytes(StandardCharsets.US_ASCII), body, at);
        return body;
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    private static Template template(byte[] bytes) {
        List<Integer> offsets = new ArrayList<>();
        for (int i = indexOf(bytes, 0); i >= 0; i = indexOf(bytes, i + ID_PLACEHOLDER.length)) {
            offsets.add(i);
        }
        return new Template(bytes, offsets.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int indexOf(byte[] bytes, int from) {
        outer:
        for (int i = from; i <= bytes.length - ID_PLACEHOLDER.length; i++) {
            for (int j = 0; j < ID_PLACEHOLDER.length; j++) {
                if (bytes[i + j] != ID_PLACEHOLDER[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
