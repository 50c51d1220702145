package org.mingjian.platform.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.testkit.ModelTestKit;
import org.mingjian.sdk.testkit.TestRun;

/**
 * The ground-truth test of a reference model, shared by the model plugins (this module's test jar):
 * on the generated demo data (all 16 districts, default parameters), every district's run finds
 * exactly the planted cases of that district in {@code ground_truth.csv} — same row keys of the
 * first evidence, subjects and reasons. The decoys planted next to them are not reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlantedCasesTest {
  private final String modelId;
  private final String keyDataset;

  private ModelTestKit kit;

  /** district -> row key -> subject + " " + reason */
  private final Map<String, Map<String, String>> truth = new HashMap<>();

  /**
   * @param modelId the model, as {@code ground_truth.csv} names it
   * @param keyDataset the dataset of each clue's first evidence, whose row key is the planted key
   */
  protected PlantedCasesTest(String modelId, String keyDataset) {
    this.modelId = modelId;
    this.keyDataset = keyDataset;
  }

  /**
   * @return the Java model to run, or {@code null} for a SQL-only model
   */
  protected Model javaModel() {
    return null;
  }

  /**
   * @param data where the demo data goes, kept until the last district has run
   */
  @BeforeAll
  void generate(@TempDir Path data) throws IOException {
    DataGenerator.generate(Scale.SMALL, 42, data);
    kit = ModelTestKit.fromClasspath("META-INF/mingjian/model.json");
    if (javaModel() != null) {
      kit.model(javaModel());
    }
    for (DatasetContract c : kit.descriptor().datasets()) {
      DatasetSchema s = DemoDatasets.schema(c.name());
      if (s.isCityWide()) {
        kit.cityWide(s.name(), data.resolve(s.fileName()));
      } else {
        Map<String, String> types = new HashMap<>();
        s.columns().forEach(col -> types.put(col.name(), col.sqlType()));
        kit.dataset(s.name(), data.resolve(s.fileName()), types);
      }
    }
    List<String> lines =
        Files.readAllLines(data.resolve(DemoDatasets.GROUND_TRUTH_FILE), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[0].equals(modelId)) {
        truth.computeIfAbsent(f[1], k -> new TreeMap<>()).put(f[3], f[2] + " " + f[4]);
      }
    }
  }

  List<String> districts() {
    return District.ALL.stream().map(District::code).toList();
  }

  @ParameterizedTest
  @MethodSource("districts")
  void findsEveryPlantedCaseAndNothingElse(String district) {
    Map<String, String> expected = truth.getOrDefault(district, Map.of());
    assertFalse(expected.isEmpty(), "the generator planted no case in " + district);
    TestRun run = kit.run(district);
    Map<String, String> found = new TreeMap<>();
    for (Clue c : run.clues()) {
      assertEquals(district, c.district());
      assertEquals(keyDataset, c.evidence().get(0).dataset());
      found.put(c.evidence().get(0).rowKey(), c.subject() + " " + c.fields().get("reason"));
    }
    assertEquals(new TreeMap<>(expected), found);
  }
}
