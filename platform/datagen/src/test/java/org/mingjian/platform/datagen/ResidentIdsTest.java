package org.mingjian.platform.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ResidentIdsTest {

  @Test
  void knownValidIds() {
    assertTrue(ResidentIds.isValid("11010519491231002X"));
    assertEquals('X', ResidentIds.checkChar("11010519491231002"));
  }

  /** ISO 7064 MOD 11-2 by its recursive definition, independent of the weight table. */
  private static char mod11_2(String digits) {
    int p = 0;
    for (char c : digits.toCharArray()) {
      p = (p + (c - '0')) * 2 % 11;
    }
    int check = (12 - p) % 11;
    return check == 10 ? 'X' : (char) ('0' + check);
  }

  @Test
  void checkCharMatchesIso7064Definition() {
    for (long n = 0; n < 200_000; n += 7) {
      String first17 = String.format("1101%02d19%09d", n % 20, n * 104_729 % 1_000_000_000L);
      assertEquals(mod11_2(first17), ResidentIds.checkChar(first17), first17);
    }
  }

  @Test
  void builtIdsAreValidAndCarryBirthDateAndSex() {
    String id = ResidentIds.of("110105", LocalDate.of(1949, 12, 31), 2);
    assertEquals("11010519491231002X", id);
    assertEquals(LocalDate.of(1949, 12, 31), ResidentIds.birthDate(id));
    assertFalse(ResidentIds.isMale(id));
    String man = ResidentIds.of("110119", LocalDate.of(2003, 2, 28), 517);
    assertTrue(ResidentIds.isValid(man));
    assertTrue(ResidentIds.isMale(man));
  }

  @Test
  void everyCheckCharacterOccurs() {
    // walk sequences until all 11 check characters have been produced, each validating
    java.util.Set<Character> seen = new java.util.HashSet<>();
    for (int seq = 1; seq <= 999 && seen.size() < 11; seq++) {
      String id = ResidentIds.of("110108", LocalDate.of(1980, 6, 15), seq);
      assertTrue(ResidentIds.isValid(id), id);
      seen.add(id.charAt(17));
    }
    assertEquals(11, seen.size());
  }

  @Test
  void anySingleChangeIsDetected() {
    for (int seq = 1; seq < 40; seq++) {
      String id = ResidentIds.of("110111", LocalDate.of(1975, 3, 9), seq);
      for (int pos = 0; pos < 18; pos++) {
        for (char c : "0123456789X".toCharArray()) {
          if (c == id.charAt(pos)) {
            continue;
          }
          String changed = id.substring(0, pos) + c + id.substring(pos + 1);
          assertFalse(ResidentIds.isValid(changed), changed + " from " + id);
        }
      }
    }
  }

  @Test
  void malformedIdsAreInvalid() {
    assertFalse(ResidentIds.isValid(null));
    assertFalse(ResidentIds.isValid(""));
    assertFalse(ResidentIds.isValid("11010519491231002"));
    assertFalse(ResidentIds.isValid("11010519491231002X0"));
    assertFalse(ResidentIds.isValid("11010519491231002x"));
    assertFalse(ResidentIds.isValid("1101051949123100AX"));
    // 31 February, with a correct check character for those digits
    String first17 = "11010519490231002";
    assertFalse(ResidentIds.isValid(first17 + ResidentIds.checkChar(first17)));
    assertThrows(IllegalArgumentException.class, () -> ResidentIds.checkChar("1101051949123100"));
    assertThrows(IllegalArgumentException.class, () -> ResidentIds.birthDate("110105194912310021"));
  }
}
