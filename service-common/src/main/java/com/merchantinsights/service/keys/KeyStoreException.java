package com.merchantinsights.service.keys;

/** The key table could not be read or changed as asked; the message says what, for an operator. */
public final class KeyStoreException extends RuntimeException {
    public KeyStoreException(String message, Throwable cause) {
        super(cause == null ? message : message + ": " + cause.getMessage(), cause);
    }
}
