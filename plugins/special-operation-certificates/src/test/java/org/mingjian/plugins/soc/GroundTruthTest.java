package org.mingjian.plugins.soc;

import org.mingjian.platform.datagen.PlantedCasesTest;

/**
 * Every planted case of special-operation-certificates found in every district, nothing else (see
 * the superclass).
 */
class GroundTruthTest extends PlantedCasesTest {
  GroundTruthTest() {
    super("special-operation-certificates", "site_personnel");
  }
}
