/**
 * Deterministic synthetic commerce traffic: skewed merchant sizes, daily and weekly seasonality, several zones and
 * currencies, visitors and customers, refunds, duplicates and late arrivals. Same seed, same events.
 */
package com.merchantinsights.sample;
