/**
 * The framework-free domain of Merchant Insights: what an event is, which rules it must obey, how time is
 * cut into buckets, and which error codes the whole API speaks. No HTTP, no Spark, no driver lives here.
 */
package com.merchantinsights.core;
