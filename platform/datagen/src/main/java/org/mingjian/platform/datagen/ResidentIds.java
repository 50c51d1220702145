package org.mingjian.platform.datagen;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Resident identity card numbers (GB 11643-1999): 6-digit area code, 8-digit birth date {@code
 * yyyyMMdd}, 3-digit sequence (odd = male, even = female) and a check character computed with ISO
 * 7064 MOD 11-2.
 */
public final class ResidentIds {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();

  private ResidentIds() {}

  /**
   * Computes the check character.
   *
   * @param first17 the first 17 characters, all ASCII digits
   * @return the 18th character: a digit or {@code X}
   * @throws IllegalArgumentException if the input is not 17 digits
   */
  public static char checkChar(CharSequence first17) {
    Objects.requireNonNull(first17, "first17");
    if (first17.length() < 17) {
      throw new IllegalArgumentException("need 17 digits, got " + first17.length() + " chars");
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = first17.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a digit at position " + (i + 1) + ": " + c);
      }
      sum += (c - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }

  /**
   * Computes the check character of 17 ASCII digits held in a byte array (no validation; used by
   * the generator's hot loop).
   *
   * @param digits the buffer
   * @param offset where the 17 digits start
   * @return the check character as an ASCII byte
   */
  public static byte checkByte(byte[] digits, int offset) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (digits[offset + i] - '0') * WEIGHTS[i];
    }
    return (byte) CHECK[sum % 11];
  }

  /**
   * Builds a valid resident ID.
   *
   * @param areaCode 6-digit area code, e.g. {@code 110105}
   * @param birthDate the birth date (years 1000-9999)
   * @param sequence 1-999; odd for men, even for women
   * @return the 18-character ID
   */
  public static String of(String areaCode, LocalDate birthDate, int sequence) {
    Objects.requireNonNull(areaCode, "areaCode");
    Objects.requireNonNull(birthDate, "birthDate");
    if (areaCode.length() != 6 || !allDigits(areaCode, 0, 6)) {
      throw new IllegalArgumentException("area code must be 6 digits: " + areaCode);
    }
    if (sequence < 0 || sequence > 999) {
      throw new IllegalArgumentException("sequence must be 0-999: " + sequence);
    }
    int y = birthDate.getYear();
    if (y < 1000 || y > 9999) {
      throw new IllegalArgumentException("birth year out of range: " + y);
    }
    StringBuilder sb = new StringBuilder(18).append(areaCode).append(y);
    pad2(sb, birthDate.getMonthValue());
    pad2(sb, birthDate.getDayOfMonth());
    sb.append((char) ('0' + sequence / 100))
        .append((char) ('0' + sequence / 10 % 10))
        .append((char) ('0' + sequence % 10));
    return sb.append(checkChar(sb)).toString();
  }

  /**
   * Whether a string is a well-formed resident ID: 18 characters, 17 digits (the first not 0), a
   * real birth date, and the right check character (an upper-case {@code X} for ten). The area code
   * is not looked up.
   *
   * @param id the candidate, may be null
   * @return whether it is valid
   */
  public static boolean isValid(String id) {
    if (id == null || id.length() != 18 || !allDigits(id, 0, 17) || id.charAt(0) == '0') {
      return false;
    }
    if (birthDateOrNull(id) == null) {
      return false;
    }
    return checkChar(id) == id.charAt(17);
  }

  /**
   * @param id a valid resident ID
   * @return the birth date encoded in it
   * @throws IllegalArgumentException if the ID is not valid
   */
  public static LocalDate birthDate(String id) {
    requireValid(id);
    return birthDateOrNull(id);
  }

  /**
   * @param id a valid resident ID
   * @return whether the sequence digit says male (odd)
   * @throws IllegalArgumentException if the ID is not valid
   */
  public static boolean isMale(String id) {
    requireValid(id);
    return (id.charAt(16) - '0') % 2 == 1;
  }

  private static void requireValid(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("not a valid resident ID: " + id);
    }
  }

  private static LocalDate birthDateOrNull(String id) {
    int y = Integer.parseInt(id, 6, 10, 10);
    int m = Integer.parseInt(id, 10, 12, 10);
    int d = Integer.parseInt(id, 12, 14, 10);
    try {
      return LocalDate.of(y, m, d);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static void pad2(StringBuilder sb, int v) {
    sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
