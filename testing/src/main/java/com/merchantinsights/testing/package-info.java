/**
 * Fixtures the modules' tests share, so that each engine is set up one way: {@link
 * com.merchantinsights.testing.TestingSpark} (a local Spark session) and {@link
 * com.merchantinsights.testing.TestingPostgres} (a real PostgreSQL with the warehouse migrations). Used with test scope
 * only; each consumer brings the engines it uses (see this module's POM).
 */
package com.merchantinsights.testing;
