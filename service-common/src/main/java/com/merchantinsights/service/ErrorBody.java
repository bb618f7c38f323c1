package com.merchantinsights.service;

import com.merchantinsights.core.error.ErrorCode;

/** The documented error body of every non-2xx answer: {@code {code, message, field?, request_id}}. */
public record ErrorBody(String code, String message, String field, String requestId) {
    public static ErrorBody of(ErrorCode code, String message, String field, String requestId) {
        return new ErrorBody(code.code(), message == null ? code.defaultMessage() : message, field, requestId);
    }
}
