package org.mingjian.platform.datagen.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A fast CSV writer: UTF-8, comma separated, {@code \n} line ends, RFC 4180 quoting of text that
 * needs it. Cells are appended to a large byte buffer; no per-cell objects in the hot paths.
 */
public final class CsvWriter implements Closeable {

  private static final int SIZE = 1 << 17;

  private final OutputStream out;
  private final byte[] buf = new byte[SIZE];
  private int pos;
  private boolean rowStart = true;
  private long rows;
  private long flushed;

  /**
   * @param out the stream, closed by {@link #close()}
   */
  public CsvWriter(OutputStream out) {
    this.out = out;
  }

  /**
   * RFC 4180 escaping: a value containing a comma, a double quote, CR or LF is wrapped in double
   * quotes and its quotes doubled; any other value is returned as is. {@code null} becomes the
   * empty string.
   *
   * @param value the value
   * @return the cell text
   */
  public static String escape(String value) {
    if (value == null) {
      return "";
    }
    boolean needs = false;
    for (int i = 0; i < value.length() && !needs; i++) {
      char c = value.charAt(i);
      needs = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!needs) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /**
   * @param value the value
   * @return the escaped cell as UTF-8, for {@link #raw(byte[])}
   */
  static byte[] cell(String value) {
    return escape(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a header line (not counted in {@link #rows()}). */
  public void header(List<String> names) throws IOException {
    for (String n : names) {
      text(n);
    }
    ensure(1);
    buf[pos++] = '\n';
    rowStart = true;
  }

  /** Writes a text cell, escaped as needed; {@code null} is an empty cell. */
  public void text(String value) throws IOException {
    raw(cell(value));
  }

  /** Writes an empty cell (SQL null). */
  public void empty() throws IOException {
    begin();
  }

  /** Writes pre-escaped bytes as one cell. */
  void raw(byte[] bytes) throws IOException {
    raw(bytes, 0, bytes.length);
  }

  /** Writes pre-escaped bytes as one cell. */
  void raw(byte[] bytes, int off, int len) throws IOException {
    begin();
    append(bytes, off, len);
  }

  /** Writes a whole number cell. */
  void number(long value) throws IOException {
    begin();
    appendLong(value);
  }

  /** Writes an ISO date cell. */
  void date(int epochDay) throws IOException {
    begin();
    ensure(10);
    System.arraycopy(Dates.ISO, Dates.offset(epochDay), buf, pos, 10);
    pos += 10;
  }

  /** Writes a money cell, e.g. {@code 1234.05}; a negative value is written as an empty cell. */
  void amount(long cents) throws IOException {
    if (cents < 0) {
      empty();
      return;
    }
    begin();
    appendLong(cents / 100);
    ensure(3);
    int c = (int) (cents % 100);
    buf[pos++] = '.';
    buf[pos++] = (byte) ('0' + c / 10);
    buf[pos++] = (byte) ('0' + c % 10);
  }

  /** Starts a cell assembled with the {@code append} methods (which never escape). */
  void begin() throws IOException {
    ensure(1);
    if (rowStart) {
      rowStart = false;
    } else {
      buf[pos++] = ',';
    }
  }

  void append(byte[] bytes) throws IOException {
    append(bytes, 0, bytes.length);
  }

  void append(byte[] bytes, int off, int len) throws IOException {
    if (len > SIZE - pos) {
      flush();
      if (len > SIZE) {
        out.write(bytes, off, len);
        flushed += len;
        return;
      }
    }
    System.arraycopy(bytes, off, buf, pos, len);
    pos += len;
  }

  void append(byte b) throws IOException {
    ensure(1);
    buf[pos++] = b;
  }

  void appendLong(long value) throws IOException {
    if (value < 0) {
      append(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
      return;
    }
    int digits = 1;
    for (long v = value / 10; v != 0; v /= 10) {
      digits++;
    }
    appendPadded(value, digits);
  }

  /** Appends a non-negative number left-padded with zeros to {@code width} digits. */
  void appendPadded(long value, int width) throws IOException {
    ensure(width);
    int end = pos + width;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    pos = end;
  }

  /** Ends the row. */
  public void endRow() throws IOException {
    ensure(1);
    buf[pos++] = '\n';
    rowStart = true;
    rows++;
  }

  /**
   * @return data rows ended so far
   */
  public long rows() {
    return rows;
  }

  /**
   * @return bytes written so far, buffered ones included
   */
  public long bytes() {
    return flushed + pos;
  }

  private void ensure(int n) throws IOException {
    if (pos + n > SIZE) {
      flush();
    }
  }

  /** Writes the buffer out. */
  public void flush() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      flushed += pos;
      pos = 0;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
