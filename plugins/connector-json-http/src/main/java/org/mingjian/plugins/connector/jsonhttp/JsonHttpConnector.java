package org.mingjian.plugins.connector.jsonhttp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mingjian.sdk.connector.ConfigField;
import org.mingjian.sdk.connector.ConfigField.Type;
import org.mingjian.sdk.connector.Connector;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Reads a JSON array of objects from an HTTP(S) URL and maps fields to columns. Only URLs starting
 * with one of the prefixes the operator allows ({@code allowedUrls} in {@code
 * etc/org.mingjian.connector.http.cfg}) are fetched, so a steward cannot make the server call
 * arbitrary addresses. The body is parsed as a stream: one object in memory at a time.
 */
@Component(service = Connector.class, configurationPid = JsonHttpConnector.PID)
@Designate(ocd = JsonHttpConnector.Config.class)
public final class JsonHttpConnector implements Connector {
  /** The connector's name. */
  public static final String NAME = "json-http";

  /** The configuration PID. */
  public static final String PID = "org.mingjian.connector.http";

  /** Operator settings. */
  @ObjectClassDefinition(name = "Mingjian JSON-over-HTTP connector")
  public @interface Config {
    /**
     * @return URL prefixes loads may fetch
     */
    @AttributeDefinition(
        description = "URL prefixes that loads may fetch, e.g. https://data.example.gov.cn/api/")
    String[] allowedUrls() default {};

    /**
     * @return seconds to wait for the response to start
     */
    @AttributeDefinition(description = "seconds to wait for the connection and response headers")
    int timeoutSeconds() default 30;
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client;
  private volatile List<String> allowed;
  private volatile Duration timeout;

  @Activate
  public JsonHttpConnector(Config config) {
    this(List.of(config.allowedUrls()), Duration.ofSeconds(config.timeoutSeconds()));
  }

  /**
   * @param allowedUrls the URL prefixes loads may fetch
   * @param timeout how long to wait for a response
   */
  public JsonHttpConnector(List<String> allowedUrls, Duration timeout) {
    this.allowed = List.copyOf(allowedUrls);
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Modified
  void modified(Config config) {
    allowed = List.of(config.allowedUrls());
    timeout = Duration.ofSeconds(config.timeoutSeconds());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ConfigField> configSchema() {
    return List.of(
        ConfigField.required("url", Type.STRING, "the http(s) URL answering a JSON array"),
        ConfigField.optional(
            "root", Type.STRING, "the field holding the array, when the answer is an object"),
        ConfigField.optional(
            "fields",
            Type.MAP,
            "column -> JSON field (a.b for nested fields); unmapped columns use their own name"),
        new ConfigField(
            "token", Type.STRING, false, true, "a bearer token sent as Authorization header"));
  }

  @Override
  @SuppressWarnings("unchecked")
  public RowSource open(Map<String, Object> config, ConnectorContext context)
      throws ConnectorException {
    String url = (String) config.get("url");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException("'" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConnectorException("only http and https URLs can be read");
    }
    if (uri.getUserInfo() != null || allowed.stream().noneMatch(url::startsWith)) {
      throw new ConnectorException(
          "the URL is not allowed: an operator lists allowed prefixes as allowedUrls in etc/"
              + PID
              + ".cfg");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String column : context.columns()) {
      fields.put(column, column);
    }
    Map<String, String> mapped = (Map<String, String>) config.getOrDefault("fields", Map.of());
    for (Map.Entry<String, String> e : mapped.entrySet()) {
      String column = e.getKey().toLowerCase(Locale.ROOT);
      if (!fields.containsKey(column)) {
        throw new ConnectorException("fields maps '" + e.getKey() + "', which is not a column");
      }
      fields.put(column, e.getValue());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
    String token = (String) config.get("token");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ConnectorException("cannot fetch " + safe(uri) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted while fetching " + safe(uri), e);
    }
    if (response.statusCode() != 200) {
      close(response.body());
      throw new ConnectorException(safe(uri) + " answered HTTP " + response.statusCode());
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    try {
      return new Rows(
          response.body(), (String) config.get("root"), fields, length, context, safe(uri));
    } catch (IOException e) {
      close(response.body());
      throw new ConnectorException(
          "the answer of " + safe(uri) + " is not a JSON array: " + e.getMessage(), e);
    }
  }

  private static String safe(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + uri.getPath();
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing more to read anyway
    }
  }

  /** The array's objects as rows, one parsed at a time. */
  private static final class Rows implements RowSource {
    private final JsonParser parser;
    private final InputStream body;
    private final List<String> columns;
    private final List<String[]> paths = new ArrayList<>();
    private final long length;
    private final ConnectorContext context;
    private final String describe;
    private long count;

    Rows(
        InputStream body,
        String root,
        Map<String, String> fields,
        long length,
        ConnectorContext context,
        String describe)
        throws IOException {
      this.body = body;
      this.length = length;
      this.context = context;
      this.describe = describe;
      this.columns = new ArrayList<>(fields.keySet());
      fields.values().forEach(f -> paths.add(f.split("\\.")));
      this.parser = new JsonFactory(MAPPER).createParser(body);
      JsonToken t = parser.nextToken();
      if (root != null) {
        if (t != JsonToken.START_OBJECT) {
          throw new IOException("expected an object with the field '" + root + "'");
        }
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          t = parser.nextToken();
          if (name.equals(root)) {
            break;
          }
          parser.skipChildren();
        }
        if (t != JsonToken.START_ARRAY) {
          throw new IOException("the field '" + root + "' is not an array");
        }
      } else if (t != JsonToken.START_ARRAY) {
        throw new IOException("expected an array, found " + t);
      }
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public Object[] next() throws ConnectorException {
      try {
        if (count % 1000 == 0 && context.cancelled()) {
          throw new ConnectorException("cancelled");
        }
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY || t == null) {
          return null;
        }
        count++;
        if (length > 0 && count % 1000 == 0) {
          context.progress(
              Math.min(1.0, (double) parser.currentLocation().getByteOffset() / length));
        }
        if (t != JsonToken.START_OBJECT) {
          parser.skipChildren();
          // not an object: a row of the wrong shape, which the platform rejects
          return new Object[0];
        }
        JsonNode node = parser.readValueAsTree();
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = value(node, paths.get(i));
        }
        return row;
      } catch (IOException e) {
        throw new ConnectorException(
            "the JSON answer broke off after " + count + " objects: " + e.getMessage(), e);
      }
    }

    private static Object value(JsonNode node, String[] path) {
      JsonNode n = node;
      for (String p : path) {
        n = n == null ? null : n.get(p);
      }
      if (n == null || n.isNull() || n.isMissingNode()) {
        return null;
      }
      if (n.isIntegralNumber()) {
        return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
      }
      if (n.isNumber()) {
        return n.decimalValue();
      }
      if (n.isBoolean()) {
        return n.booleanValue();
      }
      if (n.isTextual()) {
        return n.textValue();
      }
      return n.toString(); // an object or array: its JSON text
    }

    @Override
    public String position() {
      return "object " + count;
    }

    @Override
    public String describe() {
      return describe;
    }

    @Override
    public void close() throws ConnectorException {
      try {
        parser.close();
        body.close();
      } catch (IOException e) {
        throw new ConnectorException("cannot close the HTTP answer", e);
      }
    }
  }
}
