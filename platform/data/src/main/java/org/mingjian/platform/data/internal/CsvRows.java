package org.mingjian.platform.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;

/**
 * A CSV file with a header line as rows: values as strings, the physical line of each record as its
 * position, the bytes read as progress and the file's SHA-256 as its digest. Decoding is strict:
 * bytes that are not valid in the encoding fail the read instead of becoming U+FFFD.
 */
public final class CsvRows implements RowSource {
  private final Path file;
  private final Charset encoding;
  private final MessageDigest digest;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final long size;
  private final long[] consumed = new long[1];
  private final DoubleConsumer progress;
  private long lastLine;
  private long line;
  private long count;

  /**
   * @param file the CSV file
   * @param encoding its encoding
   * @param progress receives the share of bytes read
   * @throws IOException when it cannot be opened or its header read
   */
  public CsvRows(Path file, Charset encoding, DoubleConsumer progress) throws IOException {
    this.file = file;
    this.encoding = encoding;
    this.progress = progress;
    this.size = Math.max(1, Files.size(file));
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    InputStream in =
        new DigestInputStream(new Counting(Files.newInputStream(file), consumed), digest);
    Reader reader =
        new InputStreamReader(
            in,
            encoding
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    try {
      this.parser =
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
    } catch (CharacterCodingException e) {
      reader.close();
      throw new IOException(notDecodable(1), e);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    this.records = parser.iterator();
    this.lastLine = parser.getCurrentLineNumber();
  }

  @Override
  public List<String> columns() {
    return new ArrayList<>(parser.getHeaderNames());
  }

  @Override
  public Object[] next() throws ConnectorException {
    CSVRecord record;
    try {
      if (!records.hasNext()) {
        // the parser read the reader to its end: the digest is complete
        return null;
      }
      record = records.next();
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof CharacterCodingException) {
        throw new ConnectorException(notDecodable(lastLine + 1), e.getCause());
      }
      throw new ConnectorException(
          "cannot read " + file.getFileName() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (IllegalStateException e) {
      // commons-csv wraps I/O failures during iteration
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof CharacterCodingException) {
        throw new ConnectorException(notDecodable(lastLine + 1), cause);
      }
      throw new ConnectorException(
          "cannot read " + file.getFileName() + " after line " + lastLine + ": " + e.getMessage(),
          e);
    }
    line = lastLine + 1;
    lastLine = parser.getCurrentLineNumber();
    if (++count % 1000 == 0) {
      progress.accept(Math.min(1.0, (double) consumed[0] / size));
    }
    String[] values = new String[record.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = record.get(i);
    }
    return values;
  }

  private String notDecodable(long atLine) {
    return "the file is not valid "
        + encoding.name()
        + " (at or after line "
        + atLine
        + "): choose the encoding it was saved in (UTF-8, GBK or GB18030)";
  }

  @Override
  public String position() {
    return "line " + line;
  }

  @Override
  public String describe() {
    return file.getFileName().toString();
  }

  /**
   * @return the SHA-256 of the bytes read, complete once {@link #next()} returned {@code null}
   */
  public String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() throws ConnectorException {
    try {
      parser.close();
    } catch (IOException e) {
      throw new ConnectorException("cannot close " + file.getFileName(), e);
    }
  }

  /** Counts the bytes read, for progress. */
  private static final class Counting extends java.io.FilterInputStream {
    private final long[] count;

    Counting(InputStream in, long[] count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count[0]++;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count[0] += n;
      }
      return n;
    }
  }
}
