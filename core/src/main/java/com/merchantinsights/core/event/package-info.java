/** The event contract: identities, types and the accepted event. */
package com.merchantinsights.core.event;
