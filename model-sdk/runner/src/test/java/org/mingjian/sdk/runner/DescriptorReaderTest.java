package org.mingjian.sdk.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.descriptor.BusinessLine;
import org.mingjian.sdk.descriptor.ClueFieldSpec;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.EvidenceMapping;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.descriptor.ParameterSpec;
import org.mingjian.sdk.descriptor.ParameterType;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.descriptor.SqlOutput;

class DescriptorReaderTest {

  private static final String VALID =
      """
      {
        "id": "pension-in-custody",
        "name": "在押人员领取养老金",
        "version": "1.2.3",
        "supervisionPoint": "社会保险待遇违规领取",
        "legalBasis": "社会保险法第八十八条",
        "businessLine": "public-interest",
        "authorDistrict": "110105",
        "kind": "SQL",
        "datasets": [
          {"name": "persons", "columns": ["person_id", "name", "district"]},
          {"name": "pension_payments", "columns": ["payment_id", "person_id", "amount", "paid_on"]}
        ],
        "parameters": [
          {"name": "minCount", "type": "INTEGER", "default": 3, "min": 1, "max": 100,
           "description": "最少次数"},
          {"name": "ratio", "type": "DECIMAL", "default": "0.75", "min": 0, "max": 1},
          {"name": "cause", "type": "STRING", "default": "PRIVATE_LENDING"},
          {"name": "strict", "type": "BOOLEAN", "default": false},
          {"name": "since", "type": "DATE", "default": "2023-01-01"}
        ],
        "clueFields": [
          {"name": "total_amount", "description": "合计金额", "sensitivity": "SENSITIVE"},
          {"name": "payments"}
        ],
        "sql": {
          "file": "sql/query.sql",
          "subject": "person_id",
          "title": "在押期间领取养老金 {payments} 笔",
          "score": "score",
          "evidence": [
            {"dataset": "persons", "key": "person_id"},
            {"dataset": "pension_payments", "key": "payment_id",
             "fields": {"amount": "amount", "paid_on": "paid_on"}}
          ]
        }
      }
      """;

  @Test
  void validDescriptorKeepsEveryField() throws Exception {
    ModelDescriptor d = DescriptorReader.read(VALID);

    assertEquals("pension-in-custody", d.id());
    assertEquals("在押人员领取养老金", d.name());
    assertEquals("1.2.3", d.version());
    assertEquals("社会保险待遇违规领取", d.supervisionPoint());
    assertEquals("社会保险法第八十八条", d.legalBasis());
    assertEquals(BusinessLine.PUBLIC_INTEREST, d.businessLine());
    assertEquals("110105", d.authorDistrict());
    assertEquals(ModelKind.SQL, d.kind());
    assertEquals(
        List.of(
            new DatasetContract("persons", List.of("person_id", "name", "district")),
            new DatasetContract(
                "pension_payments", List.of("payment_id", "person_id", "amount", "paid_on"))),
        d.datasets());

    assertEquals(
        new ParameterSpec("minCount", ParameterType.INTEGER, 3L, 1.0, 100.0, "最少次数"),
        d.parameter("minCount").orElseThrow());
    ParameterSpec ratio = d.parameter("ratio").orElseThrow();
    assertEquals(ParameterType.DECIMAL, ratio.type());
    assertEquals(0, new BigDecimal("0.75").compareTo((BigDecimal) ratio.defaultValue()));
    assertEquals(0.0, ratio.min());
    assertEquals(1.0, ratio.max());
    assertEquals("PRIVATE_LENDING", d.parameter("cause").orElseThrow().defaultValue());
    assertEquals(Boolean.FALSE, d.parameter("strict").orElseThrow().defaultValue());
    assertEquals(LocalDate.of(2023, 1, 1), d.parameter("since").orElseThrow().defaultValue());
    assertEquals(
        List.of("minCount", "ratio", "cause", "strict", "since"),
        d.parameters().stream().map(ParameterSpec::name).toList());

    assertEquals(
        List.of(
            new ClueFieldSpec("total_amount", "合计金额", Sensitivity.SENSITIVE),
            // no grade given: INTERNAL
            new ClueFieldSpec("payments", "", Sensitivity.INTERNAL)),
        d.clueFields());

    assertEquals(
        new SqlOutput(
            "sql/query.sql",
            "person_id",
            "在押期间领取养老金 {payments} 笔",
            "score",
            List.of(
                new EvidenceMapping("persons", "person_id", Map.of()),
                new EvidenceMapping(
                    "pension_payments",
                    "payment_id",
                    Map.of("amount", "amount", "paid_on", "paid_on")))),
        d.sql());
  }

