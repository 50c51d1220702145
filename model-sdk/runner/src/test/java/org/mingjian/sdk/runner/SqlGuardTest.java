package org.mingjian.sdk.runner;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mingjian.sdk.model.ModelException;

class SqlGuardTest {
  private static final Set<String> DECLARED = Set.of("persons", "judgments");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM persons",
        "SELECT * FROM \"persons\"",
        "select p.name from PERSONS p where p.person_id = ?",
        "SELECT p.name FROM persons p JOIN judgments j ON j.plaintiff_id = p.person_id",
        "SELECT p.name FROM persons p LEFT JOIN judgments j ON j.plaintiff_id = p.person_id",
        "SELECT person_id FROM persons UNION SELECT plaintiff_id FROM judgments",
        "SELECT * FROM persons WHERE person_id IN (SELECT plaintiff_id FROM judgments)",
        "SELECT * FROM persons p WHERE EXISTS (SELECT 1 FROM judgments j WHERE j.x = p.x)",
        "SELECT * FROM (SELECT * FROM persons) t",
        "SELECT x::INTEGER, CAST(? AS DATE) - INTERVAL 90 DAY FROM persons",
        "SELECT count(*) FROM judgments GROUP BY cause HAVING count(*) > ? ORDER BY 1 LIMIT 5",
        // CTE names are not tables, even when they sound like one
        "WITH recent AS (SELECT * FROM judgments) SELECT * FROM recent r JOIN persons p ON r.x = p.x",
        "WITH secrets AS (SELECT * FROM persons) SELECT * FROM secrets",
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t"
      })
  void readsOfDeclaredDatasetsAreAccepted(String sql) {
    assertDoesNotThrow(() -> SqlGuard.check(sql, DECLARED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO persons VALUES (1)",
        "UPDATE persons SET name = 'x'",
        "DELETE FROM persons",
        "DROP TABLE persons",
        "CREATE TABLE x AS SELECT * FROM persons",
        "SET enable_external_access = true",
        "EXPLAIN SELECT * FROM persons",
        "CALL pragma_version()"
      })
  void statementsOtherThanSelectAreRefused(String sql) {
    ModelException e = refused(sql);
    assertTrue(e.getMessage().startsWith("only SELECT queries are allowed, got "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "COPY persons TO '/tmp/persons.csv'",
        "ATTACH '/tmp/other.db' AS other",
        "PRAGMA database_list",
        "INSTALL httpfs",
        "LOAD httpfs",
        "hello world",
        "SELECT FROM WHERE",
        ""
      })
  void statementsThatDoNotParseAreRefused(String sql) {
    ModelException e = refused(sql);
    assertTrue(e.getMessage().startsWith("SQL does not parse: "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void insertNamesTheStatementKind() {
    assertEquals(
        "only SELECT queries are allowed, got INSERT",
        refused("INSERT INTO persons VALUES (1)").getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1; DROP TABLE persons",
        "SELECT * FROM persons; SELECT * FROM secrets",
        "SELECT 1; ATTACH '/tmp/x.db' AS x"
      })
  void multipleStatementsAreRefused(String sql) {
    refused(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM pool.persons",
        "SELECT * FROM main.persons",
        "SELECT * FROM temp.persons",
        "SELECT * FROM \"pool\".\"persons\""
      })
  void schemaQualifiedNamesAreRefused(String sql) {
    ModelException e = refused(sql);
    assertTrue(
        e.getMessage().startsWith("the query reads datasets the model does not declare: "),
        e.getMessage());
  }

  @Test
  void undeclaredTablesAreNamedWithWhatIsDeclared() {
    ModelException e = refused("SELECT * FROM persons p JOIN secrets s ON s.id = p.person_id");
    assertEquals(
        "the query reads datasets the model does not declare: [secrets]"
            + " (declared: [judgments, persons])",
        e.getMessage());
  }

  @Test
  void fileNamesAsTablesAreRefused() {
    // DuckDB reads a file given as a quoted table name
    ModelException e = refused("SELECT * FROM '/etc/passwd'");
    assertTrue(e.getMessage().contains("/etc/passwd"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM persons JOIN read_csv('x.csv') r ON true",
        "SELECT (SELECT count(*) FROM read_csv('/etc/passwd')) FROM persons",
        "SELECT * FROM persons WHERE EXISTS (SELECT 1 FROM glob('*'))",
        "WITH x AS (SELECT * FROM read_csv('x.csv')) SELECT * FROM x",
        "SELECT * FROM persons UNION SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM duckdb_settings()"
      })
  void tableFunctionsAreRefused(String sql) {
    ModelException e = refused(sql);
    assertTrue(e.getMessage().startsWith("table functions are not allowed: ["), e.getMessage());
  }

  @Test
  void tableFunctionMessageNamesTheFunction() {
    assertEquals(
        "table functions are not allowed: [read_csv]",
        refused("SELECT * FROM read_csv('/etc/passwd')").getMessage());
  }

  private static ModelException refused(String sql) {
    return assertThrows(
        ModelException.class, () -> SqlGuard.check(sql, DECLARED), "accepted: " + sql);
  }
}
