package org.mingjian.platform.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the SMALL files back and checks them, including the planted clues against the rule. */
class GeneratedDataTest {

  private static final Set<String> DISTRICTS = new TreeSet<>();
  private static final Pattern CASE_NO = Pattern.compile("\\((\\d{4})\\)京(\\d{4})民初(\\d+)号");
  private static final Pattern MONEY = Pattern.compile("\\d{1,12}\\.\\d{2}");
  private static final LocalDate CASES_FROM = LocalDate.of(2019, 1, 1);
  private static final LocalDate CASES_TO = LocalDate.of(2024, 6, 30);

  @TempDir static Path dir;
  static GenerationReport report;
  static TestCsv.Table persons;
  static TestCsv.Table judgments;
  static TestCsv.Table withdrawals;
  static TestCsv.Table truth;
  static Map<String, Map<String, String>> personById;
  static Map<String, Map<String, String>> judgmentByCase;

  @BeforeAll
  static void generate() throws IOException {
    for (District d : District.ALL) {
      DISTRICTS.add(d.code());
    }
    report = DataGenerator.generate(Scale.SMALL, 42, dir);
    persons = TestCsv.read(dir.resolve("persons.csv"));
    judgments = TestCsv.read(dir.resolve("civil_judgments.csv"));
    withdrawals = TestCsv.read(dir.resolve("fund_withdrawals.csv"));
    truth = TestCsv.read(dir.resolve("ground_truth.csv"));
    personById = index(persons, "person_id");
    judgmentByCase = index(judgments, "case_no");
  }

  private static Map<String, Map<String, String>> index(TestCsv.Table t, String key) {
    Map<String, Map<String, String>> m = new HashMap<>();
    for (Map<String, String> row : t.maps()) {
      assertEquals(null, m.put(row.get(key), row), "duplicate " + key + " " + row.get(key));
    }
    return m;
  }

  @Test
  void reportMatchesFiles() throws IOException {
    assertEquals(Scale.SMALL.persons(), persons.rows().size());
    assertEquals(Scale.SMALL.civilJudgments(), judgments.rows().size());
    assertEquals(Scale.SMALL.fundWithdrawals(), withdrawals.rows().size());
    assertEquals(Scale.SMALL.persons(), report.rowsOf(DemoDatasets.PERSONS));
    assertEquals(Scale.SMALL.civilJudgments(), report.rowsOf(DemoDatasets.CIVIL_JUDGMENTS));
    assertEquals(Scale.SMALL.fundWithdrawals(), report.rowsOf(DemoDatasets.FUND_WITHDRAWALS));
    assertEquals(truth.rows().size(), report.rowsOf(GenerationReport.GROUND_TRUTH));
    assertEquals(truth.rows().size(), report.plantedClues());
    assertTrue(report.plantedDecoys() >= 16 * 4);
    assertEquals(DemoDatasets.all().size() + 1, report.files().size());
    for (Path f : report.files().values()) {
      assertTrue(Files.isRegularFile(f), f.toString());
    }
    try (var list = Files.list(dir)) {
      assertEquals(DemoDatasets.all().size() + 1, list.count(), "no temporary files left");
    }
  }

  @Test
  void headersMatchSchemas() {
    assertEquals(DemoDatasets.persons().columnNames(), persons.header());
    assertEquals(DemoDatasets.civilJudgments().columnNames(), judgments.header());
    assertEquals(DemoDatasets.fundWithdrawals().columnNames(), withdrawals.header());
    assertEquals(DemoDatasets.GROUND_TRUTH_COLUMNS, truth.header());
  }

