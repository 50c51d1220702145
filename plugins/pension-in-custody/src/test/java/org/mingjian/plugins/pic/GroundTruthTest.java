package org.mingjian.plugins.pic;

import org.mingjian.platform.datagen.PlantedCasesTest;
import org.mingjian.sdk.model.Model;

/**
 * Every planted case of pension-in-custody found in every district, nothing else (see the
 * superclass).
 */
class GroundTruthTest extends PlantedCasesTest {
  GroundTruthTest() {
    super("pension-in-custody", "prison_roster");
  }

  @Override
  protected Model javaModel() {
    return new PensionInCustody();
  }
}
