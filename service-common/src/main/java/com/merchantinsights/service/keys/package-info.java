/**
 * API keys in the warehouse as administrators manage them: create, list, revoke, the audit, the first admin key. The
 * gateway's admin routes, the CLI and the cluster's bootstrap Job (decision 0052) share them; the gateway's own lookup
 * of a presented key stays in the gateway.
 */
package com.merchantinsights.service.keys;
