/** How our clients log in to the engines they share. */
package com.merchantinsights.core.kafka;
