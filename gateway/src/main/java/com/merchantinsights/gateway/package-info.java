/**
 * The gateway: the only public door. It authenticates API keys, rate-limits each key, refuses what a key may not do,
 * caps bodies, hides backend addresses and errors, and forwards each request with an identity the backends can
 * verify. It serves key administration ({@code /v1/admin/keys}) itself.
 */
package com.merchantinsights.gateway;
