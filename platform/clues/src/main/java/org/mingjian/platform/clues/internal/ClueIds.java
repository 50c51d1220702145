package org.mingjian.platform.clues.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Clue ids in the layout of RFC 9562's version 7: 48 bits of Unix milliseconds, then 74 random
 * bits. Ids made later sort after earlier ones, so new clues go to the end of the primary-key index
 * instead of to random pages of it (what makes random ids slow to insert at scale), and they are
 * still as hard to guess as random ones.
 */
final class ClueIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClueIds() {}

  static UUID next() {
    return at(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
  }

  /** The id of {@code millis} with the given random bits (only the bits the layout keeps). */
  static UUID at(long millis, long randomA, long randomB) {
    long msb = (millis << 16) | 0x7000L | (randomA & 0x0FFFL);
    long lsb = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
