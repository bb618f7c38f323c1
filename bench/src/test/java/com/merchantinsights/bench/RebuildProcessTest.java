package com.merchantinsights.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RebuildProcessTest {
    @Test
    void startsTheRunnerByItsClassName() {
        assertThat(RebuildProcess.MAIN_CLASS).isEqualTo(RebuildRunner.class.getName());
    }
}
