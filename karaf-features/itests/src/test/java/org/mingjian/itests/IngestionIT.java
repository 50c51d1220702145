package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A data steward registers a city-wide dataset and loads department exports into it over HTTP: a
 * UTF-8 file, a GBK file with Chinese text, and a file with no loadable row, which fails and keeps
 * the current version; other roles and unknown datasets are refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IngestionIT extends MingjianTestSupport {
  private static final String DATASET = "relief_payments";
  private static final String HEADER = "payment_no,payee_id,payee_name,amount\n";
  // valid resident IDs (ISO 7064 MOD 11-2 check characters)
  private static final String ID1 = "110105198001010016";
  private static final String ID2 = "11010519491231002X";

  private static boolean registered;

  /** The master password the distribution decrypts ENC(...) configuration values with. */
  private static final String MASTER = "it-master-password";

  /**
   * A department database (H2, created by the test) configured as JDBC source "dept" with an
   * encrypted password, as an operator would.
   */
  @Override
  protected Option[] extraOptions() {
    String cfg = "etc/org.mingjian.connector.jdbc-dept.cfg";
    return org.ops4j.pax.exam.CoreOptions.options(
        org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
            cfg, "url", "jdbc:h2:file:${karaf.base}/dept/minzheng"),
        org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
            cfg, "user", "dept"),
        org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
            cfg, "password", encrypt("s3cret", MASTER)),
        org.ops4j.pax.exam.CoreOptions.environment("MINGJIAN_CONFIG_PASSWORD=" + MASTER));
  }

  /** As an operator encrypts it: Jasypt's standard string encryptor with its defaults. */
  private static String encrypt(String plain, String master) {
    org.jasypt.encryption.pbe.StandardPBEStringEncryptor jasypt =
        new org.jasypt.encryption.pbe.StandardPBEStringEncryptor();
    jasypt.setPassword(master);
    return "ENC(" + jasypt.encrypt(plain) + ")";
  }

  @Before
  public void healthyAndRegistered() throws Exception {
    awaitReady();
    register();
  }

  private static synchronized void register() throws Exception {
    if (registered) {
      return;
    }
    MingjianHttp api = http().withToken(login("steward"));
    Map<String, Object> def =
        Map.of(
            "name",
            DATASET,
            "description",
            "临时救助发放",
            "owner",
            "民政局",
            "keyColumn",
            "payment_no",
            "purpose",
            "救助资金发放监督",
            "retentionUntil",
            "2099-12-31",
            "columns",
            List.of(
                Map.of("name", "payment_no", "type", "VARCHAR", "sensitivity", "INTERNAL"),
                Map.of("name", "payee_id", "type", "VARCHAR", "sensitivity", "PERSONAL"),
                Map.of("name", "payee_name", "type", "VARCHAR", "sensitivity", "PERSONAL"),
                Map.of("name", "amount", "type", "DECIMAL(10,2)", "sensitivity", "INTERNAL")));
    HttpResponse<String> r = api.post("/api/v1/datasets", def);
    registered = true; // once, even if a check below fails
    assertEquals(r.body(), 201, r.statusCode());
    JsonNode ds = MingjianHttp.json(r);
    assertTrue(ds.path("cityWide").asBoolean());
    assertEquals("救助资金发放监督", ds.path("purpose").asText());
    assertEquals("2099-12-31", ds.path("retentionUntil").asText());
    // the same definition again is fine; another one under the name is a conflict
    r = api.post("/api/v1/datasets", def);
    assertEquals(r.body(), 200, r.statusCode());
    Map<String, Object> other = new java.util.HashMap<>(def);
    other.put("keyColumn", "payee_id");
    r = api.post("/api/v1/datasets", other);
    assertEquals(r.body(), 409, r.statusCode());
    Map<String, Object> invalid = new java.util.HashMap<>(def);
    invalid.put("name", "Bad Name");
    invalid.put("retentionUntil", "someday");
    r = api.post("/api/v1/datasets", invalid);
    assertEquals(r.body(), 422, r.statusCode());
    assertEquals(
        r.body(), 2, MingjianHttp.json(r).path("details").path("report").path("reasons").size());

    // the first file, UTF-8, must be version 1 for the other tests
    JsonNode first = upload(api, DATASET, HEADER + "P1," + ID1 + ",张三,100.00\n", null, null);
    assertEquals(first.toString(), "SUCCEEDED", first.path("state").asText());
    assertEquals(1, first.path("version").asInt());
    assertTrue(first.path("created").asBoolean());
  }

  private static HttpResponse<String> post(
      MingjianHttp api, String dataset, byte[] body, String encoding) throws Exception {
    return send(api, dataset, body, encoding == null ? "" : "?encoding=" + encoding);
  }

  private static HttpResponse<String> send(
      MingjianHttp api, String dataset, byte[] body, String query) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(api.baseUrl() + "/api/v1/datasets/" + dataset + "/ingestions" + query))
            .header("Accept", "application/json")
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return api.send(b);
  }

  /** Waits for an ingestion to end; returns the final ingestion. */
  private static JsonNode await(MingjianHttp api, HttpResponse<String> r) throws Exception {
    assertEquals(r.body(), 202, r.statusCode());
    return awaitEnd(api, "/api/v1/ingestions/" + MingjianHttp.json(r).path("id").asText());
  }

  /** Uploads a file and waits for its ingestion to end; returns the final ingestion. */
  private static JsonNode upload(
      MingjianHttp api, String dataset, String csv, Charset charset, String encoding)
      throws Exception {
    HttpResponse<String> r =
        post(
            api,
            dataset,
            csv.getBytes(charset == null ? StandardCharsets.UTF_8 : charset),
            encoding);
    assertEquals(r.body(), 202, r.statusCode());
    JsonNode ingestion = MingjianHttp.json(r);
    assertEquals("QUEUED", ingestion.path("state").asText());
    return awaitEnd(api, "/api/v1/ingestions/" + ingestion.path("id").asText());
  }

  private static JsonNode dataset(MingjianHttp api) throws Exception {
    HttpResponse<String> r = api.get("/api/v1/datasets/" + DATASET);
    assertEquals(r.body(), 200, r.statusCode());
    return MingjianHttp.json(r);
  }

  @Test
  public void firstUploadIsVersionOneWithItsRows() throws Exception {
    MingjianHttp api = http().withToken(login("steward"));
    JsonNode ds = dataset(api);
    assertTrue(ds.path("currentVersion").asInt() >= 1);
    assertTrue(ds.path("rows").asLong() >= 1);
    // an identical file creates no version
    JsonNode again = upload(api, DATASET, HEADER + "P1," + ID1 + ",张三,100.00\n", null, null);
    assertEquals(again.toString(), "SUCCEEDED", again.path("state").asText());
    assertFalse(again.path("created").asBoolean());
    assertEquals(ds.path("currentVersion").asInt(), dataset(api).path("currentVersion").asInt());
    // unless the steward forces it
    byte[] same = (HEADER + "P1," + ID1 + ",张三,100.00\n").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> unclear = send(api, DATASET, same, "?force=maybe");
    assertEquals(unclear.body(), 400, unclear.statusCode());
    assertTrue(unclear.body(), unclear.body().contains("force"));
    JsonNode forced = await(api, send(api, DATASET, same, "?force=true"));
    assertEquals(forced.toString(), "SUCCEEDED", forced.path("state").asText());
    assertTrue(forced.toString(), forced.path("created").asBoolean());
    assertEquals(ds.path("currentVersion").asInt() + 1, forced.path("version").asInt());
    assertEquals(forced.path("version").asInt(), dataset(api).path("currentVersion").asInt());
  }

  @Test
  public void gbkFileLoadsAsANewVersionAndAllBadFileFailsKeepingIt() throws Exception {
    MingjianHttp api = http().withToken(login("steward"));
    String csv = HEADER + "P1," + ID1 + ",张三,100.00\nP2," + ID2 + ",李四（民政）,250.50\n";
    JsonNode gbk = upload(api, DATASET, csv, Charset.forName("GBK"), "GBK");
    assertEquals(gbk.toString(), "SUCCEEDED", gbk.path("state").asText());
    assertEquals(2, gbk.path("rowsLoaded").asInt());
    assertEquals(0, gbk.path("rowsRejected").asInt());
    assertTrue(gbk.path("created").asBoolean());
    int version = gbk.path("version").asInt();
    assertEquals(version, dataset(api).path("currentVersion").asInt());
    assertEquals(2, dataset(api).path("rows").asInt());

    // every row bad (a wrong check character, a non-number): FAILED, the version stays
    String wrongCheck = ID1.substring(0, 17) + "9";
    JsonNode bad =
        upload(
            api,
            DATASET,
            HEADER + "P3," + wrongCheck + ",王五,10.00\nP4," + ID2 + ",赵六,lots\n",
            null,
            null);
    assertEquals(bad.toString(), "FAILED", bad.path("state").asText());
    assertEquals(2, bad.path("rowsRejected").asInt());
    assertEquals(0, bad.path("rowsLoaded").asInt());
    assertFalse(bad.path("created").asBoolean());
    assertTrue(bad.toString(), bad.path("errors").get(0).asText().startsWith("line 2:"));
    assertTrue(bad.toString(), bad.path("errors").get(0).asText().contains("resident ID"));
    assertFalse(bad.toString(), bad.toString().contains(wrongCheck));
    assertEquals(version, dataset(api).path("currentVersion").asInt());
    assertEquals(2, dataset(api).path("rows").asInt());
  }

  @Test
  public void badRequestsAreRefused() throws Exception {
    MingjianHttp steward = http().withToken(login("steward"));
    byte[] csv = (HEADER + "P9," + ID1 + ",张三,1.00\n").getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> r = post(steward, "no_such_dataset", csv, null);
    assertEquals(r.body(), 404, r.statusCode());
    r = post(steward, DATASET, csv, "EBCDIC");
    assertEquals(r.body(), 400, r.statusCode());
    r = steward.get("/api/v1/ingestions/00000000-0000-0000-0000-000000000000");
    assertEquals(r.body(), 404, r.statusCode());

    MingjianHttp analyst = http().withToken(login("chaoyang.analyst"));
    r = post(analyst, DATASET, csv, null);
    assertEquals(r.body(), 403, r.statusCode());
    r = analyst.post("/api/v1/datasets", Map.of("name", "x"));
    assertEquals(r.body(), 403, r.statusCode());
    r = analyst.get("/api/v1/ingestions/00000000-0000-0000-0000-000000000000");
    assertEquals(r.body(), 403, r.statusCode());
  }

  @Test
  public void outcomesAreInTheAuditTrail() throws Exception {
    MingjianHttp auditor = http().withToken(login("auditor"));
    for (String action :
        List.of("dataset.registered", "data.ingestion.requested", "data.ingested")) {
      JsonNode page =
          MingjianHttp.json(auditor.get("/api/v1/audit?action=" + action + "&size=500"));
      boolean found = false;
      for (JsonNode e : page.path("items")) {
        found |= e.path("target").asText().equals(DATASET);
      }
      assertTrue(action + ": " + page, found);
    }
  }

  @Test
  public void connectorsLoadFromTheImportDirectoryAndADepartmentDatabase() throws Exception {
    MingjianHttp api = http().withToken(login("steward"));
    String ds = "dept_payments";
    Map<String, Object> def =
        Map.of(
            "name", ds,
            "owner", "民政局",
            "keyColumn", "payment_no",
            "purpose", "救助资金发放监督",
            "retentionUntil", "2099-12-31",
            "columns",
                List.of(
                    Map.of("name", "payment_no", "type", "VARCHAR", "sensitivity", "INTERNAL"),
                    Map.of("name", "payee_id", "type", "VARCHAR", "sensitivity", "PERSONAL"),
                    Map.of("name", "payee_name", "type", "VARCHAR", "sensitivity", "PERSONAL"),
                    Map.of("name", "amount", "type", "DECIMAL(10,2)", "sensitivity", "INTERNAL")));
    HttpResponse<String> r = api.post("/api/v1/datasets", def);
    assertTrue(r.body(), r.statusCode() == 201 || r.statusCode() == 200);

    // the installed connectors and their fields
    r = api.get("/api/v1/connectors");
    assertEquals(r.body(), 200, r.statusCode());
    for (String name : List.of("csv-file", "jdbc", "json-http")) {
      assertTrue(r.body(), r.body().contains("\"name\":\"" + name + "\""));
    }
    assertEquals(
        403, http().withToken(login("chaoyang.analyst")).get("/api/v1/connectors").statusCode());

    // csv-file: a GBK export placed in <mingjian home>/import
    Path imports = Paths.get(System.getProperty("mingjian.home"), "import");
    Files.createDirectories(imports);
    Files.write(
        imports.resolve("relief.csv"),
        (HEADER + "D1," + ID1 + ",张三,100.00\nD2," + ID2 + ",李四,20.50\nD2,,王五,1\n")
            .getBytes(Charset.forName("GBK")));
    JsonNode csv =
        await(
            api,
            api.post(
                "/api/v1/datasets/" + ds + "/ingestions",
                Map.of(
                    "connector",
                    "csv-file",
                    "config",
                    Map.of("file", "relief.csv", "encoding", "GBK"))));
    assertEquals(csv.toString(), "SUCCEEDED", csv.path("state").asText());
    assertEquals("csv-file", csv.path("connector").asText());
    assertEquals(3, csv.path("rowsLoaded").asInt());
    int version = csv.path("version").asInt();

    r = api.get("/api/v1/datasets/" + ds);
    JsonNode got = MingjianHttp.json(r);
    JsonNode v = got.path("versions").get(0);
    assertEquals(got.toString(), version, v.path("version").asInt());
    assertEquals("steward", v.path("loadedBy").asText());
    assertTrue(
        v.toString(),
        v.path("source").asText().startsWith("connector csv-file: import/relief.csv"));
    assertEquals(64, v.path("sha256").asText().length());
    JsonNode quality = got.path("quality");
    assertEquals(quality.toString(), 1, quality.path("columns").get(0).path("duplicates").asInt());
    assertEquals(1, quality.path("columns").get(1).path("nulls").asInt());
    assertTrue(got.path("lineage").isArray());

    // the same file again: no new version unless forced; force must be a boolean
    Map<String, Object> relief = Map.of("file", "relief.csv", "encoding", "GBK");
    JsonNode same =
        await(
            api,
            api.post(
                "/api/v1/datasets/" + ds + "/ingestions",
                Map.of("connector", "csv-file", "config", relief)));
    assertFalse(same.toString(), same.path("created").asBoolean());
    r =
        api.post(
            "/api/v1/datasets/" + ds + "/ingestions",
            Map.of("connector", "csv-file", "config", relief, "force", "yes"));
    assertEquals(r.body(), 400, r.statusCode());
    assertTrue(r.body(), r.body().contains("'force' must be true or false"));
    JsonNode forced =
        await(
            api,
            api.post(
                "/api/v1/datasets/" + ds + "/ingestions",
                Map.of("connector", "csv-file", "config", relief, "force", true)));
    assertTrue(forced.toString(), forced.path("created").asBoolean());
    assertEquals(version + 1, forced.path("version").asInt());
    version = forced.path("version").asInt();
    JsonNode requests =
        MingjianHttp.json(
            http()
                .withToken(login("auditor"))
                .get("/api/v1/audit?action=data.ingestion.requested&size=500"));
    boolean forceAudited = false;
    for (JsonNode e : requests.path("items")) {
      forceAudited |=
          e.path("target").asText().equals(ds)
              && e.path("details").path("ingestion").asText().equals(forced.path("id").asText())
              && e.path("details").path("force").asBoolean();
    }
    assertTrue(requests.toString(), forceAudited);

    // a path outside the import directory: FAILED with the reason, the version stays
    JsonNode escape =
        await(
            api,
            api.post(
                "/api/v1/datasets/" + ds + "/ingestions",
                Map.of(
                    "connector", "csv-file", "config", Map.of("file", "../etc/users.properties"))));
    assertEquals(escape.toString(), "FAILED", escape.path("state").asText());
    assertTrue(escape.toString(), escape.path("errors").get(0).asText().contains("'..'"));
    assertEquals(
        version,
        MingjianHttp.json(api.get("/api/v1/datasets/" + ds)).path("currentVersion").asInt());

    // configurations that cannot work are refused before anything is queued
    r =
        api.post(
            "/api/v1/datasets/" + ds + "/ingestions",
            Map.of("connector", "csv-file", "config", Map.of("path", "x")));
    assertEquals(r.body(), 422, r.statusCode());
    assertTrue(r.body(), r.body().contains("field 'file' is required"));
    r = api.post("/api/v1/datasets/" + ds + "/ingestions", Map.of("connector", "ftp"));
    assertEquals(r.body(), 422, r.statusCode());
    r = api.post("/api/v1/datasets/no_such_dataset/ingestions", Map.of("connector", "csv-file"));
    assertEquals(r.body(), 404, r.statusCode());

    // jdbc: the department database with an encrypted password in its configuration
    Driver h2 = (Driver) Class.forName("org.h2.Driver").getDeclaredConstructor().newInstance();
    Properties login = new Properties();
    login.setProperty("user", "dept");
    login.setProperty("password", "s3cret");
    try (Connection c =
            h2.connect(
                "jdbc:h2:file:" + System.getProperty("karaf.base") + "/dept/minzheng", login);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE payments (payment_no VARCHAR(20), payee_id VARCHAR(18), payee_name VARCHAR(50),"
              + " amount DECIMAL(10,2))");
      st.execute(
          "INSERT INTO payments VALUES ('J1', '"
              + ID1
              + "', '张三', 10.00), ('J2', '"
              + ID1.substring(0, 17)
              + "9', '李四', 20.00), ('J3', NULL, '王五', 30.00)");
    }
    JsonNode jdbc =
        await(
            api,
            api.post(
                "/api/v1/datasets/" + ds + "/ingestions",
                Map.of(
                    "connector", "jdbc", "config", Map.of("source", "dept", "table", "payments"))));
    assertEquals(jdbc.toString(), "SUCCEEDED", jdbc.path("state").asText());
    assertEquals(2, jdbc.path("rowsLoaded").asInt());
    assertEquals(1, jdbc.path("rowsRejected").asInt());
    assertTrue(
        jdbc.toString(), jdbc.path("errors").get(0).asText().startsWith("row 2: column payee_id"));
    assertEquals(version + 1, jdbc.path("version").asInt());
    assertFalse(jdbc.toString(), jdbc.toString().contains("s3cret"));
    JsonNode after = MingjianHttp.json(api.get("/api/v1/datasets/" + ds));
    assertEquals(2, after.path("rows").asInt());
    assertEquals(
        1.0 / 3, after.path("quality").path("columns").get(1).path("invalidRate").asDouble(), 1e-9);
  }
}
