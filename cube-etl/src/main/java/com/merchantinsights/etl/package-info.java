/**
 * The cube ETL: applies the stream's cube feed to the PostgreSQL cube tables as delta rows, each batch once, with its
 * position in the same transaction (decision 0027); rebuilds requested days and whole warehouses from raw events.
 */
package com.merchantinsights.etl;
