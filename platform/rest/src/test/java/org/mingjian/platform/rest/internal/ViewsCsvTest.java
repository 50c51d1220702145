package org.mingjian.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.clues.ClueEvent;
import org.mingjian.platform.clues.ClueMetrics;

class ViewsCsvTest {

  @Test
  void plainCellsAreKept() {
    assertEquals("abc", Views.csv("abc"));
    assertEquals("", Views.csv(""));
    assertEquals("", Views.csv(null));
    assertEquals("0.75", Views.csv("0.75"));
    assertEquals("-3", Views.csv("-3"));
    assertEquals("虚假诉讼提取公积金", Views.csv("虚假诉讼提取公积金"));
  }

  @Test
  void commasQuotesAndLineBreaksAreQuoted() {
    assertEquals("\"a,b\"", Views.csv("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Views.csv("say \"hi\""));
    assertEquals("\"two\nlines\"", Views.csv("two\nlines"));
    assertEquals("\"cr\rlf\"", Views.csv("cr\rlf"));
  }

  @Test
  void formulasAreDefused() {
    assertEquals("'=SUM(A1)", Views.csv("=SUM(A1)"));
    assertEquals("'+1+1", Views.csv("+1+1"));
    assertEquals("'@cmd", Views.csv("@cmd"));
    assertEquals("\"'=HYPERLINK(\"\"x\"\",1)\"", Views.csv("=HYPERLINK(\"x\",1)"));
  }

  @Test
  void idNumbersInNotesAreMasked() {
    ClueEvent e =
        new ClueEvent(
            1,
            "c",
            java.time.Instant.EPOCH,
            "a",
            "COMMENT",
            null,
            null,
            "lender 110105194912310021 again",
            null,
            null);
    String note = (String) Views.history(List.of(e)).get(0).get("note");
    assertEquals(false, note.matches(".*\\d{17}[\\dX].*"), note);
  }

  @Test
  void metricsKeepANullConversionRate() {
    Map<String, Object> m = Views.metrics(new ClueMetrics("m", "110105", 3, 0, 0, 3, null, null));
    assertEquals(null, m.get("conversionRate"));
    assertEquals(3L, m.get("open"));
  }
}
