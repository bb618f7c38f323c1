package com.merchantinsights.events;

import java.util.List;

/** The answer to an ingest request: {@code {accepted, rejected, errors, request_id}} (docs/event-contract.md). */
public record IngestResult(
        int accepted, int rejected, List<EventError> errors, String requestId, String code, String message) {
    public IngestResult {
        errors = List.copyOf(errors);
    }

    /** Why one event of the request was not accepted. */
    public record EventError(int index, String eventId, String field, String code, String message) {}
}
