package com.merchantinsights.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** How often each answer came back (a status, or {@code no_answer}), counted from many threads. */
final class AnswerCounts {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void count(String answer) {
        counts.computeIfAbsent(answer, a -> new AtomicLong()).incrementAndGet();
    }

    /** The counts so far, by answer in order. */
    Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((answer, n) -> snapshot.put(answer, n.get()));
        return snapshot;
    }

    long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