  @Test
  void readsFromAStream() throws Exception {
    ModelDescriptor d =
        DescriptorReader.read(new ByteArrayInputStream(VALID.getBytes(StandardCharsets.UTF_8)));
    assertEquals("pension-in-custody", d.id());
  }

  @Test
  void javaModelWithoutSqlSectionAndWithoutParameters() throws Exception {
    ModelDescriptor d =
        DescriptorReader.read(
            """
            {"id": "m", "name": "n", "version": "0.0.1", "supervisionPoint": "p",
             "legalBasis": "l", "businessLine": "CIVIL", "authorDistrict": "110108",
             "kind": "java", "datasets": [{"name": "persons", "columns": ["person_id"]}]}
            """);
    assertEquals(ModelKind.JAVA, d.kind());
    assertEquals(BusinessLine.CIVIL, d.businessLine());
    assertNull(d.sql());
    assertTrue(d.parameters().isEmpty());
    assertTrue(d.clueFields().isEmpty());
  }

  @Test
  void emptyObjectListsEveryMissingField() {
    List<String> problems = problems("{}");
    for (String path :
        List.of(
            "id",
            "name",
            "version",
            "supervisionPoint",
            "legalBasis",
            "businessLine",
            "authorDistrict",
            "kind")) {
      assertEquals(path + ": required", problem(problems, path), problems.toString());
    }
    assertTrue(problem(problems, "datasets").contains("at least one dataset"), problems.toString());
    assertEquals(9, problems.size(), problems.toString());
  }

  @Test
  void everyInvalidFieldIsReportedWithItsPath() {
    List<String> problems =
        problems(
            """
            {"id": "Bad_Id", "name": "n", "version": "1.0", "supervisionPoint": "p",
             "legalBasis": "l", "businessLine": "TAXES", "authorDistrict": "11010",
             "kind": "JAVA",
             "datasets": [
               {"name": "persons", "columns": ["person_id", "Bad Col", "person_id"]},
               {"name": "Persons2", "columns": []},
               {"name": "persons", "columns": ["x"]}
             ],
             "parameters": [
               {"name": "days", "type": "INTEGER"},
               {"name": "limit", "type": "INTEGER", "default": 0, "min": 1, "max": 10},
               {"name": "flag", "type": "BOOLEAN", "default": "yes"},
               {"name": "from", "type": "DATE", "default": "2023-13-01"},
               {"name": "label", "type": "STRING", "default": "x", "min": 1},
               {"name": "span", "type": "DECIMAL", "default": 5, "min": 10, "max": 1},
               {"name": "kind", "type": "COLOUR", "default": "red"},
               {"name": "days", "type": "INTEGER", "default": 1}
             ],
             "clueFields": [{"name": "Amount", "sensitivity": "SECRET"}]}
            """);

    assertTrue(problem(problems, "id").contains("'Bad_Id'"), problems.toString());
    assertTrue(problem(problems, "version").contains("major.minor.micro"), problems.toString());
    assertTrue(problem(problems, "businessLine").contains("'TAXES'"), problems.toString());
    assertTrue(problem(problems, "authorDistrict").contains("6-digit"), problems.toString());
    assertTrue(
        problem(problems, "datasets[0].columns[1]").contains("'Bad Col'"), problems.toString());
    assertTrue(
        problem(problems, "datasets[0].columns[2]").contains("declared twice"),
        problems.toString());
    assertTrue(problem(problems, "datasets[1].name").contains("'Persons2'"), problems.toString());
    assertTrue(
        problem(problems, "datasets[1].columns").contains("at least one column"),
        problems.toString());
    assertTrue(
        problem(problems, "datasets[2].name").contains("declared twice"), problems.toString());
    assertEquals(
        "parameters[0].default: every parameter needs a default",
        problem(problems, "parameters[0].default"));
    assertEquals(
        "parameters[1].default: 0 is below the minimum 1",
        problem(problems, "parameters[1].default"));
    assertTrue(
        problem(problems, "parameters[2].default").contains("true or false"), problems.toString());
    assertTrue(
        problem(problems, "parameters[3].default").contains("yyyy-MM-dd"), problems.toString());
    assertTrue(
        problem(problems, "parameters[4]").contains("only INTEGER and DECIMAL"),
        problems.toString());
    assertTrue(problem(problems, "parameters[5]").contains("above max"), problems.toString());
    assertTrue(problem(problems, "parameters[6].type").contains("'COLOUR'"), problems.toString());
    assertTrue(
        problem(problems, "parameters[7].name").contains("declared twice"), problems.toString());
    assertTrue(problem(problems, "clueFields[0].name").contains("'Amount'"), problems.toString());
    assertTrue(
        problem(problems, "clueFields[0].sensitivity").contains("'SECRET'"), problems.toString());
  }

