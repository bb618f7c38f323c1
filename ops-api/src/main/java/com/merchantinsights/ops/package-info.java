/**
 * The operations service: admin-scope routes under {@code /v1/admin/…} behind the gateway for what operators do to
 * the running system — ETL now, archive back-fills, re-derivation, reprocess build, diff, switch, discard and
 * rollback, the run log, the audit (decision 0039). It drives the Spark driver's control port with that port's token
 * and records every act, with the admin key that asked, in {@code admin_audit}.
 */
package com.merchantinsights.ops;
