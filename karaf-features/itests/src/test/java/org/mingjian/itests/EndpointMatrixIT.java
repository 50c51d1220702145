package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Calls every operation of the API as an anonymous caller and as each demo user, and checks the
 * status against {@code endpoint-matrix.csv}. An operation in openapi.json without a matrix row (or
 * a row for an operation that does not exist) fails the build.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EndpointMatrixIT extends MingjianTestSupport {

  private record Row(String method, String path, String body, Map<String, Integer> expected) {}

  private static List<String> callers;

  private static List<Row> matrix() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = EndpointMatrixIT.class.getResourceAsStream("/endpoint-matrix.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = null;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        // method,path,body,statuses...; the body may contain commas, the statuses do not
        String[] head = line.split(",", 3);
        if (header == null) {
          header = line.split(",");
          callers = List.of(header).subList(3, header.length);
          continue;
        }
        String rest = head[2];
        String[] tail = rest.split(",");
        int n = callers.size();
        String body = String.join(",", java.util.Arrays.copyOfRange(tail, 0, tail.length - n));
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
          expected.put(callers.get(i), Integer.parseInt(tail[tail.length - n + i].trim()));
        }
        rows.add(new Row(head[0], head[1], body, expected));
      }
    }
    return rows;
  }

  @Test
  public void everyOperationHasARowAndEveryRowHoldsForEveryCaller() throws Exception {
    awaitReady();
    List<Row> rows = matrix();

    // every operation of the published contract has a row, and every row is an operation
    JsonNode openapi = MingjianHttp.json(http().get("/api/v1/openapi.json"));
    TreeSet<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = openapi.path("paths").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      p.getValue()
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + normalize(p.getKey())));
    }
    TreeSet<String> inMatrix = new TreeSet<>();
    rows.forEach(r -> inMatrix.add(r.method() + " " + normalize(r.path())));
    assertEquals("operations of openapi.json vs rows of endpoint-matrix.csv", documented, inMatrix);

    // ids the rows refer to: a Chaoyang run and clue
    Map<String, String> tokens = new HashMap<>();
    for (String caller : callers) {
      if (!caller.equals("anonymous")) {
        tokens.put(caller, login(caller));
      }
    }
    MingjianHttp analyst = http().withToken(tokens.get("chaoyang.analyst"));
    JsonNode run =
        MingjianHttp.json(
            analyst.post(
                "/api/v1/runs",
                Map.of("modelId", "provident-fund-false-litigation", "district", "110105")));
    String runId = run.path("id").asText();
    await(
        "run finished",
        () -> {
          try {
            String s =
                MingjianHttp.json(analyst.get("/api/v1/runs/" + runId)).path("state").asText();
            return s.equals("SUCCEEDED");
          } catch (Exception e) {
            return false;
          }
        });
    JsonNode firstClues = MingjianHttp.json(analyst.get("/api/v1/clues?district=110105&size=2"));
    String clueId = firstClues.path("items").get(0).path("id").asText();
    // a second clue confirmed, so that there is a similar-case group and a recommendation
    String confirmedId = firstClues.path("items").get(1).path("id").asText();
    analyst.post("/api/v1/clues/" + confirmedId + "/transitions", Map.of("to", "VERIFYING"));
    analyst.post(
        "/api/v1/clues/" + confirmedId + "/transitions",
        Map.of("to", "CONFIRMED", "disposition", "PROCURATORIAL_RECOMMENDATION"));
    MingjianHttp admin = http().withToken(tokens.get("admin"));
    String similarKey =
        MingjianHttp.json(admin.get("/api/v1/similar-cases"))
            .path("items")
            .get(0)
            .path("key")
            .asText();
    String recommendationId =
        MingjianHttp.json(
                admin.post("/api/v1/similar-cases/" + similarKey + "/recommendation", Map.of()))
            .path("id")
            .asText();
    Map<String, String> ids =
        Map.ofEntries(
            Map.entry("{run}", runId),
            Map.entry("{clue}", clueId),
            Map.entry("{user}", "matrix.user"),
            Map.entry("{dataset}", "persons"),
            Map.entry("{model}", "provident-fund-false-litigation"),
            Map.entry("{version}", "1.0.0"),
            Map.entry("{unknownVersion}", "9.9.9"),
            Map.entry("{unknownModel}", "matrix-unknown-model"),
            Map.entry("{submission}", "00000000-0000-0000-0000-000000000000"),
            Map.entry("{code}", "110105"),
            Map.entry("{similar}", similarKey),
            Map.entry("{recommendation}", recommendationId));

    List<String> mismatches = new ArrayList<>();
    for (Row row : rows) {
      String path = row.path();
      for (Map.Entry<String, String> id : ids.entrySet()) {
        path = path.replace(id.getKey(), id.getValue());
      }
      for (String caller : callers) {
        String token = tokens.get(caller);
        if (row.path().equals("/auth/logout") && token != null) {
          token = login(caller); // logging out must not cost the caller's token for later rows
        }
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(http().baseUrl() + "/api/v1" + path))
                .header("Accept", "application/json");
        HttpRequest.BodyPublisher body =
            row.body().equals("-")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(row.body());
        if (!row.body().equals("-")) {
          b.header("Content-Type", "application/json");
        }
        b.method(row.method(), body);
        MingjianHttp client = http().withToken(token);
        HttpResponse<String> response = client.send(b);
        int want = row.expected().get(caller);
        if (response.statusCode() != want) {
          mismatches.add(
              row.method()
                  + " "
                  + row.path()
                  + " as "
                  + caller
                  + ": expected "
                  + want
                  + ", got "
                  + response.statusCode()
                  + " "
                  + response.body());
        }
        if (response.statusCode() >= 400) {
          assertTrue(response.body(), MingjianHttp.json(response).has("error"));
        }
      }
    }
    assertEquals(String.join("\n", mismatches), List.of(), mismatches);
  }

  private static String normalize(String path) {
    return path.replaceAll("\\?.*$", "").replaceAll("\\{[^}]+}", "{}");
  }
}
