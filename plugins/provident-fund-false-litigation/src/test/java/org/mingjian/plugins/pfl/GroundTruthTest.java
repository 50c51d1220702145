package org.mingjian.plugins.pfl;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mingjian.platform.datagen.DataGenerator;
import org.mingjian.platform.datagen.DatasetSchema;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.District;
import org.mingjian.platform.datagen.Scale;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.testkit.ModelTestKit;
import org.mingjian.sdk.testkit.TestRun;

/**
 * On the generated demo data, every district's run finds exactly the planted cases of that
 * district, each with the planted reasons.
 */
class GroundTruthTest {
  @TempDir static Path data;
  private static ModelTestKit kit;

  /** district -> case_no -> reason */
  private static final Map<String, Map<String, String>> truth = new HashMap<>();

  @BeforeAll
  static void generate() throws IOException {
    DataGenerator.generate(Scale.SMALL, 42, data);
    kit = ModelTestKit.fromClasspath("META-INF/mingjian/model.json");
    for (DatasetSchema s : DemoDatasets.all()) {
      Map<String, String> types = new HashMap<>();
      s.columns().forEach(c -> types.put(c.name(), c.sqlType()));
      kit.dataset(s.name(), data.resolve(s.fileName()), types);
    }
    List<String> lines =
        Files.readAllLines(data.resolve(DemoDatasets.GROUND_TRUTH_FILE), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[0].equals("provident-fund-false-litigation")) {
        truth.computeIfAbsent(f[1], k -> new TreeMap<>()).put(f[3], f[4]);
      }
    }
  }

  static List<String> districts() {
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
      found.put(c.evidence().get(0).rowKey(), (String) c.fields().get("reason"));
      assertEquals(district, c.district());
    }
    assertEquals(new TreeMap<>(expected), found);
  }
}
