/** The insights API: merchants' time series, answered from the cube tables in PostgreSQL only. */
package com.merchantinsights.insights;
