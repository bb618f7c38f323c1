/** Named business metrics defined on top of the cube's measures. */
package com.merchantinsights.core.metric;
