package org.mingjian.plugins.blr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.testkit.ModelTestKit;
import org.mingjian.sdk.testkit.TestRun;

/** The text rules and the model on inline fixtures: crimes, end dates, boundaries, bankruptcy. */
class RuleTest {
  private static final String CY = "110105";
  private static final String HD = "110108";
  private static final LocalDate JUDGED = LocalDate.of(2017, 4, 20);

  private final List<List<Object>> firms = new ArrayList<>();
  private final List<List<Object>> convictions = new ArrayList<>();

  private String firm(String district, String rep, LocalDate since, String status) {
    return firm(district, rep, since, status, null, null);
  }

  private String firm(
      String district,
      String rep,
      LocalDate since,
      String status,
      LocalDate liquidated,
      String liable) {
    String code = "F" + (firms.size() + 1);
    List<Object> row = new ArrayList<>();
    row.addAll(List.of(code, district, "北京" + code + "有限公司", rep, "赵六", since, status));
    row.add(liquidated);
    row.add(liable);
    firms.add(row);
    return code;
  }

  private void convicted(String person, String text) {
    convictions.add(
        List.of(
            "(2017)京0105刑初" + (convictions.size() + 1) + "号", person, "北京市朝阳区人民法院", JUDGED, text));
  }

  private static String judgment(String crime, String rest) {
    return "被告人赵六，男，1970年出生。本院于2017年4月20日以被告人赵六犯" + crime + "罪，判处" + rest;
  }

  private ModelTestKit kit() {
    return ModelTestKit.fromClasspath("META-INF/mingjian/model.json")
        .model(new BarredLegalRepresentative())
        .inline(
            "enterprises",
            List.of(
                "credit_code",
                "district",
                "name",
                "legal_rep_id",
                "legal_rep_name",
                "rep_since",
                "status",
                "liquidated_on",
                "rep_liable"),
            firms)
        .inline(
            "convictions",
            List.of("case_no", "person_id", "court", "judged_on", "judgment_text"),
            convictions);
  }

  private static Map<String, String> reasons(TestRun run) {
    Map<String, String> m = new TreeMap<>();
    for (Clue c : run.clues()) {
      m.put(c.evidence().get(0).rowKey(), (String) c.fields().get("reason"));
    }
    return m;
  }

  @Test
  void textRulesReadCrimeAndEndOfSentence() {
    TextRules rules = TextRules.load();
    assertEquals("EMBEZZLEMENT", rules.crime(judgment("职务侵占", "有期徒刑三年。")).orElseThrow().name());
    assertEquals("BRIBERY", rules.crime(judgment("对非国家工作人员行贿", "有期徒刑一年。")).orElseThrow().name());
    assertEquals("PROPERTY_SEIZURE", rules.crime(judgment("侵占", "有期徒刑一年。")).orElseThrow().name());
    assertEquals("MARKET_ORDER", rules.crime(judgment("合同诈骗", "有期徒刑一年。")).orElseThrow().name());
    assertTrue(rules.crime(judgment("诈骗", "有期徒刑一年。")).isEmpty());
    assertTrue(rules.crime(judgment("危险驾驶", "拘役二个月。")).isEmpty());

    TextRules.End released = rules.sentenceEnd(judgment("贪污", "有期徒刑三年。刑满释放于2020年3月1日。"), JUDGED);
    assertEquals(new TextRules.End(LocalDate.of(2020, 3, 1), "RELEASED_ON"), released);
    assertEquals(
        new TextRules.End(LocalDate.of(2019, 12, 9), "RELEASED_AT"),
        rules.sentenceEnd(judgment("贪污", "有期徒刑三年。该犯于2019年12月9日刑满释放。"), JUDGED));
    assertEquals(
        new TextRules.End(JUDGED.plusYears(2).plusMonths(6), "YEARS_MONTHS"),
        rules.sentenceEnd(judgment("挪用资金", "有期徒刑二年六个月。"), JUDGED));
    assertEquals(
        new TextRules.End(JUDGED.plusMonths(11), "MONTHS"),
        rules.sentenceEnd(judgment("挪用资金", "有期徒刑十一个月。"), JUDGED));
    assertEquals(
        new TextRules.End(JUDGED.plusYears(12), "YEARS_MONTHS"),
        rules.sentenceEnd(judgment("贪污", "有期徒刑十二年。"), JUDGED));
    assertEquals(
        new TextRules.End(JUDGED, "JUDGMENT_DATE"),
        rules.sentenceEnd(judgment("逃税", "罚金人民币二十万元。"), JUDGED));
    assertEquals(23, TextRules.chinese("二十三"));
    assertEquals(10, TextRules.chinese("十"));
  }

