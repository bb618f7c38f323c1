package com.merchantinsights.core.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks the core rule on purpose (ModuleRulesTest): a core class that talks JDBC. Never shipped. */
public final class CoreReadingJdbc {
    public boolean open(Connection connection) throws SQLException {
        return !connection.isClosed();
    }
}
