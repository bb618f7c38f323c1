package com.merchantinsights.gateway;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bodies read before their key is known: Segment's libraries may put the write key inside the body, so the gateway
 * has to read up to the body cap first. At most {@code perAddress} such reads run at once per client address and
 * {@code overall} in all, so that unauthenticated clients can hold at most {@code overall} × the body cap of memory.
 * An address is tracked only while it has a read running: the map is as small as the reads in flight.
 */
final class UnauthenticatedReads {
    private final int perAddress;
    private final int overall;
    private final AtomicInteger running = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    UnauthenticatedReads(int perAddress, int overall) {
        this.perAddress = perAddress;
        this.overall = overall;
    }

    /** A read the caller must {@link Permit#close close} when the body is read (or failed); empty when over a limit. */
    Optional<Permit> tryStart(String address) {
        if (running.incrementAndGet() > overall) {
            running.decrementAndGet();
            return Optional.empty();
        }
        boolean[] admitted = {false};
        byAddress.compute(address, (key, count) -> {
            AtomicInteger reads = count == null ? new AtomicInteger() : count;
            if (reads.get() < perAddress) {
                reads.incrementAndGet();
                admitted[0] = true;
            }
            return reads.get() == 0 ? null : reads;
        });
        if (!admitted[0]) {
            running.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Permit(address));
    }

    /** Reads running now (all addresses). */
    int running() {
        return running.get();
    }

    /** Addresses with a read running now. */
    int addresses() {
        return byAddress.size();
    }

    /** One read; closing it twice counts once. */
    final class Permit implements AutoCloseable {
        private final String address;
        private boolean closed;

        private Permit(String address) {
            this.address = address;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            byAddress.computeIfPresent(address, (key, reads) -> reads.decrementAndGet() == 0 ? null : reads);
            running.decrementAndGet();
        }
    }
}
