package com.merchantinsights.stream;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.datastax.spark.connector.cql.CassandraConnector;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class PartitionTaskTest {
    @Test
    void travelsToTheExecutorsWhateverTheConfigHolds() {
        CassandraConnector connector =
                CassandraConnector.apply(new SparkConf().set("spark.cassandra.connection.host", "127.0.0.1"));
        PartitionTask task = new PartitionTask(
                connector,
                new StreamProcessorConfig("127.0.0.1:9092", Path.of("/tmp/cp")),
                com.merchantinsights.core.layout.ShardLayout.DEFAULT);

        assertThatCode(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(task))
                .doesNotThrowAnyException();
    }
}
