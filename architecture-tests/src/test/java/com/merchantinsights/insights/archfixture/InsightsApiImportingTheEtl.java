package com.merchantinsights.insights.archfixture;

import com.merchantinsights.etl.warehouse.WarehouseLock;
import java.sql.Connection;
import java.sql.SQLException;

/** Breaks the insights-API rule on purpose (ModuleRulesTest): the read side taking the ETL's warehouse lock. */
public final class InsightsApiImportingTheEtl {
    public void lock(Connection connection) throws SQLException {
        WarehouseLock.inTransaction(connection);
    }
}
