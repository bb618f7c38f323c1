package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CqlScriptTest {

    @Test
    void splitsTheCoreSchemaIntoItsStatements() {
        List<String> statements = CqlScript.fromClasspath(CqlScript.CASSANDRA_SCHEMA);

        assertThat(statements).hasSize(25);
        assertThat(statements.subList(22, 25))
                .extracting(s -> s.substring(0, s.indexOf('(')).strip())
                .containsExactly(
                        "CREATE TABLE IF NOT EXISTS insights.person_events",
                        "CREATE TABLE IF NOT EXISTS insights.erased_events",
                        "CREATE TABLE IF NOT EXISTS insights.erasure_registry");
        assertThat(statements.get(0)).startsWith("CREATE KEYSPACE IF NOT EXISTS insights");
        assertThat(statements.get(1)).startsWith("CREATE TABLE IF NOT EXISTS insights.raw_events");
        assertThat(statements.get(2)).startsWith("CREATE TABLE IF NOT EXISTS insights.dead_letters");
        assertThat(statements.get(3)).isEqualTo("DROP TABLE IF EXISTS insights.dirty_hour_marks");
        assertThat(statements.subList(4, 7))
                .allMatch(s -> s.startsWith("ALTER TABLE insights.dead_letters ADD IF NOT EXISTS"));
        assertThat(statements.get(7)).startsWith("CREATE TABLE IF NOT EXISTS insights.archive_hour_marks");
        assertThat(statements.get(8)).startsWith("CREATE TABLE IF NOT EXISTS insights.raw_event_versions");
        assertThat(statements.get(9)).startsWith("CREATE TABLE IF NOT EXISTS insights.raw_version_runs");
        assertThat(statements.subList(10, 13))
                .allMatch(s -> s.startsWith("ALTER TABLE insights.raw_events ADD IF NOT EXISTS"));
        assertThat(statements.get(13))
                .startsWith("ALTER TABLE insights.raw_event_versions ADD IF NOT EXISTS fingerprint");
        assertThat(statements.get(14)).startsWith("CREATE TABLE IF NOT EXISTS insights.recent_identities");
        assertThat(statements.subList(15, 20))
                .allMatch(s -> s.startsWith("ALTER TABLE insights.recent_identities ADD IF NOT EXISTS displaced_"));
        assertThat(statements.get(20)).startsWith("CREATE TABLE IF NOT EXISTS insights.raw_layout");
        assertThat(statements.get(21)).startsWith("CREATE TABLE IF NOT EXISTS insights.stream_leases");
        assertThat(statements).noneMatch(s -> s.contains("--") || s.endsWith(";"));
    }

    @Test
    void aStatementSpansLinesUntilASemicolonEndsOne() {
        String script = """
                CREATE TABLE t (
                  a int PRIMARY KEY
                );
                INSERT INTO t (a) VALUES (1);
                """;

        assertThat(CqlScript.statements(script))
                .containsExactly("CREATE TABLE t (\n  a int PRIMARY KEY\n)", "INSERT INTO t (a) VALUES (1)");
    }

    @Test
    void commentLinesAndBlankLinesAreDropped() {
        String script = """
                -- a comment; with a semicolon at the end;

                  -- an indented comment
                SELECT 1 FROM system.local;
                """;

        assertThat(CqlScript.statements(script)).containsExactly("SELECT 1 FROM system.local");
    }

    @Test
    void aSemicolonInsideALineDoesNotSplit() {
        assertThat(CqlScript.statements("INSERT INTO t (s) VALUES ('a;b');\n"))
                .containsExactly("INSERT INTO t (s) VALUES ('a;b')");
    }

    @Test
    void theLastStatementMayLackItsSemicolon() {
        assertThat(CqlScript.statements("SELECT 1 FROM a;\nSELECT 2 FROM b"))
                .containsExactly("SELECT 1 FROM a", "SELECT 2 FROM b");
    }

    @Test
    void anEmptyScriptHasNoStatements() {
        assertThat(CqlScript.statements("-- nothing\n\n;\n")).isEmpty();
    }
}
