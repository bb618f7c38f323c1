/**
 * Runs the local system on one machine: Kafka, Cassandra and PostgreSQL as child processes started from
 * Maven-resolved artifacts, the Spark driver as its own JVM, their schemas, readiness checks and a clean stop.
 *
 * <p>The integration tests and the CLI share this code, so that "it works locally" and "the tests pass" mean
 * the same engines, configured the same way (decision 0002). Everything a stack writes lives under one
 * working directory ({@link com.merchantinsights.stack.StackDirectories}); every child process is recorded in a
 * PID file there, so that another process (the CLI's {@code down} and {@code status}) can find it without
 * matching process names.
 */
package com.merchantinsights.stack;
