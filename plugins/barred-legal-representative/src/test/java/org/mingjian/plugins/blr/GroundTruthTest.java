package org.mingjian.plugins.blr;

import org.mingjian.platform.datagen.PlantedCasesTest;
import org.mingjian.sdk.model.Model;

/**
 * Every planted case of barred-legal-representative found in every district, nothing else (see the
 * superclass).
 */
class GroundTruthTest extends PlantedCasesTest {
  GroundTruthTest() {
    super("barred-legal-representative", "enterprises");
  }

  @Override
  protected Model javaModel() {
    return new BarredLegalRepresentative();
  }
}
