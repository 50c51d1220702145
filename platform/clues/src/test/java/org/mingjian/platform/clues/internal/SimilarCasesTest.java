package org.mingjian.platform.clues.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.Recommendation;
import org.mingjian.platform.clues.SimilarCaseGroup;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;

/** Similar cases and recommendations against a real (H2) state store. */
class SimilarCasesTest {
  private static final String FUND = "provident-fund-false-litigation";
  private static final String DEATH = "allowance-after-death";
  private static final String CHAOYANG = "110105";
  private static final String HAIDIAN = "110108";
  private static final String FENGTAI = "110106";

  @TempDir Path home;
  private ClueStoreImpl clues;
  private SimilarCasesImpl similar;
  private RecommendationsImpl recommendations;

  @BeforeEach
  void open() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:similar-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    StateStoreImpl store = new StateStoreImpl(ds, home);
    clues = new ClueStoreImpl(store);
    similar = new SimilarCasesImpl(store);
    recommendations = new RecommendationsImpl(store);
  }

  private String clue(String model, String district, String subject, Object reason) {
    Clue.Builder b =
        Clue.builder()
            .subject(subject)
            .district(district)
            .title("t " + subject)
            .evidence(Evidence.of("persons", "k-" + subject));
    if (reason != null) {
      b.field("reason", reason);
    }
    clues.record(model, "1.0.0", "run-" + subject, List.of(b.build()));
    return clues.list(new ClueFilter(district, model, null), 0, 1000).items().stream()
        .filter(c -> c.subject().equals(subject))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private void confirm(String id, String disposition) {
    clues.transition(id, "VERIFYING", null, null, null, "analyst");
    clues.transition(id, "CONFIRMED", "held", disposition, null, "analyst");
  }

  @Test
  void patternsAreTheSortedReasonsAndKeysAreUrlSafe() {
    assertEquals("REPEAT_AGENT", SimilarCasesImpl.pattern(Map.of("reason", "REPEAT_AGENT")));
    assertEquals(
        "REPEAT_AGENT+REPEAT_LENDER",
        SimilarCasesImpl.pattern(Map.of("reason", "REPEAT_LENDER|REPEAT_AGENT")));
    assertEquals("", SimilarCasesImpl.pattern(Map.of("days", 3)));
    assertEquals("A_B_C", SimilarCasesImpl.pattern(Map.of("reason", " a/b c ")));
    assertEquals(FUND, SimilarCasesImpl.key(FUND, ""));
    String key = SimilarCasesImpl.key(FUND, "REPEAT_AGENT+REPEAT_LENDER");
    assertEquals(FUND + ".REPEAT_AGENT.REPEAT_LENDER", key);
    assertTrue(key.matches("[A-Za-z0-9._-]+"), key);
  }

  @Test
  void confirmedCluesAreGroupedAcrossDistrictsByModelAndPattern() {
    // REPEAT_AGENT in three districts, 4 confirmed; one still open, one dismissed
    confirm(clue(FUND, CHAOYANG, "a1", "REPEAT_AGENT"), "PROTEST");
    confirm(clue(FUND, CHAOYANG, "a2", "REPEAT_AGENT"), "CASE_FILED");
    confirm(clue(FUND, HAIDIAN, "a3", "REPEAT_AGENT"), "PROTEST");
    confirm(clue(FUND, FENGTAI, "a4", "REPEAT_AGENT"), "PROCURATORIAL_RECOMMENDATION");
    clue(FUND, HAIDIAN, "a5", "REPEAT_AGENT");
    String dismissed = clue(FUND, FENGTAI, "a6", "REPEAT_AGENT");
    clues.transition(dismissed, "VERIFYING", null, null, null, "analyst");
    clues.transition(dismissed, "DISMISSED", null, null, null, "analyst");
    // the same model, another pattern (two reasons: one pattern, not two groups)
    confirm(clue(FUND, CHAOYANG, "b1", "REPEAT_LENDER|REPEAT_AGENT"), "PROTEST");
    // another model without reasons: one group per model
    confirm(clue("no-reason-model", HAIDIAN, "c1", null), "REFERRAL");
    confirm(clue("no-reason-model", CHAOYANG, "c2", null), "REFERRAL");
    // another model with a reason
    confirm(clue(DEATH, HAIDIAN, "d1", "PAID_AFTER_DEATH"), "PROCURATORIAL_RECOMMENDATION");

    List<SimilarCaseGroup> groups = similar.groups(null);
    assertEquals(
        List.of(
            FUND + ".REPEAT_AGENT",
            "no-reason-model",
            DEATH + ".PAID_AFTER_DEATH",
            FUND + ".REPEAT_AGENT.REPEAT_LENDER"),
        groups.stream().map(SimilarCaseGroup::key).toList(),
        "most districts first, then the largest, then by key");

    SimilarCaseGroup agent = groups.get(0);
    assertEquals(FUND, agent.modelId());
    assertEquals("REPEAT_AGENT", agent.pattern());
    assertEquals(Map.of(CHAOYANG, 2L, HAIDIAN, 1L, FENGTAI, 1L), agent.byDistrict());
    assertEquals(4, agent.total());
    assertEquals(3, agent.districts());
    assertEquals(
        Map.of("PROTEST", 2L, "CASE_FILED", 1L, "PROCURATORIAL_RECOMMENDATION", 1L),
        agent.dispositions());
    assertFalse(agent.firstConfirmed().isAfter(agent.lastConfirmed()));
    assertEquals(4, agent.examples().size());
    for (StoredClue c : agent.examples()) {
      assertEquals("CONFIRMED", c.state());
    }
    assertEquals("", groups.get(1).pattern());
    assertEquals(2, groups.get(1).total());

    // filter by model; a group by key
    assertEquals(2, similar.groups(FUND).size());
    assertEquals(List.of(), similar.groups("unknown-model"));
    assertEquals(agent.total(), similar.group(FUND + ".REPEAT_AGENT").orElseThrow().total());
    assertTrue(similar.group(FUND + ".NO_SUCH_PATTERN").isEmpty());
    assertTrue(similar.group("").isEmpty());
    assertTrue(similar.group(null).isEmpty());
  }

  @Test
  void atMostFiveExamplesDrawnFromEveryDistrict() {
    for (int i = 0; i < 8; i++) {
      confirm(clue(DEATH, CHAOYANG, "c" + i, "PAID_AFTER_DEATH"), "PROCURATORIAL_RECOMMENDATION");
    }
    confirm(clue(DEATH, HAIDIAN, "h0", "PAID_AFTER_DEATH"), "PROCURATORIAL_RECOMMENDATION");
    confirm(clue(DEATH, FENGTAI, "f0", "PAID_AFTER_DEATH"), "PROCURATORIAL_RECOMMENDATION");
    SimilarCaseGroup g = similar.group(DEATH + ".PAID_AFTER_DEATH").orElseThrow();
    assertEquals(10, g.total());
    assertEquals(5, g.examples().size());
    Set<String> districts = new HashSet<>();
    g.examples().forEach(c -> districts.add(c.district()));
    assertEquals(Set.of(CHAOYANG, HAIDIAN, FENGTAI), districts);
    assertEquals(5, new HashSet<>(g.examples().stream().map(StoredClue::id).toList()).size());
  }

  @Test
  void recommendationsKeepEveryEditWithWhoAndWhen() {
    Recommendation draft =
        recommendations.create(
            FUND + ".REPEAT_AGENT", FUND, "REPEAT_AGENT", "关于……的检察建议书（草稿）", "# 草稿\n", "admin");
    assertEquals("# 草稿\n", draft.markdown());
    assertEquals("admin", draft.createdBy());
    assertEquals(List.of(), draft.edits());
    assertEquals(draft, recommendations.get(draft.id()).orElseThrow());

    Recommendation edited =
        recommendations.update(draft.id(), "# 检察建议书\n改过", "prosecutor").orElseThrow();
    assertEquals("# 检察建议书\n改过", edited.markdown());
    assertEquals(1, edited.edits().size());
    assertEquals("prosecutor", edited.edits().get(0).by());
    assertEquals(2, edited.edits().get(0).revision());
    assertEquals(draft.createdAt(), edited.createdAt());
    assertEquals("admin", edited.createdBy());
    Recommendation again = recommendations.update(draft.id(), "third", "admin").orElseThrow();
    assertEquals(List.of(2, 3), again.edits().stream().map(Recommendation.Edit::revision).toList());
    assertEquals("third", recommendations.get(draft.id()).orElseThrow().markdown());

    assertTrue(recommendations.get("no-such-id").isEmpty());
    assertTrue(recommendations.get(null).isEmpty());
    assertTrue(recommendations.update("no-such-id", "x", "admin").isEmpty());
    assertThrows(
        IllegalArgumentException.class, () -> recommendations.update(draft.id(), " ", "admin"));
    assertThrows(
        IllegalArgumentException.class,
        () -> recommendations.update(draft.id(), "x".repeat(200_001), "admin"));
  }
}
