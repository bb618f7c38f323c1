/** What every writer of the warehouse shares: the lock that serialises changes to the live cube tables. */
package com.merchantinsights.etl.warehouse;
