package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The six reference models over HTTP on the first-start demo data: a Haidian analyst runs each for
 * 110108, the run succeeds, and its clues are exactly the planted cases of {@code ground_truth.csv}
 * for that model and district (first evidence row key, masked subject).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReferenceModelsIT extends MingjianTestSupport {
  private static final String DISTRICT = "110108";
  private static final String ANALYST = "haidian.analyst";

  /** Model id and the dataset of its clues' first evidence. */
  private static final Map<String, String> MODELS =
      Map.of(
          "provident-fund-false-litigation", "civil_judgments",
          "fuel-tax", "enterprises",
          "special-operation-certificates", "site_personnel",
          "allowance-after-death", "allowance_payments",
          "pension-in-custody", "prison_roster",
          "barred-legal-representative", "enterprises");

  @Before
  public void healthy() throws Exception {
    awaitReady();
  }

  private static JsonNode run(String token, String model) throws Exception {
    MingjianHttp api = http().withToken(token);
    HttpResponse<String> started =
        api.post("/api/v1/runs", Map.of("modelId", model, "district", DISTRICT));
    assertEquals(model + ": " + started.body(), 202, started.statusCode());
    return awaitRunEnd(api, MingjianHttp.json(started).path("id").asText());
  }

  /** "row key | masked subject" of the planted cases of a model in the district. */
  private static TreeSet<String> groundTruth(String model) throws IOException {
    Path file = Path.of(System.getProperty("mingjian.home"), "demo", "ground_truth.csv");
    TreeSet<String> truth = new TreeSet<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[0].equals(model) && f[1].equals(DISTRICT)) {
        truth.add(f[3] + " | " + masked(f[2]));
      }
    }
    return truth;
  }

  /** How the API shows a subject: ID numbers keep area code and last four, others a third. */
  private static String masked(String s) {
    if (s.matches("\\d{17}[\\dXx]")) {
      return s.substring(0, 6) + "********" + s.substring(14);
    }
    int keep = Math.max(1, s.length() / 3);
    return s.substring(0, keep) + "*".repeat(s.length() - keep);
  }

  private static TreeSet<String> clues(String token, String model, String keyDataset)
      throws Exception {
    MingjianHttp api = http().withToken(token);
    JsonNode page =
        MingjianHttp.json(
            api.get("/api/v1/clues?size=500&district=" + DISTRICT + "&modelId=" + model));
    TreeSet<String> found = new TreeSet<>();
    List<JsonNode> items = new ArrayList<>();
    page.path("items").forEach(items::add);
    assertEquals(model, page.path("total").asInt(), items.size());
    for (JsonNode item : items) {
      HttpResponse<String> r = api.get("/api/v1/clues/" + item.path("id").asText());
      assertEquals(r.body(), 200, r.statusCode());
      JsonNode clue = MingjianHttp.json(r);
      assertEquals(DISTRICT, clue.path("district").asText());
      assertEquals(model, clue.path("modelId").asText());
      JsonNode first = clue.path("evidence").get(0);
      assertEquals(model, keyDataset, first.path("dataset").asText());
      found.add(first.path("rowKey").asText() + " | " + clue.path("subject").asText());
    }
    return found;
  }

  @Test
  public void everyReferenceModelFindsExactlyThePlantedCasesOfTheDistrict() throws Exception {
    String token = login(ANALYST);
    for (Map.Entry<String, String> m : new java.util.TreeMap<>(MODELS).entrySet()) {
      String model = m.getKey();
      JsonNode run = run(token, model);
      assertEquals(model + ": " + run, "SUCCEEDED", run.path("state").asText());
      TreeSet<String> truth = groundTruth(model);
      assertFalse("no ground truth for " + model, truth.isEmpty());
      assertEquals(model, truth.size(), run.path("stats").path("cluesNew").asInt());
      assertEquals(model, truth, clues(token, model, m.getValue()));
    }
  }
}