  @Test
  void personsAreConsistent() {
    Map<String, Integer> perDistrict = new TreeMap<>();
    for (Map<String, String> p : persons.maps()) {
      String id = p.get("person_id");
      assertTrue(ResidentIds.isValid(id), id);
      String district = p.get("district");
      assertTrue(DISTRICTS.contains(district), district);
      assertEquals(district, id.substring(0, 6));
      LocalDate birth = LocalDate.parse(p.get("birth_date"));
      assertEquals(ResidentIds.birthDate(id), birth);
      assertTrue(birth.getYear() >= 1950 && birth.getYear() <= 2003, birth.toString());
      assertEquals(ResidentIds.isMale(id) ? "M" : "F", p.get("gender"));
      String name = p.get("name");
      assertTrue(name.length() >= 2 && name.length() <= 3, name);
      assertTrue(
          name.codePoints()
              .allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
          name);
      perDistrict.merge(district, 1, Integer::sum);
    }
    assertEquals(DISTRICTS, perDistrict.keySet());
    int chaoyang = perDistrict.get("110105");
    int haidian = perDistrict.get("110108");
    for (Map.Entry<String, Integer> e : perDistrict.entrySet()) {
      if (!e.getKey().equals("110105") && !e.getKey().equals("110108")) {
        assertTrue(e.getValue() < chaoyang && e.getValue() < haidian, e.toString());
      }
    }
  }

  @Test
  void judgmentsAreConsistent() {
    Set<String> districts = new TreeSet<>();
    Set<String> causes = Set.of("PRIVATE_LENDING", "SALES_CONTRACT", "LABOR", "DIVORCE", "TRAFFIC");
    Set<String> closings = Set.of("MEDIATION", "JUDICIAL_CONFIRMATION", "JUDGMENT", "WITHDRAWN");
    Set<String> seenCauses = new HashSet<>();
    Set<String> seenClosings = new HashSet<>();
    int withAgent = 0;
    int quoted = 0;
    for (Map<String, String> j : judgments.maps()) {
      String district = j.get("district");
      districts.add(district);
      Matcher m = CASE_NO.matcher(j.get("case_no"));
      assertTrue(m.matches(), j.get("case_no"));
      assertEquals(district.substring(2), m.group(2));
      District d = District.byCode(district).orElseThrow();
      assertEquals("北京市" + d.name() + "人民法院", j.get("court"));
      assertTrue(causes.contains(j.get("cause")), j.get("cause"));
      assertTrue(closings.contains(j.get("closing_method")), j.get("closing_method"));
      seenCauses.add(j.get("cause"));
      seenClosings.add(j.get("closing_method"));
      LocalDate filed = LocalDate.parse(j.get("filed_on"));
      LocalDate closed = LocalDate.parse(j.get("closed_on"));
      assertEquals(m.group(1), String.valueOf(filed.getYear()));
      assertTrue(closed.isAfter(filed), j.toString());
      assertFalse(filed.isBefore(CASES_FROM) || closed.isAfter(CASES_TO), j.toString());
      for (String party : List.of("plaintiff_id", "defendant_id")) {
        String id = j.get(party);
        assertTrue(ResidentIds.isValid(id), id);
        Map<String, String> p = personById.get(id);
        assertNotNull(p, "unknown " + party + " " + id);
        assertEquals(district, p.get("district"), "party of another district");
      }
      assertFalse(j.get("plaintiff_id").equals(j.get("defendant_id")));
      String amount = j.get("amount");
      assertTrue(amount.isEmpty() || MONEY.matcher(amount).matches(), amount);
      assertFalse(j.get("summary").isBlank());
      if (!j.get("agent_name").isEmpty()) {
        withAgent++;
      }
      if (j.get("summary").contains(",") || j.get("summary").contains("\"")) {
        quoted++;
      }
    }
    assertEquals(DISTRICTS, districts);
    assertEquals(causes, seenCauses);
    assertEquals(closings, seenClosings);
    assertTrue(withAgent > 1000 && withAgent < judgments.rows().size());
    assertTrue(quoted > 0, "some summaries need RFC 4180 quoting");
  }

