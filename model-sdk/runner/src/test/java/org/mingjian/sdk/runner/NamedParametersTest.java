package org.mingjian.sdk.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

  @Test
  void placeholdersBecomeQuestionMarksWithNamesInOrder() {
    NamedParameters np =
        NamedParameters.parse(
            "SELECT * FROM t WHERE a >= :minAmount AND d > :since AND b < :minAmount");
    assertEquals("SELECT * FROM t WHERE a >= ? AND d > ? AND b < ?", np.sql());
    assertEquals(List.of("minAmount", "since", "minAmount"), np.names());
  }

  @Test
  void placeholderAtTheEndAndNextToPunctuation() {
    NamedParameters np = NamedParameters.parse("SELECT * FROM t WHERE a IN (:x,:y) AND b=:z");
    assertEquals("SELECT * FROM t WHERE a IN (?,?) AND b=?", np.sql());
    assertEquals(List.of("x", "y", "z"), np.names());
  }

  @Test
  void stringLiteralsAreLeftAlone() {
    String sql = "SELECT 'it''s :x' AS a, ':y' AS b FROM t WHERE c = :z";
    NamedParameters np = NamedParameters.parse(sql);
    assertEquals("SELECT 'it''s :x' AS a, ':y' AS b FROM t WHERE c = ?", np.sql());
    assertEquals(List.of("z"), np.names());
  }

  @Test
  void quotedIdentifiersAreLeftAlone() {
    NamedParameters np = NamedParameters.parse("SELECT \"col:x\", \"a\"\":b\" FROM t WHERE c = :p");
    assertEquals("SELECT \"col:x\", \"a\"\":b\" FROM t WHERE c = ?", np.sql());
    assertEquals(List.of("p"), np.names());
  }

  @Test
  void commentsAreLeftAlone() {
    String sql = "SELECT a -- filter on :x later\nFROM t /* not :y either */ WHERE b = :z";
    NamedParameters np = NamedParameters.parse(sql);
    assertEquals(
        "SELECT a -- filter on :x later\nFROM t /* not :y either */ WHERE b = ?", np.sql());
    assertEquals(List.of("z"), np.names());
  }

  @Test
  void commentAtTheEndWithoutNewline() {
    NamedParameters np = NamedParameters.parse("SELECT :a -- :b");
    assertEquals("SELECT ? -- :b", np.sql());
    assertEquals(List.of("a"), np.names());
  }

  @Test
  void castsAreLeftAlone() {
    NamedParameters np =
        NamedParameters.parse("SELECT x::INTEGER, :since::DATE, y :: VARCHAR FROM t");
    assertEquals("SELECT x::INTEGER, ?::DATE, y :: VARCHAR FROM t", np.sql());
    assertEquals(List.of("since"), np.names());
  }

  @Test
  void textWithoutPlaceholdersIsUnchanged() {
    String sql = "SELECT 1 AS \"a:b\", '::' AS c, 10 : 2";
    NamedParameters np = NamedParameters.parse(sql);
    assertEquals(sql, np.sql());
    assertEquals(List.of(), np.names());
  }
}
