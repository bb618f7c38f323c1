/**
 * The stream processor: Kafka's events topic to the Cassandra raw store, one micro-batch at a time. Each batch
 * stores its raw rows first and then writes its cube feed (the stored events, their (hour, merchant) cells and a
 * manifest, last), so the cube ETL never reads a batch whose rows are not stored yet.
 */
package com.merchantinsights.stream;
