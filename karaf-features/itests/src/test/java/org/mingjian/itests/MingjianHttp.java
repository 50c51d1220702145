package org.mingjian.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP calls from inside the container ({@link java.net.http.HttpClient}) with JSON through
 * Jackson. Paths are relative to the server root, e.g. {@code "/api/v1/health"}.
 */
public final class MingjianHttp {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient client;
  private String bearerToken;

  MingjianHttp(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Sends {@code Authorization: Bearer <token>} on the following calls (null: none). */
  public MingjianHttp withToken(String token) {
    this.bearerToken = token;
    return this;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  /** POSTs {@code body} serialised as JSON (a String is sent as is). */
  public HttpResponse<String> post(String path, Object body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  /** PUTs {@code body} serialised as JSON (a String is sent as is). */
  public HttpResponse<String> put(String path, Object body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  /** The body of {@code response} as a JSON tree. */
  public static JsonNode json(HttpResponse<String> response) throws IOException {
    return MAPPER.readTree(response.body());
  }

  public HttpResponse<String> send(HttpRequest.Builder builder)
      throws IOException, InterruptedException {
    if (bearerToken != null) {
      builder.header("Authorization", "Bearer " + bearerToken);
    }
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .header("Accept", "application/json");
  }

  private static String json(Object body) throws IOException {
    return body instanceof String ? (String) body : MAPPER.writeValueAsString(body);
  }
}
