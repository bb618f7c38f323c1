/** Who is calling: scopes, the verified identity, and the gateway's signed token that carries it. */
package com.merchantinsights.core.identity;
