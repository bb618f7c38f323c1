package com.merchantinsights.sparkjobs;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts the tasks that finished in one scheduler pool: the stall detector's sign of life inside a long
 * micro-batch. A catch-up batch after an outage can take minutes on a busy machine while its tasks keep
 * finishing; a hung batch finishes none. Tasks of the other pool (the ETL shares the driver) do not count.
 */
final class PoolTaskCounter extends SparkListener {

    private final String pool;
    private final Map<Integer, List<Integer>> stagesOfJob = new ConcurrentHashMap<>();
    private final Set<Integer> stagesInPool = ConcurrentHashMap.newKeySet();
    private final AtomicLong tasksEnded = new AtomicLong();

    PoolTaskCounter(String pool) {
        this.pool = pool;
    }

    long tasksEnded() {
        return tasksEnded.get();
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        Properties properties = jobStart.properties();
        if (properties == null || !pool.equals(properties.getProperty(SchedulerPools.PROPERTY))) {
            return;
        }
        List<Integer> stages = CollectionConverters.asJava(jobStart.stageIds()).stream()
                .map(id -> (Integer) id)
                .toList();
        stagesOfJob.put(jobStart.jobId(), stages);
        stagesInPool.addAll(stages);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (stagesInPool.contains(taskEnd.stageId())) {
            tasksEnded.incrementAndGet();
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd jobEnd) {
        List<Integer> stages = stagesOfJob.remove(jobEnd.jobId());
        if (stages != null) {
            stages.forEach(stagesInPool::remove);
        }
    }
}
