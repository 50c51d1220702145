package org.mingjian.platform.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header row, then one row per item, columns left-aligned and separated by
 * two spaces. No box characters or colours, so the output reads the same over SSH, in a log and in
 * a script.
 */
final class TextTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * @param headers the column titles, or none for a table without a header row
   */
  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  /**
   * @param cells one value per column; {@code null} prints as {@code -}
   * @return this table
   */
  TextTable row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(c == null ? "-" : c.toString().replace('\n', ' ').replace('\r', ' '));
    }
    rows.add(row);
    return this;
  }

  /**
   * @return whether there are no rows
   */
  boolean isEmpty() {
    return rows.isEmpty();
  }

  /**
   * @return the lines of the table, without trailing spaces
   */
  List<String> lines() {
    int columns = headers.size();
    for (List<String> r : rows) {
      columns = Math.max(columns, r.size());
    }
    int[] widths = new int[columns];
    List<List<String>> all = new ArrayList<>();
    if (!headers.isEmpty()) {
      all.add(headers);
    }
    all.addAll(rows);
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> r : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        if (i > 0) {
          sb.append("  ");
        }
        sb.append(r.get(i));
        if (i < r.size() - 1) {
          char[] pad = new char[widths[i] - r.get(i).length()];
          Arrays.fill(pad, ' ');
          sb.append(pad);
        }
      }
      lines.add(sb.toString().stripTrailing());
    }
    return lines;
  }
}
