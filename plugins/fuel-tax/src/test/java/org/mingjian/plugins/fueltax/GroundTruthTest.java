package org.mingjian.plugins.fueltax;

import org.mingjian.platform.datagen.PlantedCasesTest;

/** Every planted case of fuel-tax found in every district, nothing else (see the superclass). */
class GroundTruthTest extends PlantedCasesTest {
  GroundTruthTest() {
    super("fuel-tax", "enterprises");
  }
}
