package org.mingjian.platform.datagen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A strict RFC 4180 reader for the tests (independent of the generator's writer). */
public final class TestCsv {

  /** A parsed file: header and rows. */
  public record Table(List<String> header, List<List<String>> rows) {
    /**
     * @param name a column name
     * @return its index
     */
    public int col(String name) {
      int i = header.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException("no column " + name + " in " + header);
      }
      return i;
    }

    /**
     * @return the rows as maps from column name to value
     */
    public List<Map<String, String>> maps() {
      List<Map<String, String>> out = new ArrayList<>(rows.size());
      for (List<String> r : rows) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), r.get(i));
        }
        out.add(m);
      }
      return out;
    }
  }

  private TestCsv() {}

  /** Reads a file; fails if a row has the wrong number of fields. */
  public static Table read(Path file) throws IOException {
    List<List<String>> all = parse(Files.readString(file, StandardCharsets.UTF_8));
    List<String> header = all.get(0);
    List<List<String>> rows = all.subList(1, all.size());
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).size() != header.size()) {
        throw new IllegalStateException(
            file.getFileName() + " line " + (i + 2) + " has " + rows.get(i).size() + " fields");
      }
    }
    return new Table(header, rows);
  }

  /** Parses RFC 4180 text (LF or CRLF line ends; a final line end is optional). */
  public static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = 0;
    int n = text.length();
    boolean quoted = false;
    boolean cellStarted = false;
    while (i < n) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            cell.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            throw new IllegalStateException("text after closing quote at " + i);
          }
          continue;
        }
        cell.append(c);
        i++;
        continue;
      }
      switch (c) {
        case '"' -> {
          if (cell.length() > 0) {
            throw new IllegalStateException("quote inside unquoted field at " + i);
          }
          quoted = true;
          cellStarted = true;
          i++;
        }
        case ',' -> {
          row.add(cell.toString());
          cell.setLength(0);
          cellStarted = true;
          i++;
        }
        case '\r', '\n' -> {
          row.add(cell.toString());
          cell.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          cellStarted = false;
          i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
        }
        default -> {
          cell.append(c);
          cellStarted = true;
          i++;
        }
      }
    }
    if (quoted) {
      throw new IllegalStateException("unterminated quoted field");
    }
    if (cellStarted || cell.length() > 0 || !row.isEmpty()) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }
}
