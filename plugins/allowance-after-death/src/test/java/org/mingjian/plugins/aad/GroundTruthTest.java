package org.mingjian.plugins.aad;

import org.mingjian.platform.datagen.PlantedCasesTest;

/**
 * Every planted case of allowance-after-death found in every district, nothing else (see the
 * superclass).
 */
class GroundTruthTest extends PlantedCasesTest {
  GroundTruthTest() {
    super("allowance-after-death", "allowance_payments");
  }
}
