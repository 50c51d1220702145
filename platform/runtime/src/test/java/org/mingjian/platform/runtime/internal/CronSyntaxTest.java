package org.mingjian.platform.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Quartz cron expressions as Karaf's scheduler takes them, and the reasons for refusing others. */
class CronSyntaxTest {
  @Test
  void quartzExpressionsAreAccepted() {
    for (String ok :
        new String[] {
          "0 0 2 * * ?",
          "0 30 2 ? * MON-FRI",
          "0 0/15 * * * ?",
          "0 0 12 1,15 * ?",
          "0 0 3 L * ?",
          "0 0 3 15W * ?",
          "0 0 3 ? * 6#3",
          "0 0 3 ? JAN,JUL 2L",
          "0 0 0 1 1 ? 2027",
          "*/5 * * * * ?"
        }) {
      assertEquals(Optional.empty(), CronSyntax.problem(ok), ok);
    }
  }

  @Test
  void othersAreRefusedWithAReason() {
    assertTrue(CronSyntax.problem("0 2 * * *").orElseThrow().contains("6 or 7 fields"));
    assertTrue(CronSyntax.problem("0 0 25 * * ?").orElseThrow().startsWith("hours field"));
    assertTrue(CronSyntax.problem("0 0 2 * * *").orElseThrow().contains("exactly one"));
    assertTrue(CronSyntax.problem("0 0 2 ? * ?").orElseThrow().contains("exactly one"));
    assertTrue(CronSyntax.problem("0 0 2 * FOO ?").orElseThrow().startsWith("month field"));
    assertTrue(CronSyntax.problem("? 0 2 * * ?").orElseThrow().startsWith("seconds field"));
    assertTrue(CronSyntax.problem("0 0/0 2 * * ?").orElseThrow().contains("step"));
    assertTrue(CronSyntax.problem("").isPresent());
    assertTrue(CronSyntax.problem(null).isPresent());
  }
}
