/** The error catalogue: one enum of codes, one exception type that carries them. */
package com.merchantinsights.core.error;
