package com.merchantinsights.stream;

import com.merchantinsights.core.layout.RawEventLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Upserts through the spark-cassandra-connector: same primary key, same row, however often it is written. */
final class CassandraWrites {
    private CassandraWrites() {
    }

    /**
     * Nulls are left unset rather than written: an absent optional field would otherwise cost a tombstone per
     * row, and a re-written event carries the same values anyway. LOCAL_QUORUM (the connector's default, stated
     * here because the ETL's LOCAL_QUORUM reads rely on it) makes a stored row visible to the ETL's reads.
     */
    static void upsert(Dataset<Row> rows, String table) {
        rows.write()
                .format("org.apache.spark.sql.cassandra")
                .option("keyspace", RawEventLayout.KEYSPACE)
                .option("table", table)
                .option("spark.cassandra.output.ignoreNulls", "true")
                .option("spark.cassandra.output.consistency.level", "LOCAL_QUORUM")
                .mode(SaveMode.Append)
                .save();
    }
}
