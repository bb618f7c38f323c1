package com.merchantinsights.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardLayoutTest {
    private static final Instant CHANGE = Instant.parse("2026-12-04T14:00:00Z");

    @Test
    void anInstallationThatNeverSetItHasTheDefaultShardsInEveryHour() {
        ShardLayout layout = ShardLayout.fromSettings(Map.of("identity_buckets", 16));

        assertThat(layout).isEqualTo(ShardLayout.DEFAULT);
        assertThat(layout.shardsOf(CHANGE)).isEqualTo(RawEventLayout.DEFAULT_SHARDS);
    }

    @Test
    void eachHourKeepsTheCountItWasWrittenWith() {
        ShardLayout layout =
                ShardLayout.fromSettings(Map.of("shards@1970-01-01T00:00:00Z", 16, "shards@" + CHANGE, 512));

        assertThat(layout.shardsOf(CHANGE.minusSeconds(3600))).isEqualTo(16);
        assertThat(layout.shardsOf(CHANGE)).isEqualTo(512);
        assertThat(layout.shardOf("evt-1", CHANGE)).isEqualTo(RawEventLayout.shardOf("evt-1", 512));
        assertThat(layout.shardsCovering(List.of(CHANGE.minusSeconds(3600), CHANGE)))
                .hasSize(512);
        assertThat(layout.shardsOfHour(CHANGE.minusSeconds(3600))).hasSize(16);
    }

    @Test
    void aChangeIsRecordedFromAnHourOnAndOnlyWhenTheCountDiffers() {
        assertThat(ShardLayout.DEFAULT.change(16, CHANGE.plusSeconds(1800))).isNull();
        assertThat(ShardLayout.DEFAULT.change(64, CHANGE.plusSeconds(1800)))
                .isEqualTo(new ShardLayout.Epoch(CHANGE, 64));
        assertThat(new ShardLayout.Epoch(CHANGE, 64).setting()).isEqualTo("shards@2026-12-04T14:00:00Z");
    }

    @Test
    void travelsToSparkExecutorsInsideAFunction() throws Exception {
        ShardLayout layout =
                new ShardLayout(List.of(new ShardLayout.Epoch(Instant.EPOCH, 16), new ShardLayout.Epoch(CHANGE, 64)));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(layout);
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(layout);
        }
    }

    @Test
    void refusesALayoutWithoutABeginningOrWithAnEpochOffTheHour() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShardLayout(List.of(new ShardLayout.Epoch(CHANGE, 16))));
        assertThatIllegalArgumentException().isThrownBy(() -> new ShardLayout.Epoch(CHANGE.plusSeconds(60), 16));
    }
}
