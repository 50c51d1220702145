package org.mingjian.sdk.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mingjian.sdk.validator.Fixtures.DATASETS;
import static org.mingjian.sdk.validator.Fixtures.DESCRIPTOR_PATH;
import static org.mingjian.sdk.validator.Fixtures.SQL_SECTION;
import static org.mingjian.sdk.validator.Fixtures.assertFails;
import static org.mingjian.sdk.validator.Fixtures.descriptor;
import static org.mingjian.sdk.validator.Fixtures.sqlModel;
import static org.mingjian.sdk.validator.Fixtures.validate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BundleValidatorTest {
  private static final List<String> ORDER =
      List.of(
          "archive",
          "manifest",
          "sdk-range",
          "descriptor",
          "data-contract",
          "sql",
          "bytecode",
          "signature");

  @Test
  void aSqlModelPasses() throws Exception {
    byte[] jar = sqlModel().build();
    ValidationReport r = validate(jar);
    assertTrue(r.passed(), r.summary());
    assertEquals(ORDER, r.checks().stream().map(Check::check).toList());
    assertEquals("org.example.model", r.symbolicName());
    assertEquals("1.0.0.SNAPSHOT", r.bundleVersion());
    assertEquals("example-model", r.modelId());
    assertEquals("1.0.0", r.modelVersion());
    assertNotNull(r.descriptor());
    assertTrue(r.sql().contains("FROM judgments"));
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)), r.sha256());
    assertEquals(Outcome.SKIP, r.check("bytecode").map(Check::outcome).orElse(null), r.summary());
    assertEquals(Outcome.SKIP, r.check("signature").orElseThrow().outcome());
    assertTrue(r.check("signature").orElseThrow().message().contains("no certificate registered"));
  }

  @Test
  void aJavaModelPasses() {
    ValidationReport r = validate(Fixtures.javaModel().build());
    assertTrue(r.passed(), r.summary());
    assertEquals(ORDER, r.checks().stream().map(Check::check).toList());
    assertEquals(Outcome.PASS, r.check("bytecode").orElseThrow().outcome());
    assertEquals(Outcome.SKIP, r.check("sql").orElseThrow().outcome());
    assertNull(r.sql());
  }

  @Test
  void theReferenceModelPasses() throws Exception {
    var jar =
        java.nio.file.Path.of(
            System.getProperty("user.home"),
            ".m2/repository/org/mingjian/org.mingjian.plugins.provident-fund-false-litigation/"
                + "1.0.0-SNAPSHOT/org.mingjian.plugins.provident-fund-false-litigation-1.0.0-SNAPSHOT.jar");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(jar));
    ValidationReport r =
        BundleValidator.validate(
            java.nio.file.Files.readAllBytes(jar),
            null,
            new ValidationContext("1.0.0", null, null, null));
    assertTrue(r.passed(), r.summary());
    assertEquals(Outcome.SKIP, r.check("data-contract").orElseThrow().outcome());
  }

  // ---- archive ----------------------------------------------------------------------------

  @Test
  void notAZip() {
    assertFails(
        validate("hello, this is not a jar at all".getBytes(StandardCharsets.UTF_8)),
        "archive",
        "not a zip");
  }

  @Test
  void emptyFile() {
    ValidationReport r = validate(new byte[0]);
    assertFails(r, "archive", "empty");
    assertTrue(r.checks().stream().skip(1).allMatch(c -> c.outcome() == Outcome.SKIP), r.summary());
  }

  @Test
  void zipBombByRatio() {
    byte[] zeros = new byte[10 * 1024 * 1024];
    assertFails(
        validate(sqlModel().entry("META-INF/mingjian/padding.bin", zeros).build()),
        "archive",
        "zip bomb");
  }

  @Test
  void zipBombByTotalSize() {
    byte[] noise = new byte[700 * 1024];
    new Random(1).nextBytes(noise);
    byte[] jar = sqlModel().entry("a.bin", noise).entry("b.bin", noise).build();
    ValidationContext small =
        new ValidationContext("1.0.0", null, null, new Limits(20L << 20, 1L << 20, 5000, 100));
    ValidationReport r = BundleValidator.validate(jar, null, small);
    assertFails(r, "archive", "more than 1048576 bytes");
    assertTrue(r.firstFailure().orElseThrow().message().contains("b.bin"));
  }

  @Test
  void headersLyingAboutSizes() {
    byte[] text = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
    assertFails(
        validate(sqlModel().lying("notes.txt", text, 10).build()), "archive", "lie about sizes");
  }

  @Test
  void tooManyEntries() {
    JarBuilder b = sqlModel();
    for (int i = 0; i < 5000; i++) {
      b.entry("static/f" + i + ".txt", "x");
    }
    assertFails(validate(b.build()), "archive", "the limit is 5000");
  }

  @Test
  void parentSegment() {
    assertFails(
        validate(sqlModel().entry("META-INF/../../etc/cron.d/x", "boom").build()),
        "archive",
        "'..' segment");
  }

  @Test
  void absoluteEntry() {
    assertFails(
        validate(sqlModel().entry("/etc/passwd", "root").build()), "archive", "absolute path");
    assertFails(
        validate(sqlModel().entry("C:/Windows/x.dll", "x").build()), "archive", "absolute path");
  }

  @Test
  void backslashEntry() {
    assertFails(
        validate(sqlModel().entry("META-INF\\mingjian\\x.sql", "x").build()),
        "archive",
        "backslash");
  }

  @Test
  void duplicateEntry() {
    byte[] jar =
        sqlModel()
            .entry(DESCRIPTOR_PATH, descriptor("SQL", "1.0.0", DATASETS, SQL_SECTION))
            .build();
    assertFails(validate(jar), "archive", "'" + DESCRIPTOR_PATH + "' appears twice");
  }

  @Test
  void nestedJar() {
    assertFails(
        validate(sqlModel().entry("lib/evil.jar", new byte[] {1, 2, 3}).build()),
        "archive",
        "nested archive");
    assertFails(
        validate(sqlModel().header("Bundle-ClassPath", ".,lib/").build()),
        "archive",
        "Bundle-ClassPath");
  }

  // ---- manifest ---------------------------------------------------------------------------

  @Test
  void missingManifest() {
    ValidationReport r = validate(sqlModel().noManifest().build());
    assertFails(r, "manifest", "MANIFEST.MF is missing");
    assertEquals(Outcome.SKIP, r.check("sdk-range").orElseThrow().outcome());
    assertEquals(Outcome.SKIP, r.check("descriptor").orElseThrow().outcome());
  }

  @Test
  void missingSymbolicName() {
    assertFails(
        validate(sqlModel().header("Bundle-SymbolicName", null).build()),
        "manifest",
        "Bundle-SymbolicName is missing");
  }

  @Test
  void badVersion() {
    assertFails(
        validate(sqlModel().header("Bundle-Version", "1.0-final").build()),
        "manifest",
        "'1.0-final' is not an OSGi version");
  }

  @Test
  void forbiddenHeadersAndImports() {
    assertFails(
        validate(sqlModel().header("DynamicImport-Package", "*").build()),
        "manifest",
        "DynamicImport-Package is not allowed");
    assertFails(
        validate(
            sqlModel()
                .header(
                    "Import-Package",
                    "org.mingjian.sdk.model;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"")
                .build()),
        "manifest",
        "Import-Package org.osgi.framework is not allowed");
  }

  @Test
  void descriptorHeaderNamesMissingEntry() {
    assertFails(
        validate(
            JarBuilder.bundle()
                .header("Require-Capability", Fixtures.SDK_CAPABILITY)
                .entry(Fixtures.SQL_PATH, Fixtures.SQL)
                .build()),
        "manifest",
        "names 'META-INF/mingjian/model.json', which is not in the jar");
  }

  // ---- sdk-range --------------------------------------------------------------------------

  @Test
  void incompatibleSdkRange() {
    assertFails(
        validate(
            sqlModel()
                .header(
                    "Require-Capability",
                    "mingjian.sdk;filter:=\"(&(mingjian.sdk>=2.0)(!(mingjian.sdk>=3.0)))\"")
                .build()),
        "sdk-range",
        "does not accept SDK 1.0.0");
    assertFails(
        validate(
            Fixtures.javaModel()
                .header("Import-Package", "org.mingjian.sdk.model;version=\"[1.1,2)\"")
                .build()),
        "sdk-range",
        "does not accept SDK 1.0.0");
  }

  @Test
  void noSdkRangeAtAll() {
    assertFails(
        validate(sqlModel().header("Require-Capability", null).build()),
        "sdk-range",
        "declares no SDK range");
    assertFails(
        validate(
            Fixtures.javaModel()
                .header("Import-Package", null)
                .header("Require-Capability", Fixtures.SDK_CAPABILITY)
                .build()),
        "sdk-range",
        "must import org.mingjian.sdk.model");
  }

  // ---- descriptor -------------------------------------------------------------------------

  @Test
  void invalidDescriptor() {
    assertFails(
        validate(
            JarBuilder.bundle()
                .header("Require-Capability", Fixtures.SDK_CAPABILITY)
                .entry(DESCRIPTOR_PATH, "{\"id\": \"Bad Id\"}")
                .build()),
        "descriptor",
        "id: 'Bad Id' is not");
  }

  @Test
  void descriptorVersionMismatch() {
    ValidationReport r =
        validate(
            JarBuilder.bundle()
                .header("Require-Capability", Fixtures.SDK_CAPABILITY)
                .header("Bundle-Version", "1.2.0")
                .entry(DESCRIPTOR_PATH, descriptor("SQL", "1.0.0", DATASETS, SQL_SECTION))
                .entry(Fixtures.SQL_PATH, Fixtures.SQL)
                .build());
    assertFails(r, "descriptor", "version 1.0.0 differs from Bundle-Version 1.2.0");
    assertEquals(Outcome.SKIP, r.check("sql").orElseThrow().outcome());
  }

  // ---- data-contract ----------------------------------------------------------------------

  @Test
  void unknownDatasetAndColumn() {
    String datasets =
        """
        [{"name": "judgments", "columns": ["case_no", "amount", "judge_name", "court"]},
         {"name": "persons", "columns": ["person_id"]},
         {"name": "tax_records", "columns": ["person_id"]}]""";
    ValidationReport r =
        validate(
            JarBuilder.bundle()
                .header("Require-Capability", Fixtures.SDK_CAPABILITY)
                .entry(DESCRIPTOR_PATH, descriptor("SQL", "1.0.0", datasets, SQL_SECTION))
                .entry(Fixtures.SQL_PATH, "SELECT case_no FROM judgments")
                .build());
    assertFails(r, "data-contract", "dataset 'tax_records' does not exist");
    assertTrue(
        r.firstFailure()
            .orElseThrow()
            .message()
            .contains("'judgments' has no column judge_name, court"));
  }

  // ---- sql --------------------------------------------------------------------------------

  @Test
  void sqlReadingAnUndeclaredTable() {
    assertFails(
        validate(sqlModel("SELECT * FROM judgments j JOIN users u ON u.id = j.case_no").build()),
        "sql",
        "does not declare: [users]");
  }

  @Test
  void sqlThatIsNotASelect() {
    assertFails(validate(sqlModel("DROP TABLE judgments").build()), "sql", "only SELECT");
    assertFails(validate(sqlModel("COPY judgments TO '/tmp/out.csv'").build()), "sql", "clues.sql");
  }

  @Test
  void sqlFileMissing() {
    assertFails(
        validate(
            JarBuilder.bundle()
                .header("Require-Capability", Fixtures.SDK_CAPABILITY)
                .entry(DESCRIPTOR_PATH, descriptor("SQL", "1.0.0", DATASETS, SQL_SECTION))
                .build()),
        "sql",
        "META-INF/mingjian/clues.sql named in");
  }
}
