package com.merchantinsights.stream.history;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a re-derivation run stands, as the progress bar and the run record show it.
 *
 * @param eventsRead   stored raw rows read (Cassandra, archive)
 * @param rowsWritten  rows of the new version written
 * @param rejected     rows the current logic rejects, by code: they are not in the new version
 * @param outputHours  the hours the new version has rows in (may reach outside the range if the logic moves events)
 */
public record RederiveStatus(
        String rawVersion,
        int logicVersion,
        RederiveRequest request,
        State state,
        Instant startedAt,
        int hoursTotal,
        int hoursDone,
        long eventsRead,
        long rowsWritten,
        Map<String, Long> rejected,
        SortedSet<Instant> outputHours,
        Instant finishedAt,
        String failure) {
    public enum State {
        RUNNING,
        COMPLETE,
        FAILED
    }

    public RederiveStatus {
        Objects.requireNonNull(rawVersion, "rawVersion");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        rejected = Map.copyOf(rejected);
        outputHours = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(outputHours));
    }

    static RederiveStatus started(String rawVersion, int logicVersion, RederiveRequest request, Instant startedAt) {
        return new RederiveStatus(
                rawVersion,
                logicVersion,
                request,
                State.RUNNING,
                startedAt,
                request.hours().size(),
                0,
                0,
                0,
                Map.of(),
                new TreeSet<>(),
                null,
                null);
    }

    RederiveStatus plus(int hours, long read, long written, Map<String, Long> rejectedNow, Set<Instant> hoursWritten) {
        Map<String, Long> allRejected = new TreeMap<>(rejected);
        rejectedNow.forEach((code, n) -> allRejected.merge(code, n, Long::sum));
        SortedSet<Instant> allHours = new TreeSet<>(outputHours);
        allHours.addAll(hoursWritten);
        return new RederiveStatus(
                rawVersion,
                logicVersion,
                request,
                state,
                startedAt,
                hoursTotal,
                hoursDone + hours,
                eventsRead + read,
                rowsWritten + written,
                allRejected,
                allHours,
                finishedAt,
                failure);
    }

    RederiveStatus finished(Instant at) {
        return new RederiveStatus(
                rawVersion,
                logicVersion,
                request,
                State.COMPLETE,
                startedAt,
                hoursTotal,
                hoursDone,
                eventsRead,
                rowsWritten,
                rejected,
                outputHours,
                at,
                null);
    }

    RederiveStatus failed(Instant at, String why) {
        return new RederiveStatus(
                rawVersion,
                logicVersion,
                request,
                State.FAILED,
                startedAt,
                hoursTotal,
                hoursDone,
                eventsRead,
                rowsWritten,
                rejected,
                outputHours,
                at,
                why);
    }
}
