package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Similar cases (类案) and governance recommendations end to end, over HTTP against the real
 * distribution: two reference models run for Chaoyang and Haidian, the districts' analysts confirm
 * some clues, the city office sees them grouped by model and pattern across districts, drafts a
 * recommendation (检察建议书) for a group, edits it and downloads it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimilarCasesIT extends MingjianTestSupport {
  private static final String DEATH = "allowance-after-death";
  private static final String CUSTODY = "pension-in-custody";
  private static final String CHAOYANG = "110105";
  private static final String HAIDIAN = "110108";
  private static final String DEATH_KEY = DEATH + ".PAID_AFTER_DEATH";
  private static final String CUSTODY_KEY = CUSTODY + ".PAID_IN_CUSTODY";

  @Before
  public void healthy() throws Exception {
    awaitReady();
  }

  private static JsonNode ok(HttpResponse<String> r) throws IOException {
    assertEquals(r.body(), 200, r.statusCode());
    return MingjianHttp.json(r);
  }

  /** Runs a model for a district and returns the ids of its clues there. */
  private static List<String> run(MingjianHttp analyst, String model, String district)
      throws Exception {
    runToEnd(analyst, model, district);
    List<String> ids = new ArrayList<>();
    ok(analyst.get("/api/v1/clues?size=500&district=" + district + "&modelId=" + model))
        .path("items")
        .forEach(c -> ids.add(c.path("id").asText()));
    return ids;
  }

  private static void confirm(MingjianHttp analyst, String clue, String disposition)
      throws Exception {
    ok(analyst.post("/api/v1/clues/" + clue + "/transitions", Map.of("to", "VERIFYING")));
    ok(
        analyst.post(
            "/api/v1/clues/" + clue + "/transitions",
            Map.of("to", "CONFIRMED", "disposition", disposition, "note", "核实属实")));
  }

  private static JsonNode group(JsonNode page, String key) {
    for (JsonNode g : page.path("items")) {
      if (g.path("key").asText().equals(key)) {
        return g;
      }
    }
    return null;
  }

  @Test
  public void confirmedCluesAreGroupedAcrossDistrictsAndARecommendationIsDrafted()
      throws Exception {
    MingjianHttp chaoyang = http().withToken(login("chaoyang.analyst"));
    MingjianHttp haidian = http().withToken(login("haidian.analyst"));
    MingjianHttp admin = http().withToken(login("admin"));
    MingjianHttp reviewer = http().withToken(login("reviewer"));
    MingjianHttp auditor = http().withToken(login("auditor"));

    List<String> deathChaoyang = run(chaoyang, DEATH, CHAOYANG);
    List<String> deathHaidian = run(haidian, DEATH, HAIDIAN);
    List<String> custodyChaoyang = run(chaoyang, CUSTODY, CHAOYANG);
    run(haidian, CUSTODY, HAIDIAN);
    assertTrue("Chaoyang death clues: " + deathChaoyang, deathChaoyang.size() >= 2);
    assertTrue("Haidian death clues: " + deathHaidian, deathHaidian.size() >= 2);
    assertTrue("Chaoyang custody clues: " + custodyChaoyang, custodyChaoyang.size() >= 1);

    // nothing confirmed yet: no groups
    assertEquals(0, ok(admin.get("/api/v1/similar-cases")).path("total").asInt());

    confirm(chaoyang, deathChaoyang.get(0), "PROCURATORIAL_RECOMMENDATION");
    confirm(chaoyang, deathChaoyang.get(1), "CASE_FILED");
    confirm(haidian, deathHaidian.get(0), "PROCURATORIAL_RECOMMENDATION");
    // a dismissed clue is no similar case
    ok(
        haidian.post(
            "/api/v1/clues/" + deathHaidian.get(1) + "/transitions", Map.of("to", "VERIFYING")));
    ok(
        haidian.post(
            "/api/v1/clues/" + deathHaidian.get(1) + "/transitions", Map.of("to", "DISMISSED")));
    confirm(chaoyang, custodyChaoyang.get(0), "REFERRAL");

    // the groups: most districts first
    JsonNode all = ok(admin.get("/api/v1/similar-cases"));
    assertEquals(all.toString(), 2, all.path("total").asInt());
    assertEquals(DEATH_KEY, all.path("items").get(0).path("key").asText());
    JsonNode death = group(all, DEATH_KEY);
    assertNotNull(all.toString(), death);
    assertEquals(DEATH, death.path("modelId").asText());
    assertEquals("PAID_AFTER_DEATH", death.path("pattern").asText());
    assertTrue(death.path("modelName").asText().contains("死亡人员领津贴"));
    assertEquals(2, death.path("districts").path(CHAOYANG).asInt());
    assertEquals(1, death.path("districts").path(HAIDIAN).asInt());
    assertEquals(2, death.path("districtCount").asInt());
    assertEquals(3, death.path("total").asInt());
    assertEquals(2, death.path("dispositions").path("PROCURATORIAL_RECOMMENDATION").asInt());
    assertEquals(1, death.path("dispositions").path("CASE_FILED").asInt());
    assertFalse(death.path("firstConfirmedAt").asText().isEmpty());
    assertEquals(3, death.path("examples").size());
    for (JsonNode e : death.path("examples")) {
      assertEquals("CONFIRMED", e.path("state").asText());
    }
    assertFalse(death.toString(), death.toString().matches(".*\\d{17}[\\dX].*"));
    JsonNode custody = group(all, CUSTODY_KEY);
    assertNotNull(all.toString(), custody);
    assertEquals(1, custody.path("districtCount").asInt());

    // filters and paging
    JsonNode wide = ok(admin.get("/api/v1/similar-cases?minDistricts=2"));
    assertEquals(1, wide.path("total").asInt());
    assertEquals(DEATH_KEY, wide.path("items").get(0).path("key").asText());
    JsonNode byModel = ok(reviewer.get("/api/v1/similar-cases?modelId=" + CUSTODY));
    assertEquals(1, byModel.path("total").asInt());
    assertEquals(CUSTODY_KEY, byModel.path("items").get(0).path("key").asText());
    JsonNode paged = ok(admin.get("/api/v1/similar-cases?page=1&size=1"));
    assertEquals(2, paged.path("total").asInt());
    assertEquals(1, paged.path("items").size());
    assertEquals(CUSTODY_KEY, paged.path("items").get(0).path("key").asText());
    assertEquals(400, admin.get("/api/v1/similar-cases?minDistricts=two").statusCode());
    assertEquals(400, admin.get("/api/v1/similar-cases?minDistricts=0").statusCode());
    assertEquals(403, chaoyang.get("/api/v1/similar-cases").statusCode());
    assertEquals(401, http().get("/api/v1/similar-cases").statusCode());

    // a recommendation for the group seen in both districts
    assertEquals(
        403,
        reviewer
            .post("/api/v1/similar-cases/" + DEATH_KEY + "/recommendation", Map.of())
            .statusCode());
    assertEquals(
        404,
        admin
            .post("/api/v1/similar-cases/" + DEATH + ".NO_SUCH/recommendation", Map.of())
            .statusCode());
    HttpResponse<String> created =
        admin.post("/api/v1/similar-cases/" + DEATH_KEY + "/recommendation", Map.of());
    assertEquals(created.body(), 201, created.statusCode());
    JsonNode rec = MingjianHttp.json(created);
    String id = rec.path("id").asText();
    assertEquals(DEATH_KEY, rec.path("key").asText());
    assertEquals("admin", rec.path("createdBy").asText());
    assertFalse(rec.path("createdAt").asText().isEmpty());
    assertTrue(rec.path("title").asText(), rec.path("title").asText().contains("检察建议书"));
    String md = rec.path("markdown").asText();
    String owner = ok(admin.get("/api/v1/datasets/allowance_payments")).path("owner").asText();
    assertFalse(owner.isEmpty());
    // the addressee line names the department owning the dataset
    assertTrue(
        md, md.lines().anyMatch(l -> l.endsWith("：") && List.of(l.split("[、：]")).contains(owner)));
    assertTrue(md, md.contains("《社会救助暂行办法》"));
    assertTrue(md, md.contains("| " + CHAOYANG + " | 2 |"));
    assertTrue(md, md.contains("| " + HAIDIAN + " | 1 |"));
    assertTrue(md, md.contains("| 合计 |  | 3 |"));
    assertTrue(md, md.contains("草稿"));
    assertFalse(md, md.matches("(?s).*\\d{17}[\\dX].*"));

    // read, edit (who and when kept), download
    assertEquals(md, ok(reviewer.get("/api/v1/recommendations/" + id)).path("markdown").asText());
    assertEquals(403, chaoyang.get("/api/v1/recommendations/" + id).statusCode());
    assertEquals(404, admin.get("/api/v1/recommendations/no-such-recommendation").statusCode());
    String edited = md.replace("【检察院名称】", "北京市人民检察院第一分院");
    assertEquals(
        403,
        reviewer.put("/api/v1/recommendations/" + id, Map.of("markdown", edited)).statusCode());
    assertEquals(
        422, admin.put("/api/v1/recommendations/" + id, Map.of("markdown", " ")).statusCode());
    JsonNode after = ok(admin.put("/api/v1/recommendations/" + id, Map.of("markdown", edited)));
    assertEquals(edited, after.path("markdown").asText());
    assertEquals(1, after.path("edits").size());
    assertEquals("admin", after.path("edits").get(0).path("by").asText());
    assertEquals("admin", after.path("updatedBy").asText());
    assertEquals(rec.path("createdAt").asText(), after.path("createdAt").asText());

    HttpResponse<String> doc = reviewer.get("/api/v1/recommendations/" + id + "/document");
    assertEquals(doc.body(), 200, doc.statusCode());
    assertTrue(
        doc.headers().firstValue("Content-Type").orElse(""),
        doc.headers().firstValue("Content-Type").orElse("").startsWith("text/markdown"));
    String disposition = doc.headers().firstValue("Content-Disposition").orElse("");
    assertTrue(disposition, disposition.startsWith("attachment"));
    assertTrue(disposition, disposition.contains(".md"));
    assertEquals(edited, doc.body());

    // creation, edit and download are in the audit chain
    for (String action :
        List.of("recommendation.created", "recommendation.edited", "recommendation.downloaded")) {
      JsonNode entries = ok(auditor.get("/api/v1/audit?action=" + action));
      assertEquals(action + ": " + entries, 1, entries.path("total").asInt());
      assertEquals(id, entries.path("items").get(0).path("target").asText());
    }
  }
}
