package com.merchantinsights.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A local engine could not be started, reached or stopped. The message says which one, why, and carries the end
 * of its log, because the first thing anyone does next is open that log.
 */
public final class StackException extends RuntimeException {
    private final String component;

    public StackException(String component, String message) {
        this(component, message, null);
    }

    public StackException(String component, String message, Throwable cause) {
        super(message, cause);
        this.component = Objects.requireNonNull(component, "component");
    }

    /** {@code problem}, the cause's message, then the last lines of {@code logFile}. */
    static StackException withLog(
            String component, String problem, Throwable cause, Path logFile, List<String> logTail) {
        StringBuilder message = new StringBuilder(problem);
        if (cause != null) {
            message.append(" (last error: ").append(cause).append(')');
        }
        if (logFile != null) {
            message.append(System.lineSeparator())
                    .append("--- last ")
                    .append(logTail.size())
                    .append(" lines of ")
                    .append(logFile)
                    .append(" ---");
            for (String line : logTail) {
                message.append(System.lineSeparator()).append(line);
            }
        }
        return new StackException(component, message.toString(), cause);
    }

    /** The engine or process at fault: {@code kafka}, {@code cassandra}, {@code postgres}, {@code spark-driver}... */
    public String component() {
        return component;
    }
}
