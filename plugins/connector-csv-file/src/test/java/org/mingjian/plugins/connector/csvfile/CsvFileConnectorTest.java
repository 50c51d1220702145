package org.mingjian.plugins.connector.csvfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;

class CsvFileConnectorTest {
  @TempDir Path dir;

  private final CsvFileConnector connector = new CsvFileConnector();

  private ConnectorContext context(Path importDir) {
    return new ConnectorContext() {
      @Override
      public String dataset() {
        return "relief_payments";
      }

      @Override
      public List<String> columns() {
        return List.of("payment_no", "payee_name");
      }

      @Override
      public Path importDirectory() {
        return importDir;
      }

      @Override
      public void progress(double share) {}

      @Override
      public boolean cancelled() {
        return false;
      }

      @Override
      public Optional<String> state(String key) {
        return Optional.empty();
      }

      @Override
      public void remember(String key, String value) {}
    };
  }

  private Path importDir() throws Exception {
    return Files.createDirectories(dir.resolve("import"));
  }

  @Test
  void readsAGbkFileWithLinePositions() throws Exception {
    Path in = importDir();
    Files.createDirectories(in.resolve("2026-11"));
    Files.write(
        in.resolve("2026-11/救助.csv"),
        "payment_no,payee_name\nP1,张三\nP2,\"李四\n（民政）\"\nP3\n".getBytes(Charset.forName("GBK")));
    try (RowSource rows =
        connector.open(Map.of("file", "2026-11/救助.csv", "encoding", "gbk"), context(in))) {
      assertEquals(List.of("payment_no", "payee_name"), rows.columns());
      assertArrayEquals(new Object[] {"P1", "张三"}, rows.next());
      assertEquals("line 2", rows.position());
      assertArrayEquals(new Object[] {"P2", "李四\n（民政）"}, rows.next());
      assertEquals("line 3", rows.position());
      assertArrayEquals(new Object[] {"P3"}, rows.next()); // ragged: the platform rejects it
      assertEquals("line 5", rows.position());
      assertNull(rows.next());
      assertEquals("import/2026-11/救助.csv (GBK)", rows.describe());
    }
  }

  @Test
  void aFileInAnotherEncodingFailsClearly() throws Exception {
    Path in = importDir();
    Files.write(
        in.resolve("gbk.csv"), "payment_no,payee_name\nP1,张三\n".getBytes(Charset.forName("GBK")));
    // decoding reads ahead, so a small file fails when opened, a large one while read
    ConnectorException e =
        assertThrows(
            ConnectorException.class,
            () -> {
              try (RowSource rows = connector.open(Map.of("file", "gbk.csv"), context(in))) {
                while (rows.next() != null) {}
              }
            });
    assertTrue(e.getMessage().contains("not valid UTF-8 (at or after line 1)"), e.getMessage());
    assertThrows(
        ConnectorException.class,
        () -> connector.open(Map.of("file", "gbk.csv", "encoding", "EBCDIC"), context(in)));
  }

  @Test
  void onlyFilesInsideTheImportDirectoryCanBeRead() throws Exception {
    Path in = importDir();
    Files.writeString(dir.resolve("secret.csv"), "a\n1\n", StandardCharsets.UTF_8);
    Files.createSymbolicLink(in.resolve("link.csv"), dir.resolve("secret.csv"));
    for (String name :
        List.of(
            "../secret.csv",
            "a/../../secret.csv",
            dir.resolve("secret.csv").toString(),
            "link.csv",
            "missing.csv",
            "",
            "..\\secret.csv")) {
      ConnectorException e =
          assertThrows(
              ConnectorException.class,
              () -> connector.open(Map.of("file", name), context(in)),
              name);
      assertTrue(!e.getMessage().contains(dir.toString()), e.getMessage());
    }
    Files.createDirectories(in.resolve("folder"));
    assertThrows(
        ConnectorException.class, () -> connector.open(Map.of("file", "folder"), context(in)));
  }
}
