package com.merchantinsights.service;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The first step of a graceful stop: the service still answers every request but says "not ready", so that the
 * gateway (locally) or the Kubernetes Service (at scale) stops sending it new ones before its port closes.
 */
public final class Drain {
    private final AtomicBoolean draining = new AtomicBoolean();

    public void begin() {
        draining.set(true);
    }

    public boolean draining() {
        return draining.get();
    }

    /** The service's own readiness, and not draining. */
    public BooleanSupplier readiness(BooleanSupplier serviceReady) {
        return () -> !draining.get() && serviceReady.getAsBoolean();
    }
}
