package org.mingjian.plugins.connector.csvfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mingjian.sdk.connector.ConfigField;
import org.mingjian.sdk.connector.ConfigField.Type;
import org.mingjian.sdk.connector.Connector;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;
import org.osgi.service.component.annotations.Component;

/**
 * Reads a CSV file (header line, RFC 4180) that an operator placed in the platform's import
 * directory. The file is named relative to that directory; absolute paths, {@code ..} and links
 * leading outside it are refused.
 */
@Component(service = Connector.class)
public final class CsvFileConnector implements Connector {
  /** The connector's name. */
  public static final String NAME = "csv-file";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ConfigField> configSchema() {
    return List.of(
        ConfigField.required(
            "file",
            Type.STRING,
            "the file, relative to <mingjian home>/import, e.g. 2026-11/x.csv"),
        ConfigField.optional("encoding", Type.STRING, "UTF-8 (default), GBK or GB18030"));
  }

  @Override
  public RowSource open(Map<String, Object> config, ConnectorContext context)
      throws ConnectorException {
    Charset encoding = encoding((String) config.get("encoding"));
    Path file = resolve(context.importDirectory(), (String) config.get("file"));
    try {
      return new Rows(
          file, encoding, context, "import/" + ((String) config.get("file")).replace('\\', '/'));
    } catch (CharacterCodingException e) {
      throw new ConnectorException(notDecodable(encoding, 1), e);
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      throw new ConnectorException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  static Charset encoding(String name) throws ConnectorException {
    if (name == null || name.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    return switch (name.strip().toUpperCase(Locale.ROOT)) {
      case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
      case "GBK" -> Charset.forName("GBK");
      case "GB18030" -> Charset.forName("GB18030");
      default ->
          throw new ConnectorException(
              "unsupported encoding '" + name + "': use UTF-8, GBK or GB18030");
    };
  }

  /**
   * @param importDirectory the directory files may be read from
   * @param name a file name relative to it
   * @return the file's real path inside the directory
   * @throws ConnectorException when the name leaves the directory or the file is not there
   */
  static Path resolve(Path importDirectory, String name) throws ConnectorException {
    if (name == null || name.isBlank()) {
      throw new ConnectorException("a file name is required");
    }
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
      throw new ConnectorException("the file must be named relative to the import directory");
    }
    for (String part : n.split("/")) {
      if (part.equals("..")) {
        throw new ConnectorException("the file name must not contain '..'");
      }
    }
    try {
      Path root = importDirectory.toRealPath();
      Path candidate = root.resolve(n).normalize();
      if (!candidate.startsWith(root)) {
        throw new ConnectorException("the file is outside the import directory");
      }
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        throw new ConnectorException("no file '" + name + "' in the import directory");
      }
      Path real = candidate.toRealPath();
      if (!real.startsWith(root)) {
        throw new ConnectorException("the file links to a place outside the import directory");
      }
      if (!Files.isRegularFile(real)) {
        throw new ConnectorException("'" + name + "' is not a file");
      }
      return real;
    } catch (IOException e) {
      throw new ConnectorException("cannot open '" + name + "': " + e.getMessage(), e);
    }
  }

  static String notDecodable(Charset encoding, long line) {
    return "the file is not valid "
        + encoding.name()
        + " (at or after line "
        + line
        + "): choose the encoding it was saved in (UTF-8, GBK or GB18030)";
  }

  /** The file's records as rows of strings. */
  private static final class Rows implements RowSource {
    private final Path file;
    private final Charset encoding;
    private final ConnectorContext context;
    private final String display;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final long size;
    private final long[] consumed = new long[1];
    private long lastLine;
    private long line;
    private long count;

    Rows(Path file, Charset encoding, ConnectorContext context, String display) throws IOException {
      this.file = file;
      this.display = display;
      this.encoding = encoding;
      this.context = context;
      this.size = Math.max(1, Files.size(file));
      InputStream in = new Counting(Files.newInputStream(file), consumed);
      Reader reader =
          new InputStreamReader(
              in,
              encoding
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT));
      try {
        parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
      } catch (IOException | RuntimeException e) {
        reader.close();
        throw e;
      }
      records = parser.iterator();
      lastLine = parser.getCurrentLineNumber();
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
          return null;
        }
        record = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof CharacterCodingException) {
          throw new ConnectorException(notDecodable(encoding, lastLine + 1), cause);
        }
        throw new ConnectorException(
            "cannot read " + file.getFileName() + " after line " + lastLine + ": " + e.getMessage(),
            e);
      }
      line = lastLine + 1;
      lastLine = parser.getCurrentLineNumber();
      if (++count % 1000 == 0) {
        context.progress(Math.min(1.0, (double) consumed[0] / size));
      }
      String[] values = new String[record.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = record.get(i);
      }
      return values;
    }

    @Override
    public String position() {
      return "line " + line;
    }

    @Override
    public String describe() {
      return display + " (" + encoding.name() + ")";
    }

    @Override
    public void close() throws ConnectorException {
      try {
        parser.close();
      } catch (IOException e) {
        throw new ConnectorException("cannot close " + file.getFileName(), e);
      }
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
