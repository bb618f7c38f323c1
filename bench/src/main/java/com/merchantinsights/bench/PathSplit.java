package com.merchantinsights.bench;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The window's CPU split between the stream and the ETL, from the samples: where no ETL run was busy (from its start to
 * the end of its compaction), the data path did the stream's work alone, which gives the stream's CPU per record; the
 * window's records at that cost are the stream's share, and the rest is the ETL's, per event it applied. Their sum per
 * event is what the path costs when the ETL keeps up with the stream, which the window's plain quotient only shows
 * then (when the ETL falls behind, the window holds the stream's work on events the ETL has not applied yet). The
 * stream's cost is read where it had the machine to itself, often catching up in large micro-batches: a lower bound.
 *
 * @param streamOnlySeconds   wall time of the window in which no ETL run was busy (and the stream's status answered)
 * @param streamUsPerRecord   the path's CPU per Kafka record the stream processed then
 * @param streamUsPerStored   the same per event it stored (re-sends are records but not stored)
 * @param etlUsPerEvent       the rest of the window's CPU per event applied to the cube
 */
record PathSplit(double streamOnlySeconds, double streamUsPerRecord, double streamUsPerStored, double etlUsPerEvent) {
    /** A run's busy span: from its start to the end of its compaction. */
    record Busy(Instant from, Instant to) {
        boolean overlaps(Instant a, Instant b) {
            return from.isBefore(b) && to.isAfter(a);
        }
    }

    static PathSplit of(List<PathSampler.Sample> window, List<Busy> busy, long applied) {
        double cpu = 0;
        double seconds = 0;
        long records = 0;
        long stored = 0;
        for (int i = 0; i + 1 < window.size(); i++) {
            PathSampler.Sample a = window.get(i);
            PathSampler.Sample b = window.get(i + 1);
            if (!a.streamKnown() || !b.streamKnown() || busy.stream().anyMatch(r -> r.overlaps(a.at(), b.at()))) {
                continue;
            }
            cpu += b.cpu().dataPathSeconds(a.cpu());
            seconds += b.cpu().secondsSince(a.cpu());
            records += b.streamRecords() - a.streamRecords();
            stored += b.streamStored() - a.streamStored();
        }
        PathSampler.Sample first = window.get(0);
        PathSampler.Sample last = window.get(window.size() - 1);
        double streamUsPerRecord = records > 0 ? cpu * 1e6 / records : Double.NaN;
        double etlUs = Double.NaN;
        if (first.streamKnown() && last.streamKnown() && applied > 0) {
            double windowCpu = last.cpu().dataPathSeconds(first.cpu());
            long windowRecords = last.streamRecords() - first.streamRecords();
            etlUs = (windowCpu - streamUsPerRecord * windowRecords / 1e6) * 1e6 / applied;
        }
        return new PathSplit(seconds, streamUsPerRecord, stored > 0 ? cpu * 1e6 / stored : Double.NaN, etlUs);
    }

    /** The path's CPU per event when the ETL keeps up: the stream's per stored event and the ETL's per applied event. */
    double modelUsPerEvent() {
        return streamUsPerStored + etlUsPerEvent;
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "split (stream alone in %.0f s of the window): stream %.1f us per record (%.1f per"
                        + " stored event), ETL %.1f us per applied event; together %.1f us per event when the ETL keeps up",
                streamOnlySeconds,
                streamUsPerRecord,
                streamUsPerStored,
                etlUsPerEvent,
                modelUsPerEvent());
    }
}
