package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.mingjian.platform.marketplace.Marketplace;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The marketplace lifecycle on the real distribution, over HTTP: a district submits a model, a
 * reviewer tries and approves it, the city enables it (installed from the artifact store, runnable
 * when the call returns), runs a new version in shadow, upgrades, rolls back and revokes it; each
 * node reconciles its bundles with the desired state; transfer packages are verified. Throughout,
 * no other bundle is refreshed or restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MarketplaceIT extends MingjianTestSupport {
  private static final String SHIPPED = "provident-fund-false-litigation";
  private static final String MODEL = "itest-fund-variant";
  private static final String JAR_TYPE = "application/java-archive";

  /** The shipped reference model jar from the distribution's catalog folder. */
  private static byte[] shippedJar() throws IOException {
    File[] jars =
        new File(System.getProperty("karaf.home"), "catalog")
            .listFiles((d, n) -> n.contains(SHIPPED) && n.endsWith(".jar"));
    assertNotNull("catalog folder", jars);
    assertEquals(1, jars.length);
    return Files.readAllBytes(jars[0].toPath());
  }

  /**
   * The shipped model under another id and version (a district's own model), optionally with a
   * different default time window so that its clues differ.
   */
  static byte[] variant(String version, Integer withinDays) throws IOException {
    return variant(MODEL, version, withinDays);
  }

  /** The shipped model as model {@code id} in {@code version}. */
  static byte[] variant(String id, String version, Integer withinDays) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(shippedJar()))) {
      Manifest mf = new Manifest(in.getManifest());
      mf.getMainAttributes().putValue("Bundle-Version", version);
      mf.getMainAttributes().putValue("Bundle-SymbolicName", "org.mingjian.itest." + id);
      try (JarOutputStream jar = new JarOutputStream(out, mf)) {
        JarEntry e;
        while ((e = in.getNextJarEntry()) != null) {
          byte[] bytes = in.readAllBytes();
          if (e.getName().equals("META-INF/mingjian/model.json")) {
            String json = new String(bytes, StandardCharsets.UTF_8);
            json =
                json.replace("\"id\": \"" + SHIPPED + "\"", "\"id\": \"" + id + "\"")
                    .replace("\"version\": \"1.0.0\"", "\"version\": \"" + version + "\"");
            if (withinDays != null) {
              json = json.replace("\"default\": 90", "\"default\": " + withinDays);
            }
            bytes = json.getBytes(StandardCharsets.UTF_8);
          }
          jar.putNextEntry(new JarEntry(e.getName()));
          jar.write(bytes);
          jar.closeEntry();
        }
      }
    }
    return out.toByteArray();
  }

  private static HttpResponse<String> submit(MingjianHttp as, byte[] jar, String type)
      throws Exception {
    return as.send(
        HttpRequest.newBuilder(URI.create(as.baseUrl() + "/api/v1/marketplace/submissions"))
            .header("Content-Type", type)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(jar)));
  }

  /** Bundle id to state of every bundle the marketplace does not manage. */
  private Map<Long, Integer> others() {
    Map<Long, Integer> m = new TreeMap<>();
    for (Bundle b : bundleContext.getBundles()) {
      if (!b.getLocation().startsWith("mingjian:model/" + MODEL + "/")) {
        m.put(b.getBundleId(), b.getState());
      }
    }
    return m;
  }

  private List<String> installedVersions() {
    List<String> out = new ArrayList<>();
    for (Bundle b : bundleContext.getBundles()) {
      String loc = b.getLocation();
      if (loc.startsWith("mingjian:model/" + MODEL + "/")) {
        out.add(loc.split("/")[2] + (b.getState() == Bundle.ACTIVE ? "" : "(not active)"));
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  private static JsonNode ok(HttpResponse<String> r, int status) throws IOException {
    assertEquals(r.body(), status, r.statusCode());
    return r.body().isEmpty() ? null : MingjianHttp.json(r);
  }

  private static JsonNode runToEnd(MingjianHttp analyst, String modelId) throws Exception {
    return runToEnd(analyst, modelId, "110105");
  }

  private static String approvedSubmission(
      MingjianHttp dev, MingjianHttp reviewer, byte[] jar, String version) throws Exception {
    JsonNode sub = ok(submit(dev, jar, JAR_TYPE), 201);
    assertEquals("VALIDATED", sub.path("state").asText());
    assertEquals(version, sub.path("version").asText());
    assertEquals("110105", sub.path("authorDistrict").asText());
    String id = sub.path("id").asText();
    ok(
        reviewer.post(
            "/api/v1/marketplace/submissions/" + id + "/approve", Map.of("comment", "ok")),
        200);
    return id;
  }

  @Test
  public void a_lifecycleFromSubmissionToRevocationWithoutCollateralDamage() throws Exception {
    awaitReady();
    MingjianHttp dev = http().withToken(login("chaoyang.dev"));
    MingjianHttp reviewer = http().withToken(login("reviewer"));
    MingjianHttp admin = http().withToken(login("admin"));
    MingjianHttp analyst = http().withToken(login("chaoyang.analyst"));
    Map<Long, Integer> before = others();

    // the shipped model is in the catalog as the city office's; submitting it again is a 409
    JsonNode shipped = ok(admin.get("/api/v1/marketplace/models/" + SHIPPED), 200);
    assertEquals("110000", shipped.path("authorDistrict").asText());
    assertEquals("APPROVED", shipped.path("versions").get(0).path("state").asText());
    assertEquals("BUILTIN", shipped.path("versions").get(0).path("origin").asText());
    assertEquals(16, shipped.path("enabledIn").size());
    ok(submit(dev, shippedJar(), JAR_TYPE), 409);

    // submit 1.0.0: validated with the full report; the submitter cannot review it
    byte[] v100 = variant("1.0.0", null);
    JsonNode sub = ok(submit(dev, v100, JAR_TYPE), 201);
    assertEquals(8, sub.path("report").size());
    String id100 = sub.path("id").asText();
    ok(dev.post("/api/v1/marketplace/submissions/" + id100 + "/approve", Map.of()), 403);
    // the reviewer tries it on Chaoyang's data: clues come back, none enters the queue
    JsonNode dry =
        ok(
            reviewer.post(
                "/api/v1/marketplace/submissions/" + id100 + "/dry-run",
                Map.of("district", "110105")),
            200);
    assertEquals(dry.toString(), "SUCCEEDED", dry.path("stats").path("state").asText());
    assertTrue(dry.toString(), dry.path("clues").size() > 0);
    assertEquals(
        0, MingjianHttp.json(analyst.get("/api/v1/clues?modelId=" + MODEL)).path("total").asInt());
    ok(
        reviewer.post(
            "/api/v1/marketplace/submissions/" + id100 + "/approve", Map.of("comment", "ok")),
        200);
    ok(reviewer.post("/api/v1/marketplace/submissions/" + id100 + "/approve", Map.of()), 409);

    // enable 1.0.0 for Chaoyang only: runnable as soon as the call returns
    ok(
        admin.put(
            "/api/v1/enablements/" + MODEL,
            Map.of("version", "1.0.0", "cityWide", false, "districts", Map.of("110105", "on"))),
        200);
    JsonNode models = MingjianHttp.json(analyst.get("/api/v1/models"));
    assertTrue(models.toString(), models.toString().contains(MODEL));
    assertEquals(List.of("1.0.0"), installedVersions());
    JsonNode run1 = runToEnd(analyst, MODEL);
    assertTrue(run1.path("stats").path("cluesNew").asInt() > 0);
    MingjianHttp haidian = http().withToken(login("haidian.analyst"));
    assertEquals(
        409,
        haidian.post("/api/v1/runs", Map.of("modelId", MODEL, "district", "110108")).statusCode());

    // 1.1.0 in shadow beside 1.0.0 in Chaoyang: both run, only 1.0.0's clues reach the queue
    approvedSubmission(dev, reviewer, variant("1.1.0", 1), "1.1.0");
    ok(
        admin.put(
            "/api/v1/enablements/" + MODEL,
            Map.of(
                "version",
                "1.0.0",
                "cityWide",
                false,
                "districts",
                Map.of("110105", "on"),
                "shadow",
                Map.of("version", "1.1.0", "districts", List.of("110105")))),
        200);
    assertEquals(List.of("1.0.0", "1.1.0"), installedVersions());
    JsonNode en = ok(admin.get("/api/v1/enablements/" + MODEL), 200);
    assertEquals("shadow", en.path("effective").path("110105").path("state").asText());
    assertEquals("off", en.path("effective").path("110108").path("state").asText());
    long cluesBefore =
        MingjianHttp.json(analyst.get("/api/v1/clues?modelId=" + MODEL)).path("total").asLong();
    runToEnd(analyst, MODEL);
    await(
        "shadow comparison",
        () -> {
          try {
            return MingjianHttp.json(
                    analyst.get("/api/v1/enablements/" + MODEL + "/shadow?district=110105"))
                .has("shadowRun");
          } catch (Exception e) {
            return false;
          }
        });
    JsonNode diff =
        ok(analyst.get("/api/v1/enablements/" + MODEL + "/shadow?district=110105"), 200);
    assertEquals("1.1.0", diff.path("shadowVersion").asText());
    assertTrue(diff.toString(), diff.path("onlyCurrent").size() > 0);
    assertEquals(
        "shadow clues stay out of the queue",
        cluesBefore,
        MingjianHttp.json(analyst.get("/api/v1/clues?modelId=" + MODEL)).path("total").asLong());
    assertEquals(
        403, haidian.get("/api/v1/enablements/" + MODEL + "/shadow?district=110105").statusCode());

    // upgrade to 1.1.0: one call; 1.0.0's bundle goes away
    ok(
        admin.put(
            "/api/v1/enablements/" + MODEL,
            Map.of("version", "1.1.0", "cityWide", false, "districts", Map.of("110105", "on"))),
        200);
    assertEquals(List.of("1.1.0"), installedVersions());
    assertEquals("1.1.0", runToEnd(analyst, MODEL).path("version").asText());

    // roll back: one call
    ok(admin.post("/api/v1/enablements/" + MODEL + "/rollback", Map.of()), 200);
    assertEquals(List.of("1.0.0"), installedVersions());
    assertEquals("1.0.0", runToEnd(analyst, MODEL).path("version").asText());

    // revoke 1.1.0 (not in force) then 1.0.0: off everywhere, clues only 1.0.0 found are flagged
    ok(
        admin.post(
            "/api/v1/marketplace/models/" + MODEL + "/versions/1.1.0/revoke",
            Map.of("reason", "window too narrow")),
        200);
    JsonNode revoked =
        ok(
            admin.post(
                "/api/v1/marketplace/models/" + MODEL + "/versions/1.0.0/revoke",
                Map.of("reason", "false positives in review")),
            200);
    assertEquals("REVOKED", revoked.path("state").asText());
    assertEquals(List.of(), installedVersions());
    assertEquals(
        409,
        analyst.post("/api/v1/runs", Map.of("modelId", MODEL, "district", "110105")).statusCode());
    JsonNode clues = MingjianHttp.json(analyst.get("/api/v1/clues?modelId=" + MODEL + "&size=500"));
    assertTrue(clues.path("total").asInt() > 0);
    for (JsonNode c : clues.path("items")) {
      assertTrue(c.toString(), c.path("flag").asText().contains("revoked"));
    }
    ok(
        admin.put("/api/v1/enablements/" + MODEL, Map.of("version", "1.0.0", "cityWide", true)),
        409);

    // the platform and the other models were never refreshed or restarted
    assertEquals(before, others());
    // the shipped model still runs
    runToEnd(analyst, SHIPPED);

    // every step is in the audit chain
    MingjianHttp auditor = http().withToken(login("auditor"));
    String trail = auditor.get("/api/v1/audit?size=500").body();
    for (String action :
        List.of(
            "model.submitted",
            "model.submission.refused",
            "model.dryrun",
            "model.approved",
            "model.enablement.set",
            "model.revoked")) {
      assertTrue(action, trail.contains("\"" + action + "\""));
    }
  }

  @Test
  public void b_eachNodeReconcilesItsBundlesWithTheDesiredState() throws Exception {
    awaitReady();
    MingjianHttp dev = http().withToken(login("chaoyang.dev"));
    MingjianHttp reviewer = http().withToken(login("reviewer"));
    MingjianHttp admin = http().withToken(login("admin"));
    MingjianHttp analyst = http().withToken(login("chaoyang.analyst"));
    approvedSubmission(dev, reviewer, variant("2.0.0", null), "2.0.0");
    ok(
        admin.put("/api/v1/enablements/" + MODEL, Map.of("version", "2.0.0", "cityWide", true)),
        200);
    Marketplace marketplace = awaitService(Marketplace.class, null);

    // a wiped bundle cache: the bundle is gone, the desired state says it should be there
    Bundle b = variantBundle("2.0.0");
    b.uninstall();
    assertEquals(List.of(), installedVersions());
    List<String> done = marketplace.reconcile();
    assertTrue(done.toString(), done.toString().contains("installed " + MODEL + " 2.0.0"));
    assertEquals(List.of("2.0.0"), installedVersions());
    runToEnd(analyst, MODEL);

    // a crash between install and start: the bundle is there but not active
    variantBundle("2.0.0").stop();
    assertEquals(List.of("2.0.0(not active)"), installedVersions());
    marketplace.reconcile();
    assertEquals(List.of("2.0.0"), installedVersions());

    // a leftover bundle the desired state does not name is removed
    byte[] stray = variant("3.0.0", null);
    bundleContext.installBundle(
        "mingjian:model/" + MODEL + "/3.0.0/sha256/stray", new ByteArrayInputStream(stray));
    marketplace.reconcile();
    assertEquals(List.of("2.0.0"), installedVersions());

    // at start-up: the marketplace bundle restarts with the model bundle gone
    Bundle market = null;
    for (Bundle x : bundleContext.getBundles()) {
      if ("org.mingjian.platform.marketplace".equals(x.getSymbolicName())) {
        market = x;
      }
    }
    assertNotNull(market);
    market.stop();
    variantBundle("2.0.0").uninstall();
    market.start();
    await("model reinstalled at start-up", () -> installedVersions().equals(List.of("2.0.0")));
    awaitReady();
    await(
        "REST back",
        () -> {
          try {
            return analyst.get("/api/v1/models").statusCode() == 200;
          } catch (Exception e) {
            return false;
          }
        });
    runToEnd(analyst, MODEL);

    // switched off: bundle gone, and it stays gone after reconciliation
    assertEquals(204, admin.delete("/api/v1/enablements/" + MODEL).statusCode());
    assertEquals(List.of(), installedVersions());
    awaitService(Marketplace.class, null).reconcile();
    assertEquals(List.of(), installedVersions());
  }

  private Bundle variantBundle(String version) {
    for (Bundle b : bundleContext.getBundles()) {
      if (b.getLocation().startsWith("mingjian:model/" + MODEL + "/" + version + "/")) {
        return b;
      }
    }
    throw new AssertionError("no bundle for " + version + ": " + installedVersions());
  }

  @Test
  public void c_transferPackagesAreSignedAndTamperingIsRefused() throws Exception {
    awaitReady();
    MingjianHttp admin = http().withToken(login("admin"));
    HttpResponse<byte[]> pkg =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            http().baseUrl()
                                + "/api/v1/marketplace/models/"
                                + SHIPPED
                                + "/versions/1.0.0/package"))
                    .header("Authorization", "Bearer " + login("admin"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, pkg.statusCode());
    List<String> names = new ArrayList<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(pkg.body()))) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    assertTrue(
        names.toString(), names.containsAll(List.of("bundle.jar", "approval.json", "signature")));

    // the same version again: refused as a duplicate, after verification
    JsonNode dup = ok(importPackage(admin, pkg.body()), 409);
    assertEquals("conflict", dup.path("error").asText());

    // one byte of the bundle changed: refused as tampered
    byte[] tampered = rewrite(pkg.body(), "bundle.jar");
    JsonNode refused = ok(importPackage(admin, tampered), 422);
    assertTrue(refused.toString(), refused.path("message").asText().contains("altered"));
    assertEquals(403, importPackage(http().withToken(login("reviewer")), pkg.body()).statusCode());
  }

  private static HttpResponse<String> importPackage(MingjianHttp as, byte[] pkg) throws Exception {
    return as.send(
        HttpRequest.newBuilder(URI.create(as.baseUrl() + "/api/v1/marketplace/imports"))
            .header("Content-Type", "application/zip")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(pkg)));
  }

  /** The package with the last byte of one entry flipped. */
  private static byte[] rewrite(byte[] pkg, String entry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(pkg));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals(entry)) {
          bytes[bytes.length - 1] ^= 1;
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  public void d_hostileUploadsAreRefusedOverHttpAndStoreNothing() throws Exception {
    awaitReady();
    MingjianHttp dev = http().withToken(login("chaoyang.dev"));
    MingjianHttp admin = http().withToken(login("admin"));
    int before =
        MingjianHttp.json(admin.get("/api/v1/marketplace/submissions")).path("total").asInt();

    JsonNode notZip = ok(submit(dev, "not a jar".getBytes(StandardCharsets.UTF_8), JAR_TYPE), 422);
    assertEquals("invalid", notZip.path("error").asText());
    assertEquals("archive", notZip.path("details").path("report").get(0).path("check").asText());
    assertEquals("FAIL", notZip.path("details").path("report").get(0).path("outcome").asText());

    assertEquals(415, submit(dev, variant("4.0.0", null), "text/plain").statusCode());
    assertEquals(413, submit(dev, new byte[21 << 20], JAR_TYPE).statusCode());
    assertEquals(403, submit(admin, variant("4.0.0", null), JAR_TYPE).statusCode());

    // multipart with a detached signature part is read too
    String boundary = "mingjianBoundary42";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"m.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    body.write("PK but not really".getBytes(StandardCharsets.US_ASCII));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    JsonNode multi =
        ok(submit(dev, body.toByteArray(), "multipart/form-data; boundary=" + boundary), 422);
    assertEquals("archive", multi.path("details").path("report").get(0).path("check").asText());

    assertEquals(
        "nothing stored",
        before,
        MingjianHttp.json(admin.get("/api/v1/marketplace/submissions")).path("total").asInt());
    assertNull(null);
    assertFalse(
        new File(System.getProperty("mingjian.home"), "artifacts")
            .toPath()
            .resolve("incoming.part")
            .toFile()
            .exists());
  }
}
