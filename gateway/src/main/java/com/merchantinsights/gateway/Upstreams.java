package com.merchantinsights.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one backend and which of them take requests. An instance is left out while its readiness
 * says no (it is starting, or draining before a stop) or after a connection to it was refused, until its
 * readiness says yes again. When every instance is out, all are tried: a wrong health view must not turn into
 * an outage of its own (docs/decisions/0023-gateway-upstreams.md).
 */
final class Upstreams {
    private final String backend;
    private final List<Instance> instances;
    private final AtomicInteger next = new AtomicInteger();

    /** One backend instance and whether it takes requests now. */
    static final class Instance {
        private final URI uri;
        private volatile boolean available = true;

        private Instance(URI uri) {
            this.uri = uri;
        }

        URI uri() {
            return uri;
        }

        boolean available() {
            return available;
        }
    }

    Upstreams(String backend, List<URI> uris) {
        this.backend = backend;
        this.instances = uris.stream().map(Instance::new).toList();
    }

    String backend() {
        return backend;
    }

    List<Instance> instances() {
        return instances;
    }

    /** Round robin over the available instances not yet tried for this request; empty when all were tried. */
    Optional<URI> choose(Set<URI> alreadyTried) {
        List<Instance> untried =
                instances.stream().filter(i -> !alreadyTried.contains(i.uri)).toList();
        if (untried.isEmpty()) {
            return Optional.empty();
        }
        List<Instance> available = untried.stream().filter(Instance::available).toList();
        List<Instance> candidates = available.isEmpty() ? untried : available;
        return Optional.of(candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size())).uri);
    }

    void markAvailable(URI uri, boolean available) {
        instances.stream().filter(i -> i.uri.equals(uri)).forEach(i -> i.available = available);
    }

    /** {@code gateway_upstream_available{backend,instance}}: 1 while the instance takes requests. */
    void bindTo(MeterRegistry registry) {
        for (Instance instance : instances) {
            Gauge.builder("gateway.upstream.available", instance, i -> i.available ? 1 : 0)
                    .tag("backend", backend)
                    .tag("instance", instance.uri.toString())
                    .register(registry);
        }
    }
}