  @Test
  void exceptionMessageJoinsTheProblems() {
    DescriptorException e =
        assertThrows(DescriptorException.class, () -> DescriptorReader.read("{}"));
    assertTrue(e.getMessage().startsWith("invalid model descriptor: "), e.getMessage());
    assertTrue(e.getMessage().contains("id: required; "), e.getMessage());
  }

  @Test
  void invalidJsonNamesLineAndColumn() {
    List<String> problems = problems("{\n  \"id\": \"m\",\n  oops: 1\n}");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("not valid JSON: "), problems.get(0));
    assertTrue(problems.get(0).contains("line 3, column 3"), problems.get(0));
  }

  @Test
  void nonObjectRootIsRefused() {
    assertEquals(List.of("the descriptor must be a JSON object"), problems("[1, 2]"));
  }

  @Test
  void sqlModelNeedsSqlSection() {
    List<String> problems = problems(base("SQL", null));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("sql: a SQL model must describe its query"));
  }

  @Test
  void javaModelMustNotHaveSqlSection() {
    List<String> problems = problems(base("JAVA", sql("q.sql", "persons")));
    assertEquals(List.of("sql: only SQL models have a 'sql' section"), problems);
  }

  @Test
  void sqlFileOutsideTheBundleIsRefused() {
    for (String file : List.of("../q.sql", "sql/../../q.sql", "/etc/q.sql", "sql\\\\q.sql")) {
      List<String> problems = problems(base("SQL", sql(file, "persons")));
      assertEquals(
          List.of("sql.file: must be a relative path inside the bundle without '..'"),
          problems,
          file);
    }
  }

  @Test
  void evidenceFromAnUndeclaredDatasetIsRefused() {
    List<String> problems = problems(base("SQL", sql("q.sql", "secrets")));
    assertEquals(List.of("sql.evidence[0].dataset: 'secrets' is not a declared dataset"), problems);
  }

  @Test
  void sqlSectionFieldsAreChecked() {
    List<String> problems = problems(base("SQL", "{\"subject\": \"Person Id\", \"evidence\": []}"));
    assertEquals("sql.file: required", problem(problems, "sql.file"));
    assertEquals("sql.title: required", problem(problems, "sql.title"));
    assertTrue(problem(problems, "sql.subject").contains("'Person Id'"), problems.toString());
    assertTrue(
        problem(problems, "sql.evidence").contains("at least one piece of evidence"),
        problems.toString());
  }

  private static String base(String kind, String sql) {
    return """
        {"id": "m", "name": "n", "version": "1.0.0", "supervisionPoint": "p", "legalBasis": "l",
         "businessLine": "CRIMINAL", "authorDistrict": "110105", "kind": "%s",
         "datasets": [{"name": "persons", "columns": ["person_id"]}]%s}
        """
        .formatted(kind, sql == null ? "" : ", \"sql\": " + sql);
  }

  private static String sql(String file, String evidenceDataset) {
    return """
        {"file": "%s", "subject": "person_id", "title": "t",
         "evidence": [{"dataset": "%s", "key": "person_id"}]}
        """
        .formatted(file, evidenceDataset);
  }

  private static List<String> problems(String json) {
    try {
      DescriptorReader.read(json);
    } catch (DescriptorException e) {
      return e.problems();
    }
    return fail("descriptor was accepted: " + json);
  }

  /** The one problem for exactly this path. */
  private static String problem(List<String> problems, String path) {
    List<String> found = problems.stream().filter(p -> p.startsWith(path + ": ")).toList();
    assertEquals(1, found.size(), "problems for " + path + " in " + problems);
    return found.get(0);
  }
}
