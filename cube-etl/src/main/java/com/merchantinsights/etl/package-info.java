/**
 * The cube ETL: rebuilds the hours the stream processor marked dirty, from raw events in Cassandra into the
 * PostgreSQL cube tables, replacing whole buckets in one transaction so that re-runs never double count.
 */
package com.merchantinsights.etl;
