/** Time buckets: the 15-minute UTC base grain and the merchant-local calendar built from it. */
package com.merchantinsights.core.time;
