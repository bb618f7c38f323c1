package com.merchantinsights.reconcile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares, per UTC hour of occurrence and merchant, the events topic with what the stream stored, and the raw rows
 * with the cube (decision 0019). Per hour of <em>occurrence</em> because that is the unit every store shares: the
 * raw partition, the feed's cells and the cube's base buckets are all cut by occurred_at, whenever the event arrived.
 */
public final class Reconciliation {
    private final ReconciliationWindow window;
    private final Set<String> merchants;

    /** @param merchants only these merchants; empty for every merchant found on either side */
    public Reconciliation(ReconciliationWindow window, Set<String> merchants) {
        this.window = Objects.requireNonNull(window, "window");
        this.merchants = Set.copyOf(merchants);
    }

    /** The UTC hours whose start lies in [from, to), from rounded down to its hour. */
    public static List<Instant> hours(Instant from, Instant to) {
        List<Instant> hours = new ArrayList<>();
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS);
                hour.isBefore(to);
                hour = hour.plus(1, ChronoUnit.HOURS)) {
            hours.add(hour);
        }
        return hours;
    }

    public ReconciliationReport compare(Instant from, Instant to, TopicSide topic, StoredSide stored) {
        List<Mismatch> mismatches = new ArrayList<>();
        List<PendingCell> pending = new ArrayList<>();
        SkippedHoursBuilder skipped = new SkippedHoursBuilder();
        long matched = 0;
        for (Instant hour : hours(from, to)) {
            Set<String> present = merchantsOf(hour, topic, stored);
            for (ReconciliationCheck check : ReconciliationCheck.values()) {
                HourStatus status = window.status(hour, check);
                skipped.add(check, hour, status);
                if (status.kind() != HourStatus.Kind.CHECKED) {
                    continue;
                }
                for (String merchant : present) {
                    HourMerchant cell = new HourMerchant(hour, merchant);
                    String pendingReason = pendingReason(cell, check, topic, stored);
                    if (pendingReason != null) {
                        pending.add(new PendingCell(cell, check, pendingReason));
                    } else if (compare(cell, check, topic, stored, mismatches)) {
                        matched++;
                    }
                }
            }
        }
        List<IdentityFinding> findings = topic.findings().stream()
                .filter(f -> Stream.concat(f.storedHours().stream(), Stream.ofNullable(f.firstReceivedHour()))
                        .anyMatch(h -> !h.isBefore(from) && h.isBefore(to)))
                .filter(f -> merchants.isEmpty() || merchants.contains(f.merchantId()))
                .toList();
        return new ReconciliationReport(
                from,
                to,
                mismatches,
                pending,
                skipped.build(),
                matched,
                topic.recordsWithoutHour(),
                stored.deadLettersWithoutHour(),
                findings);
    }

    private Set<String> merchantsOf(Instant hour, TopicSide topic, StoredSide stored) {
        Set<String> present = new TreeSet<>();
        present.addAll(topic.identities().merchants(hour));
        present.addAll(stored.rawRows().merchants(hour));
        present.addAll(stored.deadLetters().merchants(hour));
        present.addAll(stored.cubeTotals().merchants(hour));
        if (!merchants.isEmpty()) {
            present.retainAll(merchants);
        }
        return present;
    }

    private static String pendingReason(
            HourMerchant cell, ReconciliationCheck check, TopicSide topic, StoredSide stored) {
        if (topic.recentlyReceived().contains(cell)) {
            return "records arrived within --settle; the stream and the ETL may not have caught up";
        }
        if (check == ReconciliationCheck.RAW_TO_CUBE && stored.pendingCells().contains(cell)) {
            return "a cube refresh is pending (feed batch not applied yet, or rebuild request)";
        }
        return null;
    }

    /** Adds the mismatch, if any; true when the two sides agree. */
    private static boolean compare(
            HourMerchant cell,
            ReconciliationCheck check,
            TopicSide topic,
            StoredSide stored,
            List<Mismatch> mismatches) {
        long raw = stored.rawRows().get(cell);
        long expected;
        long actual;
        String detail;
        if (check == ReconciliationCheck.TOPIC_TO_STORED) {
            long letters = stored.deadLetters().get(cell);
            expected = topic.identities().get(cell);
            actual = raw + letters;
            detail = raw + " raw + " + letters + " dead letter(s)";
        } else {
            expected = raw;
            actual = stored.cubeTotals().get(cell);
            detail = "cube_quarter_hour totals";
        }
        if (expected == actual) {
            return true;
        }
        mismatches.add(new Mismatch(cell, check, expected, actual, detail));
        return false;
    }

    /** Joins consecutive hours a check skipped for the same reason into one run. */
    private static final class SkippedHoursBuilder {
        private final List<SkippedHours> runs = new ArrayList<>();

        void add(ReconciliationCheck check, Instant hour, HourStatus status) {
            if (status.kind() == HourStatus.Kind.CHECKED) {
                return;
            }
            Instant end = hour.plus(1, ChronoUnit.HOURS);
            for (int i = runs.size() - 1; i >= 0; i--) {
                SkippedHours run = runs.get(i);
                if (run.check() == check) {
                    if (run.to().equals(hour) && run.status().equals(status)) {
                        runs.set(i, new SkippedHours(check, run.from(), end, status));
                        return;
                    }
                    break;
                }
            }
            runs.add(new SkippedHours(check, hour, end, status));
        }

        List<SkippedHours> build() {
            return runs;
        }
    }
}