  @Test
  void withdrawalsAreConsistent() {
    Set<String> districts = new TreeSet<>();
    Set<String> reasons = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (Map<String, String> w : withdrawals.maps()) {
      assertTrue(w.get("withdrawal_id").matches("FW\\d{10}"), w.get("withdrawal_id"));
      assertTrue(ids.add(w.get("withdrawal_id")));
      String district = w.get("district");
      districts.add(district);
      String holder = w.get("person_id");
      String payee = w.get("payee_id");
      assertTrue(ResidentIds.isValid(holder), holder);
      assertTrue(ResidentIds.isValid(payee), payee);
      assertEquals(district, personById.get(holder).get("district"));
      assertNotNull(personById.get(payee));
      assertTrue(MONEY.matcher(w.get("amount")).matches(), w.get("amount"));
      LocalDate.parse(w.get("withdrawn_on"));
      String reason = w.get("reason");
      reasons.add(reason);
      if (reason.equals("COURT_ENFORCEMENT")) {
        Map<String, String> j = judgmentByCase.get(w.get("case_no"));
        assertNotNull(j, "enforces an unknown case " + w.get("case_no"));
        assertEquals(j.get("defendant_id"), holder);
        assertEquals(j.get("district"), district);
        assertFalse(
            LocalDate.parse(w.get("withdrawn_on")).isBefore(LocalDate.parse(j.get("closed_on"))));
      } else {
        assertEquals("", w.get("case_no"));
        assertEquals(holder, payee);
      }
    }
    assertEquals(DISTRICTS, districts);
    assertEquals(
        Set.of("HOUSE_PURCHASE", "RENT", "RETIREMENT", "MEDICAL", "COURT_ENFORCEMENT"), reasons);
  }

  /** One key of the ground truth: district and case number. */
  private record Key(String district, String caseNo) {}

  /**
   * The rule of {@code provident-fund-false-litigation} with withinDays = 90 and minCases = 3,
   * evaluated here in plain Java from the files alone.
   *
   * @return clue reasons per (district, case_no)
   */
  private static Map<Key, Set<String>> evaluateRule() {
    Map<String, List<Map<String, String>>> enforcementsByCase = new HashMap<>();
    for (Map<String, String> w : withdrawals.maps()) {
      if (w.get("reason").equals("COURT_ENFORCEMENT")) {
        enforcementsByCase.computeIfAbsent(w.get("case_no"), k -> new ArrayList<>()).add(w);
      }
    }
    List<Map<String, String>> qualifying = new ArrayList<>();
    Set<String> returned = new HashSet<>();
    for (Map<String, String> j : judgments.maps()) {
      if (!j.get("cause").equals("PRIVATE_LENDING")) {
        continue;
      }
      String method = j.get("closing_method");
      if (!method.equals("MEDIATION") && !method.equals("JUDICIAL_CONFIRMATION")) {
        continue;
      }
      LocalDate closed = LocalDate.parse(j.get("closed_on"));
      boolean found = false;
      for (Map<String, String> w : enforcementsByCase.getOrDefault(j.get("case_no"), List.of())) {
        LocalDate on = LocalDate.parse(w.get("withdrawn_on"));
        if (w.get("person_id").equals(j.get("defendant_id"))
            && w.get("district").equals(j.get("district"))
            && !on.isBefore(closed)
            && !on.isAfter(closed.plusDays(90))) {
          found = true;
          if (w.get("payee_id").equals(j.get("defendant_id"))) {
            returned.add(j.get("case_no"));
          }
        }
      }
      if (found) {
        qualifying.add(j);
      }
    }
    Map<String, Integer> byPlaintiff = new HashMap<>();
    Map<String, Integer> byAgent = new HashMap<>();
    for (Map<String, String> j : qualifying) {
      byPlaintiff.merge(j.get("district") + "/" + j.get("plaintiff_id"), 1, Integer::sum);
      if (!j.get("agent_name").isEmpty()) {
        byAgent.merge(j.get("district") + "/" + j.get("agent_name"), 1, Integer::sum);
      }
    }
    Map<Key, Set<String>> clues = new HashMap<>();
    for (Map<String, String> j : qualifying) {
      Set<String> reasons = new TreeSet<>();
      if (byPlaintiff.get(j.get("district") + "/" + j.get("plaintiff_id")) >= 3) {
        reasons.add("REPEAT_LENDER");
      }
      if (!j.get("agent_name").isEmpty()
          && byAgent.get(j.get("district") + "/" + j.get("agent_name")) >= 3) {
        reasons.add("REPEAT_AGENT");
      }
      if (returned.contains(j.get("case_no"))) {
        reasons.add("RETURNED_TO_DEBTOR");
      }
      if (!reasons.isEmpty()) {
        clues.put(new Key(j.get("district"), j.get("case_no")), reasons);
      }
    }
    assertTrue(
        qualifying.size() > clues.size() + 16 * 2,
        "there are qualifying judgments that are not clues (background and decoys)");
    return clues;
  }

