package com.merchantinsights.stack;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The callers' side of the Spark driver's control token (decision 0037): the driver writes a new random token to
 * {@link StackDirectories#controlToken()} (owner-only) at each start, and its control port answers no request but
 * {@code GET /ready} without {@code Authorization: Bearer <token>}. Read at each request, so a caller follows a
 * restarted driver's new token.
 */
public final class DriverControlToken {
    public static final String HEADER = "Authorization";

    private DriverControlToken() {}

    /** {@code request} carrying the token of {@code file}. */
    public static HttpRequest.Builder authorize(HttpRequest.Builder request, Path file) {
        return request.header(HEADER, "Bearer " + read(file));
    }

    /** The token the running driver wrote to {@code file}; a StackException naming the file when there is none. */
    public static String read(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new StackException(
                    SparkDriverProcess.NAME,
                    "no control token at " + file + ": is the Spark driver running? (it writes one at each start)");
        } catch (IOException e) {
            throw new StackException(
                    SparkDriverProcess.NAME, "cannot read the control token " + file + ": " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new StackException(SparkDriverProcess.NAME, "the control token file " + file + " is empty");
        }
        return token;
    }
}
