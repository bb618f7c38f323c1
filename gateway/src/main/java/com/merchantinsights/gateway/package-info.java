/**
 * The gateway: the only public door. It authenticates API keys, refuses what a key may not do, caps bodies,
 * hides backend addresses and errors, and forwards each request with an identity the backends can verify.
 */
package com.merchantinsights.gateway;
