package org.mingjian.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void generatedPasswordsAreLongVariedAndDifferent() {
    String a = Passwords.generate();
    String b = Passwords.generate();
    assertEquals(16, a.length());
    assertTrue(a.chars().distinct().count() >= 5, a);
    assertTrue(a.matches("[A-Za-z2-9]+"), a);
    assertNotEquals(a, b);
  }
}
