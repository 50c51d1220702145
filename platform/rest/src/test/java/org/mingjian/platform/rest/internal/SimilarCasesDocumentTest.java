package org.mingjian.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.SimilarCaseGroup;
import org.mingjian.platform.clues.internal.ClueStoreImpl;
import org.mingjian.platform.clues.internal.SimilarCasesImpl;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.runtime.RegisteredModel;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.BusinessLine;
import org.mingjian.sdk.descriptor.ClueFieldSpec;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;

/**
 * The similar-case groups as the API shows them and the recommendation drafted from one, against
 * clues kept in a real (H2) state store: personal data never reaches the document.
 */
class SimilarCasesDocumentTest {
  private static final String MODEL = "allowance-after-death";
  private static final String CHAOYANG = "110105";
  private static final String HAIDIAN = "110108";

  /** Valid GB 11643 numbers (check characters computed). */
  private static final String ID_1 = "110105194912310021";

  private static final String ID_2 = "11010819800101001X";
  private static final String LEGAL_BASIS = "《社会救助暂行办法》第12条、第68条";

  @TempDir Path home;
  private ClueStoreImpl clues;
  private SimilarCasesImpl similar;

  private final Map<String, DatasetInfo> datasets =
      Map.of(
          "allowance_payments",
          info("allowance_payments", "区残疾人联合会", "person_id"),
          "death_records",
          info("death_records", "市卫生健康委员会", "person_id"));

  private final DataPool pool =
      (DataPool)
          Proxy.newProxyInstance(
              DataPool.class.getClassLoader(),
              new Class<?>[] {DataPool.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "dataset" -> Optional.ofNullable(datasets.get((String) args[0]));
                    case "datasets" -> List.copyOf(datasets.values());
                    default -> throw new UnsupportedOperationException(method.getName());
                  });

  private final Optional<RegisteredModel> model =
      Optional.of(
          new RegisteredModel(
              new ModelDescriptor(
                  MODEL,
                  "死亡人员领津贴 Allowance paid after death",
                  "1.0.0",
                  "死亡人员仍被发放津贴",
                  LEGAL_BASIS,
                  BusinessLine.ADMINISTRATIVE,
                  "110000",
                  ModelKind.SQL,
                  List.of(
                      new DatasetContract("allowance_payments", List.of("person_id")),
                      new DatasetContract("death_records", List.of("person_id"))),
                  List.of(),
                  List.of(
                      new ClueFieldSpec("reason", "PAID_AFTER_DEATH", Sensitivity.PUBLIC),
                      new ClueFieldSpec("person_name", "name", Sensitivity.PERSONAL)),
                  null),
              1L,
              "org.mingjian.plugins.aad",
              "sha",
              null));

  private static DatasetInfo info(String name, String owner, String key) {
    return new DatasetInfo(
        new DatasetDefinition(
            name,
            name,
            owner,
            "district",
            key,
            List.of(new ColumnInfo(key, "VARCHAR", Sensitivity.PERSONAL)),
            null,
            null),
        1,
        10,
        Instant.now());
  }

