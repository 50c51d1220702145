package org.mingjian.platform.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mingjian.platform.datagen.DataGenerator;
import org.mingjian.platform.datagen.Scale;
import org.mingjian.sdk.model.Clue;

/**
 * The six reference models, run by the same runner on the same SMALL demo data in DuckDB and in
 * PostgreSQL, give the same clues in every district: same fingerprints, subjects, titles, scores,
 * evidence and fields. Model SQL is written in the common subset of the two engines (DESIGN §4);
 * this is what keeps it honest.
 */
class ReferenceModelsOnPostgresTest {
  @TempDir static Path data;
  private static Map<String, ReferenceModels.Ref> models;
  private static Connection pg;
  private static Connection duck;
  private static Map<String, Long> pgRows;
  private static Map<String, Long> duckRows;
  private static int total;

  @BeforeAll
  static void load() throws Exception {
    DataGenerator.generate(Scale.SMALL, 42, data);
    models = ReferenceModels.all();
    pg = PostgresCluster.shared().newDatabase("pool").getConnection();
    pgRows = DemoPools.loadPostgres(pg, data);
    duck = DriverManager.getConnection("jdbc:duckdb:");
    duckRows = DemoPools.loadDuckDb(duck, data);
  }

  @AfterAll
  static void close() throws Exception {
    if (pg != null) {
      pg.close();
    }
    if (duck != null) {
      duck.close();
    }
    // every district of every model together: the comparison was not vacuous
    assertTrue(total >= DISTRICTS.size() * 6, "too few clues compared: " + total);
  }

  @Test
  void bothEnginesHoldTheSameRows() {
    assertEquals(duckRows, pgRows);
    assertEquals(20_000L, pgRows.get("persons"));
  }

  /** Five of the sixteen, old town, inner and outer suburbs (all sixteen take ~3 times longer). */
  static final List<String> DISTRICTS = List.of("110101", "110105", "110108", "110114", "110119");

  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (String model :
        List.of(
            "allowance-after-death",
            "barred-legal-representative",
            "fuel-tax",
            "pension-in-custody",
            "provident-fund-false-litigation",
            "special-operation-certificates")) {
      for (String district : DISTRICTS) {
        out.add(Arguments.of(model, district));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("runs")
  void sameCluesOnPostgresqlAsOnDuckDb(String modelId, String district) throws Exception {
    ReferenceModels.Ref model = models.get(modelId);
    List<Clue> onDuck = model.run(duck, district);
    List<Clue> onPg = model.run(pg, district);

    assertEquals(
        ReferenceModels.comparable(modelId, onDuck),
        ReferenceModels.comparable(modelId, onPg),
        modelId + " in " + district);
    // the order of emission too (each model orders its output)
    assertEquals(
        onDuck.stream().map(Clue::subject).toList(),
        onPg.stream().map(Clue::subject).toList(),
        "order of " + modelId + " in " + district);
    synchronized (ReferenceModelsOnPostgresTest.class) {
      total += onPg.size();
    }
  }
}
