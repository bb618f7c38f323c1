package com.merchantinsights.stack.archfixture;

import com.merchantinsights.testing.TestingPostgres;

/** Breaks the fixtures rule on purpose (ModuleRulesTest): production code starting the tests' PostgreSQL. */
public final class StackStartingATestDatabase {
    public String url(TestingPostgres postgres) {
        return postgres.jdbcUrl();
    }
}
