/**
 * API keys in the warehouse: the gateway's in-memory copy kept current by polling ({@link
 * com.merchantinsights.gateway.keys.PostgresApiKeys}) and the administration the CLI uses ({@link
 * com.merchantinsights.service.keys.KeyAdmin}). Only SHA-256 digests are stored; a secret is shown once.
 */
package com.merchantinsights.gateway.keys;
