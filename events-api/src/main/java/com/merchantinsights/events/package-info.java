/**
 * The events API: validates what the platform sends and writes it to Kafka. It answers 202 only after Kafka
 * acknowledged every accepted event (acks=all, idempotent producer), so an accepted event is never lost.
 */
package com.merchantinsights.events;
