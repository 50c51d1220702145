package org.mingjian.platform.datagen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.datagen.TestCsv;

class CsvWriterTest {

  @Test
  void escapesOnlyWhatNeedsIt() {
    assertEquals("plain", CsvWriter.escape("plain"));
    assertEquals("北京市朝阳区人民法院", CsvWriter.escape("北京市朝阳区人民法院"));
    assertEquals("中文逗号，不用引号", CsvWriter.escape("中文逗号，不用引号"));
    assertEquals("\"a,b\"", CsvWriter.escape("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvWriter.escape("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvWriter.escape("two\nlines"));
    assertEquals("\"cr\rhere\"", CsvWriter.escape("cr\rhere"));
    assertEquals("", CsvWriter.escape(null));
    assertEquals("", CsvWriter.escape(""));
  }

  @Test
  void writesRowsThatReadBack() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> tricky = List.of("a,b", "say \"hi\"", "两行\n文字", "", "\"", ",", "普通");
    try (CsvWriter w = new CsvWriter(bytes)) {
      w.header(List.of("id", "text", "day", "amount", "nothing"));
      for (int i = 0; i < tricky.size(); i++) {
        w.number(i);
        w.text(tricky.get(i));
        w.date(Dates.epochDay(2024, 2, 29));
        w.amount(i * 100_001L);
        w.empty();
        w.endRow();
      }
      assertEquals(tricky.size(), w.rows());
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    List<List<String>> rows = TestCsv.parse(text);
    assertEquals(List.of("id", "text", "day", "amount", "nothing"), rows.get(0));
    assertEquals(tricky.size() + 1, rows.size());
    for (int i = 0; i < tricky.size(); i++) {
      List<String> r = rows.get(i + 1);
      assertEquals(String.valueOf(i), r.get(0));
      assertEquals(tricky.get(i), r.get(1));
      assertEquals("2024-02-29", r.get(2));
      assertEquals(String.format("%d.%02d", i * 100_001L / 100, i * 100_001L % 100), r.get(3));
      assertEquals("", r.get(4));
    }
    assertEquals(
        "0,a,b".length() + 2, text.lines().skip(1).findFirst().orElseThrow().indexOf(",2024"));
  }

  @Test
  void amountsAndNegativesAndLargeCells() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String big = "长".repeat(100_000);
    try (CsvWriter w = new CsvWriter(bytes)) {
      w.amount(5);
      w.amount(-1);
      w.amount(123_456_789_012L);
      w.number(-42);
      w.text(big);
      w.endRow();
    }
    List<List<String>> rows = TestCsv.parse(bytes.toString(StandardCharsets.UTF_8));
    assertEquals(List.of("0.05", "", "1234567890.12", "-42", big), rows.get(0));
  }
}