  @BeforeEach
  void open() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:similar-rest-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    StateStoreImpl store = new StateStoreImpl(ds, home);
    clues = new ClueStoreImpl(store);
    similar = new SimilarCasesImpl(store);
    confirmed(CHAOYANG, ID_1, "张三丰", "PROCURATORIAL_RECOMMENDATION");
    confirmed(HAIDIAN, ID_2, "李四|王五", "CASE_FILED");
  }

  private void confirmed(String district, String id, String name, String disposition) {
    Clue c =
        Clue.builder()
            .subject(id)
            .district(district)
            .title("身份证号 " + id + " 的人员死亡后仍领取津贴")
            .field("reason", "PAID_AFTER_DEATH")
            .field("person_name", name)
            .evidence(Evidence.of("allowance_payments", id).with("person_id", id))
            .build();
    clues.record(MODEL, "1.0.0", "run-" + id, List.of(c));
    String clueId = clues.list(new ClueFilter(district, MODEL, null), 0, 10).items().get(0).id();
    clues.transition(clueId, "VERIFYING", null, null, null, "analyst");
    clues.transition(clueId, "CONFIRMED", "核实", disposition, null, "analyst");
  }

  private SimilarCaseGroup group() {
    return similar.group(MODEL + ".PAID_AFTER_DEATH").orElseThrow();
  }

  @Test
  void theDraftHasEveryPartAndNoPersonalData() {
    RecommendationDocument.Draft d =
        SimilarCasesResource.draft(
            group(),
            model,
            pool,
            code -> Map.of(CHAOYANG, "朝阳区", HAIDIAN, "海淀区").getOrDefault(code, code),
            Instant.parse("2026-12-04T10:00:00Z"));
    String md = d.markdown();

    assertEquals("关于死亡人员领津贴类案问题的检察建议书（草稿）", d.title());
    assertTrue(md.startsWith("# " + d.title() + "\n"), md);
    // addressed to the departments owning the model's datasets, in the model's order
    assertTrue(md.contains("\n区残疾人联合会、市卫生健康委员会：\n"), md);
    // the pattern in Chinese
    assertTrue(md.contains("享受津贴、补贴人员死亡后，相关津贴仍持续发放的情形"), md);
    assertTrue(md.contains("共有2个区确认此类线索2件"), md);
    assertTrue(md.contains("运用“死亡人员领津贴”大数据法律监督模型"), md);
    // counts by district as a table
    assertTrue(md.contains("| 朝阳区 | 110105 | 1 |"), md);
    assertTrue(md.contains("| 海淀区 | 110108 | 1 |"), md);
    assertTrue(md.contains("| 合计 |  | 2 |"), md);
    assertTrue(md.contains("| 检察建议 | 1 |"), md);
    assertTrue(md.contains("| 立案 | 1 |"), md);
    // the legal basis from the model descriptor, the measures for the pattern, the draft note
    assertTrue(md.contains(LEGAL_BASIS), md);
    assertTrue(md.contains("死亡信息定期比对机制"), md);
    assertTrue(md.contains("**草稿**"), md);
    assertTrue(md.contains("不具有法律效力"), md);
    // examples masked as in the clue list: no ID number, no name
    assertFalse(md.contains(ID_1), md);
    assertFalse(md.contains(ID_2), md);
    assertFalse(md.matches("(?s).*\\d{17}[\\dXx].*"), md);
    assertFalse(md.contains("张三丰"), md);
    long exampleRows = md.lines().filter(l -> l.contains("死亡后仍领取津贴")).count();
    assertEquals(2, exampleRows, md);
  }

  @Test
  void unknownPatternsAndModelsFallBackToTheirDefaults() {
    assertEquals(
        List.of(
            "对本建议书所列情形开展全面排查，逐案核实并依法处理；",
            "分析问题成因，健全数据共享和定期比对机制，完善内部审核流程；",
            "明确相关岗位职责，对失职、渎职人员依法依规追究责任；"),
        RecommendationDocument.measures("SOMETHING_NEW", "third-party-model"));
    assertEquals(
        RecommendationDocument.measures("", "third-party-model"),
        RecommendationDocument.measures("SOMETHING_NEW", "third-party-model"));
    // both parts of a combined pattern contribute measures, without repeats
    List<String> both = RecommendationDocument.measures("REPEAT_AGENT+REPEAT_LENDER", "pf");
    assertEquals(both.size(), both.stream().distinct().count());
    assertTrue(both.containsAll(RecommendationDocument.measures("REPEAT_AGENT", "pf")));
    assertTrue(
        RecommendationDocument.describe("SOMETHING_NEW", Optional.empty())
            .contains("SOMETHING_NEW"));

    RecommendationDocument.Draft d =
        SimilarCasesResource.draft(group(), Optional.empty(), pool, c -> c, Instant.now());
    assertTrue(d.markdown().contains("【主送单位】："), d.markdown());
    assertTrue(d.markdown().contains("【请补充法律依据】"), d.markdown());
    assertFalse(d.markdown().contains(ID_1), d.markdown());
  }
}
