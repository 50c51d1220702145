package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.HashMap;
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
import org.mingjian.sdk.model.Row;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * Model bundles come and go at run time: a Java model (descriptor bundle + Model service) appears
 * in /models once both are there, runs, and disappears when its bundle is uninstalled, without
 * touching the other models. Also the dataset catalog as users see it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelBundlesIT extends MingjianTestSupport {
  private static final String MODEL = "itest-elderly-debtors";

  private static final String DESCRIPTOR =
      """
      {"id": "%s", "name": "Elderly debtors", "version": "1.0.0",
       "supervisionPoint": "test", "legalBasis": "test", "businessLine": "CIVIL",
       "authorDistrict": "110105", "kind": "JAVA",
       "datasets": [{"name": "persons", "columns": ["person_id", "birth_date"]}],
       "parameters": [{"name": "bornBefore", "type": "DATE", "default": "1955-01-01"}],
       "clueFields": []}
      """
          .formatted(MODEL);

  /** A model bundle with no code: manifest header + descriptor, as a district would ship. */
  private static byte[] descriptorBundle() throws IOException {
    Manifest mf = new Manifest();
    Attributes a = mf.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.putValue("Bundle-ManifestVersion", "2");
    a.putValue("Bundle-SymbolicName", "org.mingjian.itest." + MODEL);
    a.putValue("Bundle-Version", "1.0.0");
    a.putValue("Mingjian-Model", "META-INF/mingjian/model.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(out, mf)) {
      jar.putNextEntry(new JarEntry("META-INF/mingjian/model.json"));
      jar.write(DESCRIPTOR.getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return out.toByteArray();
  }

  private static List<String> modelIds(MingjianHttp api) throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (JsonNode m : MingjianHttp.json(api.get("/api/v1/models")).path("items")) {
      ids.add(m.path("modelId").asText());
    }
    return ids;
  }

  @Test
  public void aJavaModelBundleComesRunsAndGoes() throws Exception {
    awaitReady();
    MingjianHttp api = http().withToken(login("chaoyang.analyst"));
    Bundle reference = bundle("org.mingjian.plugins.provident-fund-false-litigation").orElseThrow();
    long referenceId = reference.getBundleId();
    assertFalse(modelIds(api).contains(MODEL));

    awaitService(Enablements.class, null).set(MODEL, true, Map.of(), "itest");
    Bundle bundle =
        bundleContext.installBundle("itest:" + MODEL, new ByteArrayInputStream(descriptorBundle()));
    bundle.start();
    // descriptor without its Java service: known but not runnable, so not offered
    Thread.sleep(300);
    assertFalse(modelIds(api).contains(MODEL));

    Model model =
        ctx -> {
          for (Row row :
              ctx.queryForList(
                  "SELECT person_id FROM persons WHERE birth_date < ? ORDER BY person_id LIMIT 3",
                  ctx.parameters().getDate("bornBefore"))) {
            ctx.emit(
                Clue.builder()
                    .subject(row.getString("person_id"))
                    .title("elderly person")
                    .score(0.3)
                    .evidence(Evidence.of("persons", row.getString("person_id")))
                    .build());
          }
        };
    Dictionary<String, Object> props = new Hashtable<>();
    props.put(ModelId.PROPERTY, MODEL);
    ServiceRegistration<Model> service =
        bundle.getBundleContext().registerService(Model.class, model, props);
    try {
      await(
          "model offered",
          () -> {
            try {
              return modelIds(api).contains(MODEL);
            } catch (Exception e) {
              return false;
            }
          });
      HttpResponse<String> started =
          api.post("/api/v1/runs", Map.of("modelId", MODEL, "district", "110105"));
      assertEquals(started.body(), 202, started.statusCode());
      String id = MingjianHttp.json(started).path("id").asText();
      JsonNode run = null;
      for (int i = 0; i < 300; i++) {
        run = MingjianHttp.json(api.get("/api/v1/runs/" + id));
        if (run.path("state").asText().equals("SUCCEEDED")
            || run.path("state").asText().equals("FAILED")) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals(String.valueOf(run), "SUCCEEDED", run.path("state").asText());
      assertEquals(3, run.path("stats").path("cluesNew").asInt());
    } finally {
      service.unregister();
    }

    bundle.uninstall();
    await(
        "model gone",
        () -> {
          try {
            return !modelIds(api).contains(MODEL);
          } catch (Exception e) {
            return false;
          }
        });
    HttpResponse<String> gone =
        api.post("/api/v1/runs", Map.of("modelId", MODEL, "district", "110105"));
    assertEquals(404, gone.statusCode());
    // the reference model was not disturbed
    assertEquals(Bundle.ACTIVE, reference.getState());
    assertEquals(
        referenceId,
        bundle("org.mingjian.plugins.provident-fund-false-litigation").orElseThrow().getBundleId());
    assertTrue(modelIds(api).contains("provident-fund-false-litigation"));
  }

  @Test
  public void datasetsAreListedWithTheirSensitivity() throws Exception {
    awaitReady();
    MingjianHttp api = http().withToken(login("steward"));
    JsonNode list = MingjianHttp.json(api.get("/api/v1/datasets"));
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode d : list.path("items")) {
      byName.put(d.path("name").asText(), d);
    }
    // the demo data covers the datasets of all six reference models
    assertEquals(
        java.util.Set.of(
            "persons",
            "civil_judgments",
            "fund_withdrawals",
            "enterprises",
            "fuel_invoices",
            "waste_oil_declarations",
            "site_personnel",
            "operation_certificates",
            "death_records",
            "allowance_payments",
            "pension_payments",
            "prison_roster",
            "convictions"),
        byName.keySet());
    JsonNode persons = byName.get("persons");
    assertEquals(1, persons.path("currentVersion").asInt());
    assertEquals(20_000, persons.path("rows").asInt());
    Map<String, String> grades = new HashMap<>();
    for (JsonNode c : persons.path("columns")) {
      grades.put(c.path("name").asText(), c.path("sensitivity").asText());
    }
    assertEquals("PERSONAL", grades.get("person_id"));
    assertEquals("PERSONAL", grades.get("name"));
    assertEquals(200, api.get("/api/v1/datasets/civil_judgments").statusCode());
    assertEquals(404, api.get("/api/v1/datasets/no_such_dataset").statusCode());
  }
}
