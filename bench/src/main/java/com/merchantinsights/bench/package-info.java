/**
 * Runnable benchmarks. Each measures a baseline in the same run on the same machine, prints the ratio, and ends
 * with one {@code RESULT key=value ...} line that a script can read. Results go to docs/benchmarks.md.
 */
package com.merchantinsights.bench;
