package org.mingjian.platform.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.marketplace.MarketplaceException;
import org.mingjian.platform.marketplace.MarketplaceException.Kind;
import org.mingjian.sdk.validator.Check;
import org.mingjian.sdk.validator.Outcome;

class FailuresTest {

  @Test
  void aRefusalIsOneLineWithItsKind() {
    MarketplaceException e =
        new MarketplaceException(
            Kind.FORBIDDEN, "your roles do not allow you to change enablement");
    assertEquals(
        "FORBIDDEN: your roles do not allow you to change enablement", Failures.oneLine(e));
    assertEquals(List.of(), Failures.detailLines(e));
    CommandException c = Failures.of(e);
    assertEquals("FORBIDDEN: your roles do not allow you to change enablement", c.getMessage());
    assertEquals(c.getMessage(), c.getNiceHelp());
    assertSame(e, c.getCause());
  }

  @Test
  void anInvalidSubmissionPrintsItsReportAligned() {
    MarketplaceException e =
        new MarketplaceException(
            Kind.INVALID,
            "the bundle failed validation",
            Map.of(
                "report",
                List.of(
                    new Check("archive", Outcome.PASS, "a readable jar"),
                    new Check("sql", Outcome.FAIL, "table 'secret' is not declared"),
                    new Check("signature", Outcome.WARN, "not signed"))));
    assertEquals(
        List.of(
            "  archive    PASS  a readable jar",
            "  sql        FAIL  table 'secret' is not declared",
            "  signature  WARN  not signed"),
        Failures.detailLines(e));
    CommandException c = Failures.of(e);
    assertEquals("INVALID: the bundle failed validation", c.getMessage());
    assertEquals(
        String.join(
            System.lineSeparator(),
            "INVALID: the bundle failed validation",
            "  archive    PASS  a readable jar",
            "  sql        FAIL  table 'secret' is not declared",
            "  signature  WARN  not signed"),
        c.getNiceHelp());
  }

  @Test
  void problemsAreListed() {
    MarketplaceException e =
        new MarketplaceException(
            Kind.INVALID,
            "the enablement is invalid",
            Map.of("problems", List.of("districts: unknown district 999999")));
    assertEquals(List.of("  districts: unknown district 999999"), Failures.detailLines(e));
  }

  @Test
  void usageErrorsAreTheirMessage() {
    CommandException c = Failures.of(new UsageException(Callers.NOT_LOGGED_IN));
    assertEquals("not logged in as a Mingjian user", c.getMessage());
    assertEquals("not logged in as a Mingjian user", c.getNiceHelp());
  }
}
