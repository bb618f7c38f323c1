/**
 * The local launcher: one Spark driver JVM that hosts the streaming query and the scheduled cube ETL, with a
 * small control endpoint for the stack (readiness, on-demand ETL, status). At scale each job is its own Spark
 * application; this module exists so that a two-core machine pays for one Spark start, not two.
 */
package com.merchantinsights.sparklocal;