  @Test
  void malformedRulesAreRefusedWithTheirLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TextRules.parse(
                    new ByteArrayInputStream(
                        "# c\ncrime.A = 犯(罪\n".getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().startsWith("line 2 (A)"), e.getMessage());
  }

  @Test
  void appointedWhileBarred() {
    LocalDate release = LocalDate.of(2019, 3, 1);
    String released = "有期徒刑二年。刑满释放于2019年3月1日。";
    convicted("P1", judgment("职务侵占", released));
    String inside = firm(CY, "P1", release.plusYears(5).minusDays(1), "ACTIVE");
    convicted("P2", judgment("职务侵占", released));
    firm(CY, "P2", release.plusYears(5), "ACTIVE"); // exactly five years after: free
    convicted("P3", judgment("危险驾驶", "拘役二个月。"));
    firm(CY, "P3", JUDGED.plusMonths(6), "ACTIVE"); // not a barring crime
    convicted("P4", judgment("行贿", released));
    firm(CY, "P4", release.plusYears(1), "DEREGISTERED"); // not active
    convicted("P5", judgment("非法吸收公众存款", "罚金人民币二十万元。"));
    String fine = firm(CY, "P5", JUDGED.plusYears(2), "ACTIVE");
    convicted("P6", judgment("贪污", released));
    firm(CY, "P6", JUDGED.minusDays(1), "ACTIVE"); // appointed before the judgment: out of scope
    // bankruptcy: liable, two years after; not liable; liable but exactly three years after
    firm(CY, "P7", LocalDate.of(2010, 1, 1), "BANKRUPT", LocalDate.of(2020, 5, 1), "Y");
    String liable = firm(CY, "P7", LocalDate.of(2022, 5, 1), "ACTIVE");
    firm(CY, "P8", LocalDate.of(2010, 1, 1), "BANKRUPT", LocalDate.of(2020, 5, 1), "N");
    firm(CY, "P8", LocalDate.of(2021, 5, 1), "ACTIVE");
    firm(CY, "P9", LocalDate.of(2010, 1, 1), "BANKRUPT", LocalDate.of(2020, 5, 1), "Y");
    firm(CY, "P9", LocalDate.of(2023, 5, 1), "ACTIVE");

    TestRun run = kit().run(CY);
    assertEquals(
        Map.of(inside, "EMBEZZLEMENT", fine, "MARKET_ORDER", liable, "BANKRUPTCY"), reasons(run));
    Clue c = run.clues().get(0);
    assertEquals("P1", c.subject());
    assertEquals(CY, c.district());
    assertEquals("convictions", c.evidence().get(1).dataset());
    assertEquals("RELEASED_ON", c.fields().get("end_rule"));
    assertEquals(release.plusYears(5), c.fields().get("barred_until"));
    // a six-year bar takes in P2; a four-year bankruptcy bar takes in P9
    Map<String, String> longer =
        reasons(kit().run(CY, Map.of("barYears", 6, "bankruptcyYears", 4)));
    assertEquals(5, longer.size());
  }

  @Test
  void convictionsAreCityWideFirmsAreNot() {
    convicted("P1", judgment("职务侵占", "有期徒刑二年。刑满释放于2019年3月1日。"));
    String hd = firm(HD, "P1", LocalDate.of(2020, 1, 1), "ACTIVE");
    assertEquals(Map.of(), reasons(kit().run(CY)));
    assertEquals(Map.of(hd, "EMBEZZLEMENT"), reasons(kit().run(HD)));
  }
}
