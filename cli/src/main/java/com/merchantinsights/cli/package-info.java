/**
 * {@code bin/insights}: starts and stops the local system, and hosts the three HTTP services in its own JVM
 * locally (decision 0002); each service stays its own deployable at scale.
 */
package com.merchantinsights.cli;
