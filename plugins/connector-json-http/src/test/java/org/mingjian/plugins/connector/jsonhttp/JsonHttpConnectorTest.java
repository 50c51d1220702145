package org.mingjian.plugins.connector.jsonhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;

/** The JSON connector against a small HTTP server started by the test. */
class JsonHttpConnectorTest {
  private HttpServer server;
  private String base;
  private final AtomicReference<String> authorization = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve(
        "/api/payments",
        "[{\"no\":\"P1\",\"payee\":{\"name\":\"张三\"},\"amount\":100.5,\"seq\":1},"
            + "{\"no\":\"P2\",\"payee\":{\"name\":null},\"amount\":7,\"seq\":2},"
            + "\"not an object\"]");
    serve("/api/wrapped", "{\"meta\":{\"n\":1},\"items\":[{\"no\":\"P9\"}],\"more\":false}");
    server.createContext(
        "/api/broken",
        ex -> {
          byte[] part =
              "[{\"no\":\"P1\"},{\"no\":\"P2\"},{\"no\":".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, 0);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(part);
          }
        });
    server.createContext(
        "/api/missing",
        ex -> {
          ex.sendResponseHeaders(404, -1);
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void serve(String path, String body) {
    server.createContext(
        path,
        ex -> {
          authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        });
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private JsonHttpConnector connector() {
    return new JsonHttpConnector(List.of(base + "/api/"), Duration.ofSeconds(5));
  }

  private static ConnectorContext context() {
    return new ConnectorContext() {
      @Override
      public String dataset() {
        return "relief_payments";
      }

      @Override
      public List<String> columns() {
        return List.of("payment_no", "payee_name", "amount", "seq");
      }

      @Override
      public Path importDirectory() {
        return Path.of(".");
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

  @Test
  void mapsFieldsToColumnsWithTheirJsonTypes() throws Exception {
    Map<String, Object> config =
        Map.of(
            "url",
            base + "/api/payments",
            "fields",
            Map.of("payment_no", "no", "payee_name", "payee.name"),
            "token",
            "t0k3n");
    try (RowSource rows = connector().open(config, context())) {
      assertEquals(List.of("payment_no", "payee_name", "amount", "seq"), rows.columns());
      assertArrayEquals(new Object[] {"P1", "张三", new BigDecimal("100.5"), 1L}, rows.next());
      assertArrayEquals(new Object[] {"P2", null, 7L, 2L}, rows.next());
      assertEquals("object 2", rows.position());
      assertEquals(0, rows.next().length); // not an object: rejected by the platform
      assertNull(rows.next());
      assertEquals(base + "/api/payments", rows.describe());
    }
    assertEquals("Bearer t0k3n", authorization.get());
  }

  @Test
  void readsTheArrayUnderARootField() throws Exception {
    try (RowSource rows =
        connector()
            .open(
                Map.of(
                    "url",
                    base + "/api/wrapped",
                    "root",
                    "items",
                    "fields",
                    Map.of("payment_no", "no")),
                context())) {
      assertEquals("P9", rows.next()[0]);
      assertNull(rows.next());
    }
  }

  @Test
  void anAnswerThatBreaksOffFailsTheRead() throws Exception {
    try (RowSource rows =
        connector()
            .open(
                Map.of("url", base + "/api/broken", "fields", Map.of("payment_no", "no")),
                context())) {
      assertEquals("P1", rows.next()[0]);
      assertEquals("P2", rows.next()[0]);
      ConnectorException e = assertThrows(ConnectorException.class, rows::next);
      assertTrue(e.getMessage().contains("broke off after 3 objects"), e.getMessage());
    }
  }

  @Test
  void refusesUrlsTheOperatorDidNotAllowAndBadAnswers() {
    for (String url :
        List.of(
            "http://127.0.0.1:1/other",
            base + "/apiX",
            "file:///etc/passwd",
            "ftp://example.org/x",
            "not a url")) {
      assertThrows(
          ConnectorException.class, () -> connector().open(Map.of("url", url), context()), url);
    }
    ConnectorException e =
        assertThrows(
            ConnectorException.class,
            () -> connector().open(Map.of("url", base + "/api/missing"), context()));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertThrows(
        ConnectorException.class,
        () ->
            connector()
                .open(
                    Map.of("url", base + "/api/payments", "fields", Map.of("nope", "x")),
                    context()));
    assertThrows(
        ConnectorException.class,
        () ->
            new JsonHttpConnector(List.of(), Duration.ofSeconds(1))
                .open(Map.of("url", base + "/api/payments"), context()));
  }
}
