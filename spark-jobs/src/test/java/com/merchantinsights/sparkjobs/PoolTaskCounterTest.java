package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.testing.TestingSpark;
import java.time.Duration;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PoolTaskCounterTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = TestingSpark.local("pool-task-counter-test", 2)
                .config("spark.scheduler.mode", "FAIR")
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void countsTheFinishedTasksOfItsPoolOnly() throws Exception {
        PoolTaskCounter stream = new PoolTaskCounter("stream");
        spark.sparkContext().addSparkListener(stream);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> numbers = List.of(1, 2, 3, 4, 5, 6, 7, 8);

        context.setLocalProperty("spark.scheduler.pool", "etl");
        assertThat(context.parallelize(numbers, 4).count()).isEqualTo(8);
        context.setLocalProperty("spark.scheduler.pool", "stream");
        assertThat(context.parallelize(numbers, 3).count()).isEqualTo(8);
        context.setLocalProperty("spark.scheduler.pool", "etl");
        assertThat(context.parallelize(numbers, 4).count()).isEqualTo(8);

        // The listener bus is asynchronous: wait until it has caught up with the last job.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stream.tasksEnded()).isEqualTo(3));
        spark.sparkContext().listenerBus().waitUntilEmpty();
        assertThat(stream.tasksEnded()).isEqualTo(3);
    }
}