  @Test
  void groundTruthIsExactlyWhatTheRuleFinds() {
    Map<Key, Set<String>> expected = evaluateRule();
    Map<Key, Set<String>> actual = new HashMap<>();
    Map<String, Integer> perDistrict = new TreeMap<>();
    for (Map<String, String> t : truth.maps()) {
      assertTrue(DemoDatasets.PLANTED_MODEL_IDS.contains(t.get("model_id")), t.get("model_id"));
      if (!t.get("model_id").equals("provident-fund-false-litigation")) {
        continue;
      }
      Key key = new Key(t.get("district"), t.get("key"));
      Set<String> reasons = new TreeSet<>(List.of(t.get("reason").split("\\|")));
      assertEquals(null, actual.put(key, reasons), "duplicate " + key);
      Map<String, String> j = judgmentByCase.get(t.get("key"));
      assertNotNull(j, t.get("key"));
      assertEquals(j.get("defendant_id"), t.get("subject"));
      assertEquals(j.get("district"), t.get("district"));
      perDistrict.merge(t.get("district"), 1, Integer::sum);
    }
    assertEquals(expected.keySet(), actual.keySet());
    assertEquals(expected, actual);
    assertEquals(DISTRICTS, perDistrict.keySet());
    for (Map.Entry<String, Integer> e : perDistrict.entrySet()) {
      assertTrue(e.getValue() >= 7, "district " + e.getKey() + " has " + e.getValue() + " clues");
    }
    Set<String> reasonsSeen = new HashSet<>();
    actual.values().forEach(reasonsSeen::addAll);
    assertEquals(Set.of("REPEAT_LENDER", "REPEAT_AGENT", "RETURNED_TO_DEBTOR"), reasonsSeen);
  }

  @Test
  void groundTruthIsSortedByDistrictThenKey() {
    List<String> keys = new ArrayList<>();
    for (List<String> r : truth.rows()) {
      keys.add(r.get(1) + "\u0000" + r.get(3));
    }
    List<String> sorted = new ArrayList<>(keys);
    java.util.Collections.sort(sorted);
    assertEquals(sorted, keys);
  }

  @Test
  void decoysArePresent() {
    // judgments that would be clues but for one condition of the rule
    int judgmentClosedReturned = 0;
    int nonLendingReturned = 0;
    int lateReturned = 0;
    for (Map<String, String> w : withdrawals.maps()) {
      if (!w.get("reason").equals("COURT_ENFORCEMENT")
          || !w.get("payee_id").equals(w.get("person_id"))) {
        continue;
      }
      Map<String, String> j = judgmentByCase.get(w.get("case_no"));
      long days =
          LocalDate.parse(j.get("closed_on"))
              .until(LocalDate.parse(w.get("withdrawn_on")), java.time.temporal.ChronoUnit.DAYS);
      boolean lending = j.get("cause").equals("PRIVATE_LENDING");
      boolean mediated =
          !j.get("closing_method").equals("JUDGMENT")
              && !j.get("closing_method").equals("WITHDRAWN");
      if (lending && !mediated) {
        judgmentClosedReturned++;
      } else if (!lending && mediated && j.get("cause").equals("LABOR")) {
        nonLendingReturned++;
      } else if (lending && mediated && days > 90) {
        lateReturned++;
      }
    }
    assertTrue(judgmentClosedReturned >= 16, "JUDGMENT-closed lending paid to debtor");
    assertTrue(nonLendingReturned >= 16, "LABOR mediation paid to debtor");
    assertTrue(lateReturned >= 32, "paid to debtor 91 or 120 days after closing");
  }

  @Test
  void amountsParseAsDecimal() {
    BigDecimal total = BigDecimal.ZERO;
    int amount = withdrawals.col("amount");
    for (List<String> r : withdrawals.rows()) {
      total = total.add(new BigDecimal(r.get(amount)));
    }
    assertTrue(total.signum() > 0);
  }
}
