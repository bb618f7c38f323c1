/** Personal data in the events: identifiers made pseudonymous before they are stored (issue 23). */
package com.merchantinsights.core.privacy;
