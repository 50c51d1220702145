package org.mingjian.sdk.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Model bundles and a district for the tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final String DESCRIPTOR_PATH = "META-INF/mingjian/model.json";
  public static final String SQL_PATH = "META-INF/mingjian/clues.sql";
  public static final String SDK_CAPABILITY =
      "mingjian.sdk;filter:=\"(&(mingjian.sdk>=1.0)(!(mingjian.sdk>=2.0)))\"";
  public static final String SDK_IMPORTS =
      "org.mingjian.sdk.descriptor;version=\"[1.0,2)\",org.mingjian.sdk.model;version=\"[1.0,2)\"";

  public static final String SQL =
      """
      SELECT j.case_no, j.amount
        FROM judgments j JOIN persons p ON p.person_id = j.defendant_id
       WHERE j.amount > ?
      """;

  /** The district's data: two datasets. */
  public static final Map<String, Set<String>> CATALOGUE =
      Map.of(
          "judgments", Set.of("case_no", "amount", "defendant_id", "closed_on"),
          "persons", Set.of("person_id", "name"));

  public static String descriptor(String kind, String version, String datasets, String sqlSection) {
    return """
        {
          "id": "example-model",
          "name": "Example model",
          "version": "%s",
          "supervisionPoint": "large judgments",
          "legalBasis": "none, a test",
          "businessLine": "CIVIL",
          "authorDistrict": "110105",
          "kind": "%s",
          "datasets": %s,
          "parameters": [{"name": "minAmount", "type": "DECIMAL", "default": 1000}]%s
        }
        """
        .formatted(
            version, kind, datasets, sqlSection == null ? "" : ",\n  \"sql\": " + sqlSection);
  }

  public static final String DATASETS =
      """
      [{"name": "judgments", "columns": ["case_no", "amount", "defendant_id"]},
       {"name": "persons", "columns": ["person_id", "name"]}]""";

  public static final String SQL_SECTION =
      """
      {"file": "clues.sql", "subject": "case_no", "title": "Case {case_no}",
       "evidence": [{"dataset": "judgments", "key": "case_no"}]}""";

  public static JarBuilder sqlModel() {
    return sqlModel(SQL);
  }

  public static JarBuilder sqlModel(String sql) {
    return JarBuilder.bundle()
        .header("Require-Capability", SDK_CAPABILITY)
        .entry(DESCRIPTOR_PATH, descriptor("SQL", "1.0.0", DATASETS, SQL_SECTION))
        .entry(SQL_PATH, sql);
  }

  public static JarBuilder javaModel() {
    return JarBuilder.bundle()
        .header("Import-Package", SDK_IMPORTS)
        .entry(DESCRIPTOR_PATH, descriptor("JAVA", "1.0.0", DATASETS, null))
        .entry(
            "org/example/model/ExampleModel.class",
            Classes.javaModel("org/example/model/ExampleModel"));
  }

  /**
   * A Java model with one more class {@code org/example/model/Bad} whose run() does {@code body}.
   */
  public static byte[] javaModelWith(
      java.util.function.Consumer<org.objectweb.asm.MethodVisitor> body) {
    return javaModel()
        .entry("org/example/model/Bad.class", Classes.withRun("org/example/model/Bad", body))
        .build();
  }

  public static ValidationContext context(X509Certificate districtCertificate) {
    return new ValidationContext(
        "1.0.0",
        name -> Optional.ofNullable(CATALOGUE.get(name)),
        districtCertificate,
        Limits.defaults());
  }

  public static ValidationReport validate(byte[] jar) {
    return BundleValidator.validate(jar, null, context(null));
  }

  /** The first failure is {@code check} and its message mentions {@code phrase}. */
  public static void assertFails(ValidationReport report, String check, String phrase) {
    assertFalse(report.passed(), report.summary());
    Check failure = report.firstFailure().orElseThrow();
    assertEquals(check, failure.check(), report.summary());
    assertTrue(
        failure.message().contains(phrase), "expected '" + phrase + "' in: " + failure.message());
    assertEquals(8, report.checks().size(), report.summary());
  }
}
