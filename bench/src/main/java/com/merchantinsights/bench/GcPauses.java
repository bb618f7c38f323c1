package com.merchantinsights.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collector's pauses in this JVM (the services' and the load generator's) while a phase runs: a pause stops every
 * request in flight at once, so it shows in a latency tail as a cluster of slow answers.
 */
final class GcPauses implements AutoCloseable {
    private final List<Long> pausesMs = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            // G1's concurrent cycle reports its own wall time: not a pause
            if (!info.getGcName().contains("Concurrent")) {
                synchronized (pausesMs) {
                    pausesMs.add(info.getGcInfo().getDuration());
                }
            }
        }
    };

    private GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
    }

    static GcPauses record() {
        return new GcPauses();
    }

    @Override
    public String toString() {
        synchronized (pausesMs) {
            return String.format(
                    "GC pauses in this JVM: %d, %d ms in all, longest %d ms",
                    pausesMs.size(),
                    pausesMs.stream().mapToLong(Long::longValue).sum(),
                    pausesMs.stream().mapToLong(Long::longValue).max().orElse(0));
        }
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // never added: nothing to remove
            }
        }
    }
}
