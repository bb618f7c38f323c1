/**
 * {@code bin/insights}: starts and stops the local system, and hosts the three HTTP services in its own JVM
 * locally (design decision 9); each service stays its own deployable at scale.
 */
package com.merchantinsights.cli;
