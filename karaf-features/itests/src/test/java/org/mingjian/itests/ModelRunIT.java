package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The first user story end to end, over HTTP against the real distribution: a Chaoyang analyst logs
 * in, runs the provident-fund false-litigation model for 110105, and gets exactly Chaoyang's
 * planted cases as masked clues; re-running adds none; other districts and anonymous callers are
 * refused; bad input is refused and changes nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelRunIT extends MingjianTestSupport {
  private static final String MODEL = "provident-fund-false-litigation";
  private static final String CHAOYANG = "110105";

  /** First run of the class (the container is shared by all test methods). */
  private static JsonNode firstRun;

  @Before
  public void healthy() throws Exception {
    awaitReady();
  }

  /** Starts a run and waits for it to end; returns the final run. */
  private static JsonNode run(String token, Map<String, Object> body) throws Exception {
    MingjianHttp api = http().withToken(token);
    HttpResponse<String> started = api.post("/api/v1/runs", body);
    assertEquals(started.body(), 202, started.statusCode());
    JsonNode run = MingjianHttp.json(started);
    assertEquals("QUEUED", run.path("state").asText());
    return awaitRunEnd(api, run.path("id").asText());
  }

  private static synchronized JsonNode firstRun() throws Exception {
    if (firstRun == null) {
      firstRun = run(login("chaoyang.analyst"), Map.of("modelId", MODEL, "district", CHAOYANG));
    }
    return firstRun;
  }

  /** case_no -> reason of the planted Chaoyang cases, from the demo data's ground truth. */
  private static Map<String, String> groundTruth() throws IOException {
    Path file = Path.of(System.getProperty("mingjian.home"), "demo", "ground_truth.csv");
    Map<String, String> truth = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[0].equals(MODEL) && f[1].equals(CHAOYANG)) {
        truth.put(f[3], f[4]);
      }
    }
    return truth;
  }

  /** Every clue of a district with its detail, as the analyst sees it. */
  private static List<JsonNode> clues(String token, String district) throws Exception {
    MingjianHttp api = http().withToken(token);
    JsonNode page =
        MingjianHttp.json(
            api.get("/api/v1/clues?size=500&district=" + district + "&modelId=" + MODEL));
    List<JsonNode> details = new java.util.ArrayList<>();
    for (JsonNode c : page.path("items")) {
      HttpResponse<String> r = api.get("/api/v1/clues/" + c.path("id").asText());
      assertEquals(r.body(), 200, r.statusCode());
      details.add(MingjianHttp.json(r));
    }
    assertEquals(page.path("total").asInt(), details.size());
    return details;
  }

  @Test
  public void chaoyangRunFindsExactlyThePlantedCasesMasked() throws Exception {
    JsonNode run = firstRun();
    assertEquals(run.toString(), "SUCCEEDED", run.path("state").asText());
    Map<String, String> truth = groundTruth();
    assertFalse("no ground truth for Chaoyang", truth.isEmpty());
    assertEquals(truth.size(), run.path("stats").path("cluesNew").asInt());
    assertEquals(1.0, run.path("progress").asDouble(), 0.0);
    JsonNode repro = run.path("reproducibility");
    assertEquals(64, repro.path("bundleSha256").asText().length());
    assertEquals(90, repro.path("parameters").path("withinDays").asInt());
    assertEquals(
        Set.of("civil_judgments", "fund_withdrawals", "persons"),
        fieldNames(repro.path("datasetVersions")));

    Map<String, String> found = new LinkedHashMap<>();
    for (JsonNode clue : clues(login("chaoyang.analyst"), CHAOYANG)) {
      assertEquals(CHAOYANG, clue.path("district").asText());
      JsonNode judgment = clue.path("evidence").get(0);
      assertEquals("civil_judgments", judgment.path("dataset").asText());
      found.put(judgment.path("rowKey").asText(), clue.path("fields").path("reason").asText());
      // resident ID numbers and names leave the API masked
      String subject = clue.path("subject").asText();
      assertTrue(subject, subject.matches("110105\\*{8}\\d{3}[\\dX]"));
      assertTrue(
          judgment.toString(),
          judgment.path("fields").path("defendant_id").asText().contains("********"));
      JsonNode person = clue.path("evidence").get(2);
      assertEquals("persons", person.path("dataset").asText());
      assertTrue(person.toString(), person.path("fields").path("name").asText().contains("*"));
      assertFalse(clue.toString(), clue.toString().matches(".*\\d{17}[\\dX].*"));
    }
    assertEquals(
        new TreeSet<>(truth.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()),
        new TreeSet<>(
            found.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
  }

  @Test
  public void rerunCreatesNoDuplicates() throws Exception {
    int planted = firstRun().path("stats").path("cluesNew").asInt();
    String token = login("chaoyang.analyst");
    JsonNode again = run(token, Map.of("modelId", MODEL, "district", CHAOYANG));
    assertEquals("SUCCEEDED", again.path("state").asText());
    assertEquals(0, again.path("stats").path("cluesNew").asInt());
    assertEquals(planted, again.path("stats").path("cluesUpdated").asInt());
    JsonNode page =
        MingjianHttp.json(http().withToken(token).get("/api/v1/clues?district=" + CHAOYANG));
    assertEquals(planted, page.path("total").asInt());
  }

  @Test
  public void otherDistrictsAreRefused() throws Exception {
    String runId = firstRun().path("id").asText();
    String clueId = clues(login("chaoyang.analyst"), CHAOYANG).get(0).path("id").asText();
    MingjianHttp haidian = http().withToken(login("haidian.analyst"));
    assertEquals(403, haidian.get("/api/v1/clues/" + clueId).statusCode());
    assertEquals(403, haidian.get("/api/v1/runs/" + runId).statusCode());
    assertEquals(403, haidian.get("/api/v1/clues?district=" + CHAOYANG).statusCode());
    assertEquals(
        403,
        haidian.post("/api/v1/runs", Map.of("modelId", MODEL, "district", CHAOYANG)).statusCode());
    // their own list holds no Chaoyang clue
    for (JsonNode c : MingjianHttp.json(haidian.get("/api/v1/clues?size=500")).path("items")) {
      assertEquals("110108", c.path("district").asText());
    }
    // a city-office reviewer sees the Chaoyang clue
    assertEquals(
        200, http().withToken(login("reviewer")).get("/api/v1/clues/" + clueId).statusCode());
  }

  @Test
  public void noTokenOrABadTokenIsUnauthenticated() throws Exception {
    for (String path :
        List.of(
            "/api/v1/clues", "/api/v1/runs", "/api/v1/models", "/api/v1/me", "/api/v1/datasets")) {
      HttpResponse<String> anonymous = http().get(path);
      assertEquals(path, 401, anonymous.statusCode());
      assertEquals("unauthenticated", MingjianHttp.json(anonymous).path("error").asText());
      assertEquals(
          path,
          401,
          http().withToken("forged-token-forged-token-forged-token-abcd").get(path).statusCode());
    }
    String token = login("chaoyang.analyst");
    assertEquals(200, http().withToken(token).get("/api/v1/me").statusCode());
    assertEquals(204, http().withToken(token).post("/api/v1/auth/logout", "{}").statusCode());
    assertEquals(401, http().withToken(token).get("/api/v1/me").statusCode());
    assertEquals(200, http().get("/api/v1/openapi.json").statusCode());
  }

  @Test
  public void badInputIsRefusedAndChangesNothing() throws Exception {
    String token = login("chaoyang.analyst");
    MingjianHttp api = http().withToken(token);
    firstRun();
    int runsBefore = MingjianHttp.json(api.get("/api/v1/runs?size=500")).path("total").asInt();
    int cluesBefore = MingjianHttp.json(api.get("/api/v1/clues?size=1")).path("total").asInt();

    HttpResponse<String> wrong =
        http()
            .post(
                "/api/v1/auth/login",
                Map.of("username", "chaoyang.analyst", "password", "not-the-password"));
    assertEquals(401, wrong.statusCode());
    HttpResponse<String> unknown =
        api.post("/api/v1/runs", Map.of("modelId", "no-such-model", "district", CHAOYANG));
    assertEquals(unknown.body(), 404, unknown.statusCode());
    HttpResponse<String> bounds =
        api.post(
            "/api/v1/runs",
            Map.of(
                "modelId",
                MODEL,
                "district",
                CHAOYANG,
                "parameters",
                Map.of("withinDays", 100000)));
    assertEquals(bounds.body(), 422, bounds.statusCode());
    assertTrue(
        bounds.body(),
        MingjianHttp.json(bounds).path("details").path("withinDays").asText().contains("maximum"));
    HttpResponse<String> malformed = api.post("/api/v1/runs", "{\"modelId\": \"" + MODEL + "\", ");
    assertEquals(malformed.body(), 400, malformed.statusCode());
    assertEquals("malformed", MingjianHttp.json(malformed).path("error").asText());
    HttpResponse<String> missingClue =
        api.get("/api/v1/clues/00000000-0000-0000-0000-000000000000");
    assertEquals(404, missingClue.statusCode());
    for (HttpResponse<String> r : List.of(wrong, unknown, bounds, malformed, missingClue)) {
      assertFalse(r.body(), r.body().contains("Exception") || r.body().contains("\tat "));
    }

    assertEquals(
        runsBefore, MingjianHttp.json(api.get("/api/v1/runs?size=500")).path("total").asInt());
    assertEquals(
        cluesBefore, MingjianHttp.json(api.get("/api/v1/clues?size=1")).path("total").asInt());
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
