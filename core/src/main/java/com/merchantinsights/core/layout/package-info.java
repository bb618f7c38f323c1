/** Names and layouts shared across the pipeline: Kafka topics, the raw store's partitioning. */
package com.merchantinsights.core.layout;
