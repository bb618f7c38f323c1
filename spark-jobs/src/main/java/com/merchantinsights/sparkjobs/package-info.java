/**
 * The Spark entry points. {@link com.merchantinsights.sparkjobs.StreamProcessorJob} and
 * {@link com.merchantinsights.sparkjobs.CubeEtlJob} run on a cluster (the Helm chart's SparkApplication and
 * ScheduledSparkApplication, the Spark image ships this module); {@link com.merchantinsights.sparkjobs.LocalSparkDriver}
 * hosts the same streaming query and scheduled ETL in one local driver JVM, with a small control endpoint for the
 * stack (readiness, on-demand ETL, rebuilds, reprocessing, status; on loopback, behind a per-start token, decision
 * 0037), so that a two-core machine pays for one Spark start, not two. The libraries {@code stream-processor} and
 * {@code cube-etl} hold the jobs' logic (decision 0036).
 */
package com.merchantinsights.sparkjobs;
