package com.merchantinsights.ops;

import java.util.Optional;

/**
 * Where the Spark acts run in a cluster (decision 0052): one one-off SparkApplication per operation, which runs the
 * act ({@code com.merchantinsights.sparkjobs.AdminActJob}) and writes its outcome to the operations table.
 */
interface SparkJobs {
    /** The application could not be created (the API refused, the template is wrong). */
    final class SubmitFailed extends Exception {
        SubmitFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Creates the SparkApplication that runs {@code act} (e.g. {@code POST /etl}) with the client's {@code query} for
     * operation {@code operationId}.
     *
     * @return the application's name
     */
    String submit(String operationId, String act, String query) throws SubmitFailed;

    /** Deletes the application if it exists (a creation that timed out may have happened); never throws. */
    void cancel(String applicationName);

    /**
     * Why the application ended, or can no longer run, without its act having written an outcome: the operator's
     * failed state with its message, or the application gone. Empty while it is pending, running, or completed.
     */
    Optional<String> failure(String applicationName);
}
