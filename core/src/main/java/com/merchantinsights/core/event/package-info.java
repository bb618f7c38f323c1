/**
 * The event contract (docs/event-contract.md): field names, the rules a JSON schema cannot express, identities and
 * types. The event itself has one named type per stage, each where that stage lives (decision 0036): the events
 * API's {@code ValidatedEvent} (the Kafka record's value), the stream's {@code ParsedRecord}, the raw row
 * ({@code RawEventsTable}'s columns) and the cube input ({@code RawEventReader.CUBE_INPUT}).
 */
package com.merchantinsights.core.event;
