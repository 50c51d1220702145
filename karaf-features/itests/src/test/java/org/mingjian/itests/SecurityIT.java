package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mingjian.platform.store.StateStore;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Security in the real distribution: forced password change for generated passwords, login
 * throttling per username, the audit trail recording what happened, surviving a restart of its
 * bundle, and detecting an entry edited directly in the database.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends MingjianTestSupport {

  private static HttpResponse<String> login(String user, String password) throws Exception {
    return http().post("/api/v1/auth/login", Map.of("username", user, "password", password));
  }

  private static String token(String user, String password) throws Exception {
    HttpResponse<String> r = login(user, password);
    assertEquals(r.body(), 200, r.statusCode());
    return MingjianHttp.json(r).path("token").asText();
  }

  @Test
  public void aGeneratedPasswordMustBeChangedBeforeAnythingElse() throws Exception {
    awaitReady();
    MingjianHttp admin = http().withToken(token("admin", DEMO_PASSWORD));
    HttpResponse<String> created =
        admin.post(
            "/api/v1/admin/users",
            Map.of("username", "new.analyst", "district", "110105", "roles", List.of("ANALYST")));
    assertEquals(created.body(), 201, created.statusCode());
    String initial = MingjianHttp.json(created).path("initialPassword").asText();
    assertTrue(initial.length() >= 12);

    HttpResponse<String> first = login("new.analyst", initial);
    assertTrue(MingjianHttp.json(first).path("mustChangePassword").asBoolean());
    MingjianHttp user = http().withToken(MingjianHttp.json(first).path("token").asText());
    HttpResponse<String> blocked = user.get("/api/v1/clues");
    assertEquals(403, blocked.statusCode());
    assertEquals("password_change_required", MingjianHttp.json(blocked).path("error").asText());
    assertEquals(200, user.get("/api/v1/me").statusCode());
    assertEquals(
        422,
        user.post("/api/v1/me/password", Map.of("current", initial, "new", "short")).statusCode());
    assertEquals(
        204,
        user.post("/api/v1/me/password", Map.of("current", initial, "new", "Chaoyang-analyst-2026"))
            .statusCode());
    // the old token died with the old password; the new password works and nothing is blocked
    assertEquals(401, user.get("/api/v1/me").statusCode());
    assertEquals(401, login("new.analyst", initial).statusCode());
    MingjianHttp changed = http().withToken(token("new.analyst", "Chaoyang-analyst-2026"));
    assertEquals(200, changed.get("/api/v1/clues").statusCode());
  }

  @Test
  public void tenFailuresThrottleOneUsernameOnly() throws Exception {
    awaitReady();
    for (int i = 0; i < 10; i++) {
      assertEquals(401, login("haidian.dev", "wrong-password-" + i).statusCode());
    }
    HttpResponse<String> throttled = login("haidian.dev", DEMO_PASSWORD);
    assertEquals(throttled.body(), 429, throttled.statusCode());
    assertEquals("throttled", MingjianHttp.json(throttled).path("error").asText());
    assertEquals(200, login("chaoyang.dev", DEMO_PASSWORD).statusCode());

    MingjianHttp auditor = http().withToken(token("auditor", DEMO_PASSWORD));
    JsonNode failures =
        MingjianHttp.json(auditor.get("/api/v1/audit?action=auth.login.failed&actor=haidian.dev"));
    assertEquals(10, failures.path("total").asInt());
    assertEquals(
        1,
        MingjianHttp.json(
                auditor.get("/api/v1/audit?action=auth.login.throttled&actor=haidian.dev"))
            .path("total")
            .asInt());
  }

  @Test
  public void theAuditChainRecordsSurvivesARestartAndDetectsTampering() throws Exception {
    awaitReady();
    MingjianHttp analyst = http().withToken(token("chaoyang.analyst", DEMO_PASSWORD));
    String runId =
        MingjianHttp.json(
                analyst.post(
                    "/api/v1/runs",
                    Map.of("modelId", "provident-fund-false-litigation", "district", "110105")))
            .path("id")
            .asText();
    await(
        "run finished",
        () -> {
          try {
            return MingjianHttp.json(analyst.get("/api/v1/runs/" + runId))
                .path("state")
                .asText()
                .equals("SUCCEEDED");
          } catch (Exception e) {
            return false;
          }
        });
    String clueId =
        MingjianHttp.json(analyst.get("/api/v1/clues?size=1"))
            .path("items")
            .get(0)
            .path("id")
            .asText();
    HttpResponse<String> revealed =
        analyst.post(
            "/api/v1/clues/" + clueId + "/reveal",
            Map.of("reason", "checking the debtor with the fund centre"));
    assertEquals(200, revealed.statusCode());
    assertTrue(
        revealed.body(),
        MingjianHttp.json(revealed).path("subject").asText().matches("\\d{17}[\\dX]"));

    MingjianHttp auditor = http().withToken(token("auditor", DEMO_PASSWORD));
    JsonNode reads =
        MingjianHttp.json(auditor.get("/api/v1/audit?action=data.read&actor=chaoyang.analyst"));
    assertTrue(reads.toString(), reads.path("total").asInt() >= 1);
    JsonNode read = reads.path("items").get(0);
    assertEquals(runId, read.path("target").asText());
    assertEquals(1, read.path("details").path("datasetVersions").path("persons").asInt());
    // the fund amounts are SENSITIVE: the reveal is queued for the auditors' review
    JsonNode reveals =
        MingjianHttp.json(auditor.get("/api/v1/audit?action=clue.revealed.sensitive"));
    assertEquals(1, reveals.path("total").asInt());
    assertEquals(
        "checking the debtor with the fund centre",
        reveals.path("items").get(0).path("details").path("reason").asText());
    assertEquals(
        1,
        MingjianHttp.json(auditor.get("/api/v1/audit?action=bootstrap.completed"))
            .path("total")
            .asInt());

    JsonNode verified = MingjianHttp.json(auditor.get("/api/v1/audit/verify"));
    assertTrue(verified.toString(), verified.path("valid").asBoolean());
    long entries = verified.path("entries").asLong();
    HttpResponse<String> checkpoint = auditor.post("/api/v1/audit/checkpoints", "{}");
    assertEquals(checkpoint.body(), 201, checkpoint.statusCode());
    JsonNode export = MingjianHttp.json(auditor.get("/api/v1/audit/checkpoints"));
    assertTrue(export.toString(), export.toString().contains("BEGIN PUBLIC KEY"));

    // the chain survives a restart of the audit bundle and continues from its head
    Bundle audit = bundle("org.mingjian.platform.audit").orElseThrow();
    audit.stop();
    audit.start();
    awaitReady();
    MingjianHttp auditorAgain = http().withToken(token("auditor", DEMO_PASSWORD));
    JsonNode after = MingjianHttp.json(auditorAgain.get("/api/v1/audit/verify"));
    assertTrue(after.toString(), after.path("valid").asBoolean());
    assertTrue(after.path("entries").asLong() > entries);

    // someone edits an entry in the database: verify names the first broken entry
    long victim = read.path("seq").asLong();
    StateStore store = awaitService(StateStore.class, null);
    int changed =
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("UPDATE audit_log SET actor = ? WHERE seq = ?")) {
                ps.setString(1, "someone.else");
                ps.setLong(2, victim);
                return ps.executeUpdate();
              }
            });
    assertEquals(1, changed);
    JsonNode broken = MingjianHttp.json(auditorAgain.get("/api/v1/audit/verify"));
    assertFalse(broken.toString(), broken.path("valid").asBoolean());
    assertEquals(victim, broken.path("firstBrokenSeq").asLong());
  }
}
