package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mingjian.platform.store.StateStore;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Hostile input: each case gets the right 4xx with the API's error JSON and no stack trace, and
 * leaves state (runs, clues, users) and the audit chain unchanged apart from the audit entries that
 * case is expected to add.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileInputIT extends MingjianTestSupport {
  private static final String MODEL = "provident-fund-false-litigation";

  private record Snapshot(long runs, long clues, Set<String> users, long auditEntries) {}

  private MingjianHttp admin;
  private MingjianHttp auditor;
  private MingjianHttp chaoyang;
  private MingjianHttp haidian;
  private String chaoyangRun;
  private String chaoyangClue;
  private final List<String> failures = new ArrayList<>();

  private Snapshot snapshot() throws Exception {
    Set<String> users = new TreeSet<>();
    for (JsonNode u : MingjianHttp.json(admin.get("/api/v1/admin/users")).path("items")) {
      users.add(u.path("username").asText() + u.path("district").asText() + u.path("roles"));
    }
    return new Snapshot(
        MingjianHttp.json(admin.get("/api/v1/runs?size=1")).path("total").asLong(),
        MingjianHttp.json(admin.get("/api/v1/clues?size=1")).path("total").asLong(),
        users,
        MingjianHttp.json(auditor.get("/api/v1/audit?size=1")).path("total").asLong());
  }

  /** The actions of the audit entries after {@code before} entries. */
  private List<String> auditSince(long before) throws Exception {
    JsonNode page = MingjianHttp.json(auditor.get("/api/v1/audit?size=500"));
    List<String> actions = new ArrayList<>();
    for (JsonNode e : page.path("items")) {
      if (e.path("seq").asLong() > before) {
        actions.add(e.path("action").asText());
      }
    }
    return actions;
  }

  /**
   * Runs one hostile case: the expected status, the error JSON, no trace, and nothing changed but
   * the allowed audit actions (the auditor's own reads are not audited).
   */
  private void expect(
      String name, int status, HttpResponse<String> response, String... allowedAudit)
      throws Exception {
    Snapshot before = current;
    if (response.statusCode() != status) {
      failures.add(
          name + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
    } else {
      JsonNode body = MingjianHttp.json(response);
      if (!body.has("error") || !body.has("message")) {
        failures.add(name + ": no error JSON: " + response.body());
      }
    }
    if (response.body().contains("Exception") || response.body().contains("\tat ")) {
      failures.add(name + ": leaks a trace: " + response.body());
    }
    Snapshot after = snapshot();
    if (after.runs() != before.runs()
        || after.clues() != before.clues()
        || !after.users().equals(before.users())) {
      failures.add(name + ": state changed: " + before + " -> " + after);
    }
    List<String> added = auditSince(before.auditEntries());
    for (String action : added) {
      if (!Set.of(allowedAudit).contains(action)) {
        failures.add(name + ": unexpected audit entry " + action);
      }
    }
    current = after;
  }

  private Snapshot current;

  private HttpResponse<String> raw(
      MingjianHttp client, String method, String path, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
            .header("Accept", "application/json");
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return client.send(b);
  }

  @Test
  public void hostileInputGetsA4xxAndChangesNothing() throws Exception {
    awaitReady();
    admin = http().withToken(login("admin"));
    auditor = http().withToken(login("auditor"));
    String chaoyangToken = login("chaoyang.analyst");
    chaoyang = http().withToken(chaoyangToken);
    haidian = http().withToken(login("haidian.analyst"));
    chaoyangRun =
        MingjianHttp.json(
                chaoyang.post("/api/v1/runs", Map.of("modelId", MODEL, "district", "110105")))
            .path("id")
            .asText();
    await(
        "run finished",
        () -> {
          try {
            return MingjianHttp.json(chaoyang.get("/api/v1/runs/" + chaoyangRun))
                .path("state")
                .asText()
                .equals("SUCCEEDED");
          } catch (Exception e) {
            return false;
          }
        });
    chaoyangClue =
        MingjianHttp.json(chaoyang.get("/api/v1/clues?size=1"))
            .path("items")
            .get(0)
            .path("id")
            .asText();
    current = snapshot();

    // SQL injection: path, query, JSON fields
    expect("injection in a path id", 404, chaoyang.get("/api/v1/clues/x'%20OR%20'1'='1"));
    expect(
        "injection in a query filter",
        400,
        chaoyang.get("/api/v1/clues?district=110105'%20OR%20'1'='1"));
    expect(
        "injection in the login name",
        401,
        http()
            .post(
                "/api/v1/auth/login", Map.of("username", "admin' --", "password", "x' OR '1'='1")),
        "auth.login.failed");
    expect(
        "injection in a model id",
        404,
        chaoyang.post(
            "/api/v1/runs", Map.of("modelId", "x'; DROP TABLE runs; --", "district", "110105")));
    expect(
        "injection in a dataset name",
        404,
        chaoyang.get("/api/v1/datasets/persons'%20OR%20'1'='1"));
    // path traversal
    expect(
        "path traversal in a dataset name",
        404,
        chaoyang.get("/api/v1/datasets/..%2F..%2Fetc%2Fpasswd"));
    expect("path traversal in a clue id", 404, chaoyang.get("/api/v1/clues/..%2F..%2Fstate"));
    // sizes, types, encodings
    byte[] big =
        ("{\"modelId\":\"" + "x".repeat(2_000_000) + "\",\"district\":\"110105\"}").getBytes();
    expect("oversized body", 413, raw(chaoyang, "POST", "/api/v1/runs", "application/json", big));
    expect(
        "wrong content type",
        415,
        raw(chaoyang, "POST", "/api/v1/runs", "text/plain", "modelId=x".getBytes()));
    expect(
        "deeply nested JSON",
        400,
        raw(
            chaoyang,
            "POST",
            "/api/v1/runs",
            "application/json",
            ("[".repeat(5000) + "]".repeat(5000)).getBytes()));
    expect(
        "invalid UTF-8",
        400,
        raw(
            chaoyang,
            "POST",
            "/api/v1/runs",
            "application/json",
            new byte[] {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
    expect(
        "malformed JSON",
        400,
        raw(chaoyang, "POST", "/api/v1/runs", "application/json", "{\"modelId\":".getBytes()));
    expect(
        "a JSON array instead of an object",
        400,
        raw(chaoyang, "POST", "/api/v1/runs", "application/json", "[1,2]".getBytes()));
    expect(
        "a number where text belongs",
        400,
        raw(
            chaoyang,
            "POST",
            "/api/v1/runs",
            "application/json",
            "{\"modelId\":5,\"district\":\"110105\"}".getBytes()));
    expect(
        "a parameter of the wrong type",
        422,
        chaoyang.post(
            "/api/v1/runs",
            Map.of(
                "modelId",
                MODEL,
                "district",
                "110105",
                "parameters",
                Map.of("withinDays", "ninety"))));
    // paging
    expect("negative page size", 400, chaoyang.get("/api/v1/clues?size=-1"));
    expect("huge page size", 400, chaoyang.get("/api/v1/clues?size=1000000"));
    expect("negative page", 400, chaoyang.get("/api/v1/runs?page=-3"));
    expect("page that is not a number", 400, chaoyang.get("/api/v1/runs?page=1e9"));
    // tokens
    String tampered =
        chaoyangToken.substring(0, 10)
            + (chaoyangToken.charAt(10) == 'A' ? 'B' : 'A')
            + chaoyangToken.substring(11);
    expect("tampered token", 401, http().withToken(tampered).get("/api/v1/clues"));
    String expiring = login("chaoyang.analyst");
    current = snapshot();
    StateStore store = awaitService(StateStore.class, null);
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tokens SET expires_at = ? WHERE revoked = FALSE AND username = ?"
                      + " AND issued_at = (SELECT MAX(issued_at) FROM tokens WHERE username = ?)")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60)));
            ps.setString(2, "chaoyang.analyst");
            ps.setString(3, "chaoyang.analyst");
            return ps.executeUpdate();
          }
        });
    expect("expired token", 401, http().withToken(expiring).get("/api/v1/clues"));
    String revoked = login("haidian.analyst");
    http().withToken(revoked).post("/api/v1/auth/logout", "{}");
    current = snapshot();
    expect("revoked token", 401, http().withToken(revoked).get("/api/v1/clues"));
    // role escalation through the user API
    expect(
        "an analyst creating an admin",
        403,
        chaoyang.post(
            "/api/v1/admin/users",
            Map.of("username", "evil", "district", "110000", "roles", List.of("CITY_ADMIN"))));
    expect(
        "an analyst promoting themself",
        403,
        chaoyang.put(
            "/api/v1/admin/users/chaoyang.analyst",
            Map.of("district", "110000", "roles", List.of("CITY_ADMIN"))));
    expect(
        "an admin demoting themself",
        409,
        admin.put(
            "/api/v1/admin/users/admin",
            Map.of("district", "110000", "roles", List.of("AUDITOR"))));
    expect(
        "an unknown role",
        422,
        admin.post(
            "/api/v1/admin/users",
            Map.of("username", "someone", "district", "110105", "roles", List.of("GOD"))));
    expect(
        "an unknown district",
        422,
        admin.post(
            "/api/v1/admin/users",
            Map.of("username", "someone", "district", "999999", "roles", List.of("ANALYST"))));
    // another district's ids
    expect("another district's clue", 403, haidian.get("/api/v1/clues/" + chaoyangClue));
    expect("another district's run", 403, haidian.delete("/api/v1/runs/" + chaoyangRun));
    expect(
        "revealing another district's clue",
        403,
        haidian.post(
            "/api/v1/clues/" + chaoyangClue + "/reveal", Map.of("reason", "curious about it")));
    expect(
        "revealing without a reason",
        422,
        chaoyang.post("/api/v1/clues/" + chaoyangClue + "/reveal", Map.of()));
    expect("an audit search with a bad date", 400, auditor.get("/api/v1/audit?from=yesterday"));

    assertEquals(String.join("\n", failures), List.of(), failures);
    JsonNode verify = MingjianHttp.json(auditor.get("/api/v1/audit/verify"));
    assertTrue(verify.toString(), verify.path("valid").asBoolean());
    assertFalse(verify.has("firstBrokenSeq") && !verify.path("firstBrokenSeq").isNull());
  }
}
