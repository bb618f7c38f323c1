package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.stack.Progress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriterOutputStreamTest {
    @Test
    void theStacksConsoleProgressLandsOnTheWriterLineByLine() {
        StringWriter out = new StringWriter();

        Progress.console(WriterOutputStream.printStream(new PrintWriter(out))).step("kafka", "ready");

        assertThat(out.toString()).matches("\\[ *\\d+\\.\\ds] kafka {6}ready\\R");
    }

    @Test
    void aCharacterSplitAcrossTwoFlushesArrivesWhole() {
        StringWriter out = new StringWriter();
        PrintStream stream = WriterOutputStream.printStream(new PrintWriter(out));
        byte[] ellipsis = "Stopping…".getBytes(StandardCharsets.UTF_8);

        stream.write(ellipsis, 0, ellipsis.length - 1);
        stream.flush();
        assertThat(out.toString()).isEqualTo("Stopping");
        stream.write(ellipsis, ellipsis.length - 1, 1);
        stream.flush();

        assertThat(out.toString()).isEqualTo("Stopping…");
    }
}
