package com.merchantinsights.sparkjobs;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark fair-scheduler pools our jobs run in: the local driver hosts both, so the streaming query's tasks and the
 * ETL's never wait in one queue; a cluster job sets its own pool the same way so that its metrics read alike.
 */
final class SchedulerPools {
    /** The thread-local Spark property that puts the jobs started from a thread into a pool. */
    static final String PROPERTY = "spark.scheduler.pool";

    static final String STREAM = "stream";
    static final String ETL = "etl";

    private SchedulerPools() {}

    /** Puts the Spark jobs that the calling thread starts from now on into the streaming query's pool. */
    static void joinStream(SparkSession spark) {
        spark.sparkContext().setLocalProperty(PROPERTY, STREAM);
    }

    /** Puts the Spark jobs that the calling thread starts from now on into the ETL's pool. */
    static void joinEtl(SparkSession spark) {
        spark.sparkContext().setLocalProperty(PROPERTY, ETL);
    }
}
