package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.etl.ErasureRequests.State;
import com.merchantinsights.testing.TestingPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Erasure requests in the warehouse (issue 23): one open per person, carried out once the feed covers them. */
class ErasureRequestsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static TestingPostgres warehouse;

    @BeforeAll
    static void start() {
        warehouse = TestingPostgres.startWarehouse();
    }

    @AfterAll
    static void stop() {
        warehouse.close();
    }

    @Test
    void aSecondRequestForAnOpenPersonAnswersTheFirstAndOneAfterItEndedIsNew() throws Exception {
        try (Connection c = warehouse.dataSource().getConnection()) {
            List<String> persons = List.of("c:cust-1", "a:anon-1");
            ErasureRequests.Recorded first =
                    ErasureRequests.record(c, "er_1", "m-dedupe", persons, false, "admin", NOW, Map.of(0, 5L));
            ErasureRequests.Recorded again = ErasureRequests.record(
                    c, "er_2", "m-dedupe", List.of("a:anon-1", "c:cust-1"), true, "admin", NOW, Map.of());
            ErasureRequests.Recorded otherMerchant =
                    ErasureRequests.record(c, "er_3", "m-other", persons, false, "admin", NOW, Map.of());

            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.request().id()).isEqualTo("er_1");
            assertThat(otherMerchant.created()).isTrue();

            ErasureRequests.progress(c, "er_1", "raw_events", Map.of("rows_deleted", 3L));
            ErasureRequests.finish(c, "er_1", State.DONE, null, NOW.plusSeconds(60));
            ErasureRequests.Request done = ErasureRequests.find(c, "er_1").orElseThrow();
            assertThat(done.state()).isEqualTo(State.DONE);
            assertThat(done.persons())
                    .as("the warehouse keeps no identifier once it ended")
                    .isEmpty();
            assertThat(done.progress()).contains("\"rows_deleted\": 3");
            assertThat(ErasureRequests.record(c, "er_4", "m-dedupe", persons, false, "admin", NOW, Map.of())
                            .created())
                    .isTrue();
        }
    }

    @Test
    void aRequestIsCoveredOnceEveryPartitionsAppliedOffsetReachesItsOwn() throws Exception {
        try (Connection c = warehouse.dataSource().getConnection()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cube_feed_positions (stream_id, applied_batch,"
                    + " end_offsets, applied_at) VALUES (?, 1, ?, now())")) {
                p.setString(1, "old-stream");
                p.setString(2, "0=100,1=100");
                p.executeUpdate();
                p.setString(1, "new-stream");
                p.setString(2, "0=7,1=3");
                p.executeUpdate();
            }
            assertThat(ErasureRequests.covered(c, Map.of(0, 100L, 1, 90L))).isTrue();
            assertThat(ErasureRequests.covered(c, Map.of(0, 101L, 1, 90L))).isFalse();
            assertThat(ErasureRequests.covered(c, Map.of(0, 10L, 2, 1L)))
                    .as("a partition no feed covers yet")
                    .isFalse();
            assertThat(ErasureRequests.covered(c, Map.of(0, 0L, 2, 0L)))
                    .as("empty partitions")
                    .isTrue();
        }
    }
}
