package org.mingjian.plugins.pfl;

import org.mingjian.platform.datagen.PlantedCasesTest;

/**
 * Every planted case of provident-fund-false-litigation found in every district, nothing else (see
 * the superclass).
 */
class GroundTruthTest extends PlantedCasesTest {
  GroundTruthTest() {
    super("provident-fund-false-litigation", "civil_judgments");
  }
}
