/**
 * The stream processor: Kafka's events topic to the Cassandra raw store, one micro-batch at a time. Each batch
 * stores its raw rows first and then marks the (hour, merchant) pairs it touched as dirty, so the cube ETL never
 * reads a mark whose rows are not stored yet.
 */
package com.merchantinsights.stream;
