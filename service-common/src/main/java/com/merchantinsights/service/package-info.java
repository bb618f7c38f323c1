/**
 * What every HTTP service of ours shares: one JSON style, one error body, request ids, health and Prometheus
 * endpoints, and the check that a request came through the gateway.
 */
package com.merchantinsights.service;
