package com.merchantinsights.sparkjobs;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.etl.CardinalityCaps;
import com.merchantinsights.stream.StreamCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The stream processor's operational view as Micrometer meters, scraped as Prometheus text on the control
 * endpoint's {@code GET /metrics}: events per outcome, dead letters per kind, consumer lag, drain rate and batch
 * duration. Everything is read from the counters and the query's last progress when scraped.
 */
final class StreamMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<StreamingQueryProgress> progress;

    StreamMetrics(StreamCounters counters, Supplier<StreamingQueryProgress> progress, Supplier<Integer> restarts) {
        this.progress = progress;
        outcome(counters, DeadLetterFields.RESOLUTION_STORED, StreamCounters::stored);
        outcome(counters, DeadLetterFields.RESOLUTION_DUPLICATE, StreamCounters::duplicates);
        outcome(counters, DeadLetterFields.RESOLUTION_CONFLICT, StreamCounters::conflicts);
        outcome(counters, DeadLetterFields.KIND_REJECTED, StreamCounters::rejectedRecords);
        FunctionCounter.builder("insights.stream.dead.letters", counters, StreamCounters::conflicts)
                .tag("kind", DeadLetterFields.KIND_CONFLICT)
                .description("Events sent to the dead-letter topic and table")
                .register(registry);
        FunctionCounter.builder("insights.stream.dead.letters", counters, StreamCounters::rejectedRecords)
                .tag("kind", DeadLetterFields.KIND_REJECTED)
                .description("Events sent to the dead-letter topic and table")
                .register(registry);
        List<String> foldable = new ArrayList<>(List.of(CardinalityCaps.EVENT_TYPE));
        foldable.addAll(CubeDefinitionFile.standard().dimensions());
        for (String dimension : foldable) {
            FunctionCounter.builder(
                            "insights.cube.values.folded",
                            dimension,
                            d -> CardinalityCaps.foldedSoFar().getOrDefault(d, 0L))
                    .tag("dimension", dimension)
                    .description("Distinct values over their merchant's daily cap, folded into (other) in the cube")
                    .register(registry);
        }
        FunctionCounter.builder("insights.stream.batches", counters, StreamCounters::batches)
                .description("Micro-batches completed")
                .register(registry);
        Gauge.builder("insights.stream.consumer.lag", this, StreamMetrics::consumerLag)
                .baseUnit("records")
                .description("Records of the events topic not yet processed, as of the last micro-batch")
                .register(registry);
        Gauge.builder("insights.stream.events.per.second", this, StreamMetrics::eventsPerSecond)
                .description("Processing rate of the last micro-batch")
                .register(registry);
        Gauge.builder("insights.stream.batch.duration", counters, c -> c.lastBatchNanos() / 1e9)
                .baseUnit("seconds")
                .description("Duration of the last micro-batch")
                .register(registry);
        Gauge.builder("insights.stream.query.restarts", restarts, r -> r.get())
                .description("Times the streaming query was started again after a failure")
                .register(registry);
    }

    private void outcome(
            StreamCounters counters, String outcome, java.util.function.ToDoubleFunction<StreamCounters> count) {
        FunctionCounter.builder("insights.stream.events", counters, count)
                .tag("outcome", outcome)
                .description("Kafka records processed, by outcome")
                .register(registry);
    }

    double consumerLag() {
        StreamingQueryProgress p = progress.get();
        if (p == null || p.sources().length == 0) {
            return Double.NaN;
        }
        long lag = 0;
        for (SourceProgress source : p.sources()) {
            long sourceLag = ConsumerLag.of(source.endOffset(), source.latestOffset());
            if (sourceLag < 0) {
                return Double.NaN;
            }
            lag += sourceLag;
        }
        return lag;
    }

    double eventsPerSecond() {
        StreamingQueryProgress p = progress.get();
        return p == null || Double.isNaN(p.processedRowsPerSecond()) ? 0 : p.processedRowsPerSecond();
    }

    String scrape() {
        return registry.scrape();
    }
}
