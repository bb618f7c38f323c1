package com.merchantinsights.etl.archfixture;

import com.merchantinsights.cli.InsightsCli;

/** Breaks the libraries rule on purpose (ModuleRulesTest): the ETL library reaching up into the CLI. */
public final class EtlImportingTheCli {
    public String describe(InsightsCli cli) {
        return cli.toString();
    }
}
