package org.mingjian.platform.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreditCodesTest {

  @Test
  void publishedExampleIsValid() {
    // the example code of GB 32100-2015 explanations (Fuzhou): its organisation code M000100Y4
    // also carries a correct GB 11714 check character
    assertTrue(CreditCodes.isValid("91350100M000100Y43"));
    assertEquals('3', CreditCodes.checkChar("91350100M000100Y4"));
    assertEquals('4', CreditCodes.organizationCheckChar("M000100Y"));
  }

  /** GB 32100 check by its definition: weight of position i is 3^i mod 31. */
  private static char definitionCheck(String first17) {
    int sum = 0;
    int w = 1;
    for (int i = 0; i < 17; i++) {
      sum += CreditCodes.ALPHABET.indexOf(first17.charAt(i)) * w;
      w = w * 3 % 31;
    }
    return CreditCodes.ALPHABET.charAt((31 - sum % 31) % 31);
  }

  @Test
  void checkCharMatchesDefinition() {
    String a = CreditCodes.ALPHABET;
    for (int n = 0; n < 50_000; n++) {
      StringBuilder sb = new StringBuilder();
      long x = n * 2_654_435_761L;
      for (int i = 0; i < 17; i++) {
        sb.append(a.charAt((int) Math.floorMod(x >> (i * 2) ^ i * 13 ^ n, 31)));
      }
      assertEquals(definitionCheck(sb.toString()), CreditCodes.checkChar(sb), sb.toString());
    }
  }

  @Test
  void builtCodesAreValid() {
    Set<Character> checks = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String org = String.format("%08d", i * 7919L % 100_000_000);
      String code = CreditCodes.of('9', '1', District.ALL.get(i % 16).code(), org);
      assertEquals(18, code.length());
      assertTrue(CreditCodes.isValid(code), code);
      assertEquals(CreditCodes.organizationCheckChar(org), code.charAt(16));
      checks.add(code.charAt(17));
    }
    assertEquals(31, checks.size(), "every check character occurs");
  }

  @Test
  void anySingleChangeIsDetected() {
    String code = CreditCodes.of('9', '1', "110105", "MA01ABCD");
    assertTrue(CreditCodes.isValid(code));
    for (int pos = 0; pos < 18; pos++) {
      for (char c : CreditCodes.ALPHABET.toCharArray()) {
        if (c == code.charAt(pos)) {
          continue;
        }
        String changed = code.substring(0, pos) + c + code.substring(pos + 1);
        assertFalse(CreditCodes.isValid(changed), changed);
      }
    }
  }

  @Test
  void malformedCodesAreInvalid() {
    String code = CreditCodes.of('9', '1', "110108", "12345678");
    assertFalse(CreditCodes.isValid(null));
    assertFalse(CreditCodes.isValid(code.substring(0, 17)));
    assertFalse(CreditCodes.isValid(code + "0"));
    assertFalse(CreditCodes.isValid(code.toLowerCase()));
    // I, O, S, V and Z are not in the alphabet
    assertFalse(CreditCodes.isValid("I" + code.substring(1)));
    assertThrows(IllegalArgumentException.class, () -> CreditCodes.checkChar("9111010512345678O"));
    assertThrows(
        IllegalArgumentException.class, () -> CreditCodes.of('9', '1', "11010", "12345678"));
  }
}
