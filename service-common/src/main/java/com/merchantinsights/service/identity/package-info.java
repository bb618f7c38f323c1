/**
 * The gateway's signed statement of who is calling, bound to the one request it was made for (decision 0038): the
 * gateway signs with its Ed25519 key, each backend verifies with the gateway's public keys (at most two, so that the
 * signing key can be rotated without a 401 during a rolling update).
 */
package com.merchantinsights.service.identity;
