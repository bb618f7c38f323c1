package com.merchantinsights.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@link PrintStream} as characters on a command's picocli writer: the stack's APIs print through a
 * PrintStream ({@code Progress.console}), and what they print belongs with the command's own output, wherever
 * picocli sends it (the terminal, or a test's StringWriter). Bytes wait until a flush, which the autoflushing
 * stream of {@link #printStream} does at every line, so that a character is never decoded in halves.
 */
final class WriterOutputStream extends OutputStream {
    private final PrintWriter writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    /** A PrintStream that writes to {@code writer}, flushing it at every line. */
    static PrintStream printStream(PrintWriter writer) {
        return new PrintStream(new WriterOutputStream(writer), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
    }

    /** Decodes every whole character waiting, keeps the bytes of an unfinished one, and flushes the writer. */
    @Override
    public synchronized void flush() {
        ByteBuffer bytes = ByteBuffer.wrap(pending.toByteArray());
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        decoder.decode(bytes, chars, false);
        pending.reset();
        pending.write(bytes.array(), bytes.position(), bytes.remaining());
        writer.write(chars.array(), 0, chars.position());
        writer.flush();
    }

    /** Flushes; the writer stays open, for it is the command's. */
    @Override
    public void close() {
        flush();
    }
}
