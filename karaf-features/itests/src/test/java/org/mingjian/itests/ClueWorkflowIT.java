package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The clue workflow end to end, over HTTP against the real distribution: a Chaoyang analyst runs
 * the provident-fund model, assigns, verifies, confirms and dismisses clues, comments on them,
 * exports them masked (and audited), reads the conversion rate, and re-runs the model without
 * losing any state.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClueWorkflowIT extends MingjianTestSupport {
  private static final String MODEL = "provident-fund-false-litigation";
  private static final String CHAOYANG = "110105";

  @Before
  public void healthy() throws Exception {
    awaitReady();
  }

  /** Starts a run and waits for it to end; returns the final run. */
  private static JsonNode run(MingjianHttp api) throws Exception {
    return runToEnd(api, MODEL, CHAOYANG);
  }

  private static HttpResponse<String> move(MingjianHttp api, String id, Map<String, ?> body)
      throws Exception {
    return api.post("/api/v1/clues/" + id + "/transitions", body);
  }

  private static JsonNode ok(HttpResponse<String> r) throws IOException {
    assertEquals(r.body(), 200, r.statusCode());
    return MingjianHttp.json(r);
  }

  private static String state(MingjianHttp api, String id) throws Exception {
    return ok(api.get("/api/v1/clues/" + id)).path("state").asText();
  }

  @Test
  public void analystsWorkTheQueue() throws Exception {
    MingjianHttp analyst = http().withToken(login("chaoyang.analyst"));
    MingjianHttp haidian = http().withToken(login("haidian.analyst"));
    MingjianHttp reviewer = http().withToken(login("reviewer"));
    MingjianHttp auditor = http().withToken(login("auditor"));

    int planted = run(analyst).path("stats").path("cluesNew").asInt();
    JsonNode page =
        ok(analyst.get("/api/v1/clues?size=500&district=" + CHAOYANG + "&modelId=" + MODEL));
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(c -> ids.add(c.path("id").asText()));
    assertEquals(planted, ids.size());
    assertTrue("need three clues to work with, got " + ids.size(), ids.size() >= 3);
    String a = ids.get(0);
    String b = ids.get(1);
    String c = ids.get(2);
    for (JsonNode item : page.path("items")) {
      assertEquals("NEW", item.path("state").asText());
    }

    // assign A, verify, confirm with a disposition
    HttpResponse<String> wrongAssignee =
        move(analyst, a, Map.of("to", "ASSIGNED", "assignee", "haidian.analyst"));
    assertEquals(wrongAssignee.body(), 422, wrongAssignee.statusCode());
    assertEquals(422, move(analyst, a, Map.of("to", "ASSIGNED")).statusCode());
    assertEquals("NEW", state(analyst, a));
    JsonNode assigned =
        ok(
            move(
                analyst,
                a,
                Map.of("to", "ASSIGNED", "assignee", "chaoyang.analyst", "note", "请核查")));
    assertEquals("ASSIGNED", assigned.path("state").asText());
    assertEquals("chaoyang.analyst", assigned.path("assignee").asText());
    assertTrue(assigned.path("subject").asText().contains("********"));
    assertEquals(
        "VERIFYING", ok(move(analyst, a, Map.of("to", "VERIFYING"))).path("state").asText());
    assertEquals(422, move(analyst, a, Map.of("to", "CONFIRMED")).statusCode());
    assertEquals(
        422, move(analyst, a, Map.of("to", "CONFIRMED", "disposition", "FINE")).statusCode());
    JsonNode confirmed =
        ok(move(analyst, a, Map.of("to", "CONFIRMED", "disposition", "CASE_FILED", "note", "已立案")));
    assertEquals("CONFIRMED", confirmed.path("state").asText());
    assertEquals("CASE_FILED", confirmed.path("disposition").asText());

    // illegal moves: 409 and nothing changes; other districts and roles are refused
    HttpResponse<String> illegal = move(analyst, a, Map.of("to", "VERIFYING"));
    assertEquals(illegal.body(), 409, illegal.statusCode());
    assertEquals("conflict", MingjianHttp.json(illegal).path("error").asText());
    assertEquals(409, move(analyst, c, Map.of("to", "DISMISSED")).statusCode());
    assertEquals(403, move(haidian, b, Map.of("to", "VERIFYING")).statusCode());
    assertEquals(403, move(reviewer, b, Map.of("to", "VERIFYING")).statusCode());
    assertEquals(
        404,
        move(analyst, "00000000-0000-0000-0000-000000000000", Map.of("to", "VERIFYING"))
            .statusCode());
    assertEquals("CONFIRMED", state(analyst, a));
    assertEquals("NEW", state(analyst, c));

    // dismiss B
    ok(move(analyst, b, Map.of("to", "ASSIGNED", "assignee", "chaoyang.analyst")));
    assertEquals(
        "DISMISSED",
        ok(move(analyst, b, Map.of("to", "DISMISSED", "note", "借贷关系真实"))).path("state").asText());

    // comments (研判会商)
    HttpResponse<String> comment =
        analyst.post(
            "/api/v1/clues/" + a + "/comments",
            Map.of("text", "研判会商: 同一代理人 110105194912310021 出现在多起案件"));
    assertEquals(comment.body(), 201, comment.statusCode());
    assertEquals("COMMENT", MingjianHttp.json(comment).path("kind").asText());
    assertEquals(
        422, analyst.post("/api/v1/clues/" + a + "/comments", Map.of("text", "")).statusCode());
    assertEquals(
        422,
        analyst
            .post("/api/v1/clues/" + a + "/comments", Map.of("text", "x".repeat(4001)))
            .statusCode());
    assertEquals(
        403, haidian.post("/api/v1/clues/" + a + "/comments", Map.of("text", "x")).statusCode());

    // the detail shows the whole history, oldest first, masked
    JsonNode detail = ok(analyst.get("/api/v1/clues/" + a));
    assertEquals("chaoyang.analyst", detail.path("assignee").asText());
    assertEquals("CASE_FILED", detail.path("disposition").asText());
    assertTrue(detail.path("ageDays").isIntegralNumber());
    JsonNode history = detail.path("history");
    assertEquals(history.toString(), 4, history.size());
    assertEquals("ASSIGNED", history.get(0).path("to").asText());
    assertEquals("VERIFYING", history.get(1).path("to").asText());
    assertEquals("CONFIRMED", history.get(2).path("to").asText());
    assertEquals("COMMENT", history.get(3).path("kind").asText());
    assertFalse(detail.toString(), detail.toString().matches(".*\\d{17}[\\dX].*"));

    // bulk: all or nothing
    HttpResponse<String> bulkConflict =
        analyst.post(
            "/api/v1/clues/transitions/bulk", Map.of("ids", List.of(c, a), "to", "VERIFYING"));
    assertEquals(bulkConflict.body(), 409, bulkConflict.statusCode());
    assertEquals(a, MingjianHttp.json(bulkConflict).path("details").path("ids").get(0).asText());
    assertEquals("NEW", state(analyst, c));
    assertEquals(
        403,
        haidian
            .post("/api/v1/clues/transitions/bulk", Map.of("ids", List.of(c), "to", "VERIFYING"))
            .statusCode());
    assertEquals(
        404,
        analyst
            .post(
                "/api/v1/clues/transitions/bulk",
                Map.of(
                    "ids", List.of(c, "00000000-0000-0000-0000-000000000000"), "to", "VERIFYING"))
            .statusCode());
    assertEquals("NEW", state(analyst, c));
    JsonNode bulk =
        ok(
            analyst.post(
                "/api/v1/clues/transitions/bulk", Map.of("ids", List.of(c), "to", "VERIFYING")));
    assertEquals(1, bulk.path("count").asInt());
    assertEquals("VERIFYING", state(analyst, c));

    // CSV export, masked like the list, and audited
    HttpResponse<String> csv = analyst.get("/api/v1/clues/export?modelId=" + MODEL);
    assertEquals(csv.body(), 200, csv.statusCode());
    assertTrue(
        csv.headers().firstValue("Content-Type").orElse(""),
        csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    String[] lines = csv.body().split("\r\n");
    assertEquals(
        "id,model_id,district,subject,title,score,state,assignee,disposition,first_seen,last_seen,age_days",
        lines[0]);
    assertEquals(planted + 1, lines.length);
    assertFalse(csv.body(), csv.body().matches("(?s).*\\d{17}[\\dX].*"));
    assertTrue(csv.body(), csv.body().contains("CASE_FILED"));
    assertEquals(403, haidian.get("/api/v1/clues/export?district=" + CHAOYANG).statusCode());
    assertEquals(403, reviewer.get("/api/v1/clues/export").statusCode());
    JsonNode audit = ok(auditor.get("/api/v1/audit?action=clue.exported"));
    assertTrue(audit.toString(), audit.path("total").asInt() >= 1);
    JsonNode entry = audit.path("items").get(0);
    assertEquals("clue.exported", entry.path("action").asText());
    assertEquals("chaoyang.analyst", entry.path("actor").asText());
    assertEquals(planted, entry.path("details").path("rows").asInt());
    assertTrue(ok(auditor.get("/api/v1/audit?action=clue.transition")).path("total").asInt() >= 5);

    // metrics: one confirmed, one dismissed
    for (MingjianHttp who : List.of(analyst, reviewer)) {
      JsonNode metrics =
          ok(who.get("/api/v1/clues/metrics?modelId=" + MODEL + "&district=" + CHAOYANG));
      assertEquals(metrics.toString(), 1, metrics.path("items").size());
      JsonNode m = metrics.path("items").get(0);
      assertEquals(planted, m.path("clues").asInt());
      assertEquals(1, m.path("confirmed").asInt());
      assertEquals(1, m.path("dismissed").asInt());
      assertEquals(planted - 2, m.path("open").asInt());
      assertEquals(0.5, m.path("conversionRate").asDouble(), 1e-9);
    }
    assertEquals(403, haidian.get("/api/v1/clues/metrics?district=" + CHAOYANG).statusCode());

    // re-running the model keeps every state
    Map<String, String> before = new HashMap<>();
    for (String id : ids) {
      before.put(id, state(analyst, id));
    }
    JsonNode again = run(analyst);
    assertEquals(0, again.path("stats").path("cluesNew").asInt());
    assertEquals(planted, again.path("stats").path("cluesUpdated").asInt());
    for (String id : ids) {
      assertEquals(id, before.get(id), state(analyst, id));
    }
    assertEquals("CONFIRMED", state(analyst, a));
    assertEquals("DISMISSED", state(analyst, b));
  }
}
