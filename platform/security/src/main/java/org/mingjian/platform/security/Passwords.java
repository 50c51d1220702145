package org.mingjian.platform.security;

import java.security.SecureRandom;

/** Generated passwords: random, unambiguous characters, strong enough for {@link UserService}. */
public final class Passwords {
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /**
   * @return a new random 16-character password
   */
  public static String generate() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
