package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.ModelId;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Deliberately broken Java models in the assembled distribution: one throws, one emits more clues
 * than allowed, one loops ignoring interruption past its time limit (TIMED_OUT, then quarantined:
 * bundle stopped, runs refused with the reason, audit entry). Meanwhile a reference model's runs
 * succeed, re-runs repeat their inputs, schedules fire as the scheduler, and /health stays 200.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokenModelsIT extends MingjianTestSupport {
  private static final String THROWS = "itest-throws";
  private static final String FLOOD = "itest-flood";
  private static final String STUCK = "itest-stuck";
  private static final String HEALTHY = "provident-fund-false-litigation";
  private static final int MAX_CLUES = 2000;

  /** Lets the stuck model's thread go at the end of the test. */
  private static volatile boolean release;

  @Override
  protected Option[] extraOptions() {
    return new Option[] {
      editConfigurationFilePut("etc/org.mingjian.runs.cfg", "timeoutSeconds", "3"),
      editConfigurationFilePut("etc/org.mingjian.runs.cfg", "quarantineGraceSeconds", "2"),
      editConfigurationFilePut(
          "etc/org.mingjian.runs.cfg", "maxClues", Integer.toString(MAX_CLUES)),
    };
  }

  private static byte[] descriptorBundle(String id) throws IOException {
    String descriptor =
        """
        {"id": "%s", "name": "Broken on purpose", "version": "1.0.0",
         "supervisionPoint": "test", "legalBasis": "test", "businessLine": "CIVIL",
         "authorDistrict": "110105", "kind": "JAVA",
         "datasets": [{"name": "persons", "columns": ["person_id"]}],
         "parameters": [], "clueFields": []}
        """
            .formatted(id);
    Manifest mf = new Manifest();
    Attributes a = mf.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.putValue("Bundle-ManifestVersion", "2");
    a.putValue("Bundle-SymbolicName", "org.mingjian.itest." + id);
    a.putValue("Bundle-Version", "1.0.0");
    a.putValue("Mingjian-Model", "META-INF/mingjian/model.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(out, mf)) {
      jar.putNextEntry(new JarEntry("META-INF/mingjian/model.json"));
      jar.write(descriptor.getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return out.toByteArray();
  }

  private Bundle install(String id, Model model) throws Exception {
    Bundle b =
        bundleContext.installBundle("itest:" + id, new ByteArrayInputStream(descriptorBundle(id)));
    b.start();
    Dictionary<String, Object> props = new Hashtable<>();
    props.put(ModelId.PROPERTY, id);
    b.getBundleContext().registerService(Model.class, model, props);
    return b;
  }

  private static List<String> modelIds(MingjianHttp api) {
    List<String> ids = new ArrayList<>();
    try {
      for (JsonNode m : MingjianHttp.json(api.get("/api/v1/models")).path("items")) {
        ids.add(m.path("modelId").asText());
      }
    } catch (Exception e) {
      // not yet
    }
    return ids;
  }

  private static String start(MingjianHttp api, String modelId) throws Exception {
    HttpResponse<String> r =
        api.post("/api/v1/runs", Map.of("modelId", modelId, "district", "110105"));
    assertEquals(modelId + ": " + r.body(), 202, r.statusCode());
    return MingjianHttp.json(r).path("id").asText();
  }

  @Test
  public void brokenModelsFailAloneAndAStubbornOneIsQuarantined() throws Exception {
    awaitReady();
    MingjianHttp api = http().withToken(login("chaoyang.analyst"));
    MingjianHttp admin = http().withToken(login("admin"));
    Enablements enablements = awaitService(Enablements.class, null);
    release = false;
    List<Bundle> installed = new ArrayList<>();
    try {
      for (String id : List.of(THROWS, FLOOD, STUCK)) {
        enablements.set(id, true, Map.of(), "itest");
      }
      installed.add(
          install(
              THROWS,
              ctx -> {
                throw new IllegalStateException("deliberately broken model");
              }));
      installed.add(
          install(
              FLOOD,
              ctx -> {
                for (int i = 0; ; i++) {
                  ctx.emit(
                      Clue.builder()
                          .subject("P" + i)
                          .title("one clue too many")
                          .score(0.1)
                          .evidence(Evidence.of("persons", "P" + i))
                          .build());
                }
              }));
      Bundle stuck =
          install(
              STUCK,
              ctx -> {
                while (!release) {
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException ignored) {
                    // a badly written model swallows the interruption and carries on
                  }
                }
              });
      installed.add(stuck);
      await(
          "broken models offered", () -> modelIds(api).containsAll(List.of(THROWS, FLOOD, STUCK)));

      String stuckRun = start(api, STUCK);
      String healthyRun = start(api, HEALTHY);
      String throwsRun = start(api, THROWS);
      String floodRun = start(api, FLOOD);

      JsonNode healthy = awaitRunEnd(api, healthyRun);
      assertEquals(healthy.toString(), "SUCCEEDED", healthy.path("state").asText());
      JsonNode thrown = awaitRunEnd(api, throwsRun);
      assertEquals(thrown.toString(), "FAILED", thrown.path("state").asText());
      assertTrue(
          thrown.toString(), thrown.path("error").asText().contains("deliberately broken model"));
      JsonNode flood = awaitRunEnd(api, floodRun);
      assertEquals(flood.toString(), "FAILED", flood.path("state").asText());
      assertTrue(
          flood.toString(),
          flood.path("error").asText().contains("exceeded its limit of " + MAX_CLUES + " clues"));
      assertEquals(0, flood.path("stats").path("cluesNew").asInt());

      JsonNode timedOut = awaitRunEnd(api, stuckRun);
      assertEquals(timedOut.toString(), "TIMED_OUT", timedOut.path("state").asText());
      assertTrue(
          timedOut.toString(),
          timedOut.path("error").asText().contains("ignored the interruption"));

      // quarantined: bundle stopped (not uninstalled), enablement kept with the reason, runs
      // refused
      assertEquals(Bundle.RESOLVED, stuck.getState());
      assertTrue(enablements.isEnabled(STUCK, "110105"));
      JsonNode view = MingjianHttp.json(admin.get("/api/v1/enablements/" + STUCK));
      assertEquals(view.toString(), stuckRun, view.path("quarantined").path("runId").asText());
      assertEquals("quarantined", view.path("effective").path("110105").path("state").asText());
      assertTrue(
          view.toString(),
          view.path("effective").path("110105").path("why").asText().startsWith("quarantined: "));
      HttpResponse<String> refused =
          api.post("/api/v1/runs", Map.of("modelId", STUCK, "district", "110105"));
      assertEquals(refused.body(), 409, refused.statusCode());
      assertTrue(refused.body(), refused.body().contains("quarantined"));
      HttpResponse<String> rerunRefused = api.post("/api/v1/runs/" + stuckRun + "/rerun", Map.of());
      assertEquals(rerunRefused.body(), 409, rerunRefused.statusCode());
      JsonNode audit =
          MingjianHttp.json(
              http().withToken(login("auditor")).get("/api/v1/audit?action=model.quarantined"));
      assertEquals(audit.toString(), 1, audit.path("total").asInt());
      assertEquals(STUCK, audit.path("items").path(0).path("target").asText());

      // the stuck thread still loops; the platform carries on
      assertEquals(200, http().get("/api/v1/health").statusCode());
      JsonNode again = awaitRunEnd(api, start(api, HEALTHY));
      assertEquals(again.toString(), "SUCCEEDED", again.path("state").asText());

      // a re-run repeats the inputs of the first healthy run
      HttpResponse<String> rerun = api.post("/api/v1/runs/" + healthyRun + "/rerun", Map.of());
      assertEquals(rerun.body(), 202, rerun.statusCode());
      JsonNode repeated = awaitRunEnd(api, MingjianHttp.json(rerun).path("id").asText());
      assertEquals(repeated.toString(), "SUCCEEDED", repeated.path("state").asText());
      assertEquals(healthyRun, repeated.path("rerunOf").asText());
      assertEquals(
          healthy.path("reproducibility").path("datasetVersions"),
          repeated.path("reproducibility").path("datasetVersions"));
      assertEquals(
          healthy.path("reproducibility").path("parameters"),
          repeated.path("reproducibility").path("parameters"));
      assertEquals(healthy.path("version").asText(), repeated.path("version").asText());
      assertEquals(404, api.post("/api/v1/runs/no-such-run/rerun", Map.of()).statusCode());

      // schedules: a bad cron is refused with the reason; a firing where the model is off is
      // recorded as skipped; a firing where it is on runs as the scheduler
      HttpResponse<String> badCron =
          api.put("/api/v1/schedules/" + HEALTHY + "/110105", Map.of("cron", "0 0 25 * * ?"));
      assertEquals(badCron.body(), 422, badCron.statusCode());
      assertTrue(badCron.body(), badCron.body().contains("hours"));
      assertEquals(
          403,
          api.put("/api/v1/schedules/" + HEALTHY + "/110108", Map.of("cron", "0 0 2 * * ?"))
              .statusCode());
      enablements.set(THROWS, true, Map.of("110108", false), "itest");
      HttpResponse<String> off =
          admin.put("/api/v1/schedules/" + THROWS + "/110108", Map.of("cron", "* * * * * ?"));
      assertEquals(off.body(), 200, off.statusCode());
      HttpResponse<String> on =
          api.put("/api/v1/schedules/" + HEALTHY + "/110105", Map.of("cron", "* * * * * ?"));
      assertEquals(on.body(), 200, on.statusCode());
      JsonNode[] skipped = new JsonNode[1];
      JsonNode[] fired = new JsonNode[1];
      await(
          "both schedules fired",
          () -> {
            try {
              skipped[0] = MingjianHttp.json(admin.get("/api/v1/schedules/" + THROWS + "/110108"));
              fired[0] = MingjianHttp.json(api.get("/api/v1/schedules/" + HEALTHY + "/110105"));
              return !skipped[0].path("lastFiring").isNull()
                  && fired[0].path("lastRunId").isTextual();
            } catch (Exception e) {
              return false;
            }
          });
      assertEquals(204, admin.delete("/api/v1/schedules/" + HEALTHY + "/110105").statusCode());
      assertEquals(204, admin.delete("/api/v1/schedules/" + THROWS + "/110108").statusCode());
      assertTrue(
          skipped[0].toString(), skipped[0].path("lastError").asText().startsWith("skipped: "));
      assertTrue(skipped[0].path("lastRunId").isNull());
      JsonNode scheduled = awaitRunEnd(api, fired[0].path("lastRunId").asText());
      assertEquals("scheduler", scheduled.path("requestedBy").asText());
      assertNotNull(scheduled.path("state").asText());
      assertEquals(404, api.get("/api/v1/schedules/" + HEALTHY + "/110105").statusCode());
      assertEquals(200, http().get("/api/v1/health").statusCode());
    } finally {
      release = true;
      for (String id : List.of(THROWS, FLOOD, STUCK)) {
        enablements.delete(id);
        enablements.clearQuarantine(id);
      }
      for (Bundle b : installed) {
        b.uninstall();
      }
    }
  }
}
