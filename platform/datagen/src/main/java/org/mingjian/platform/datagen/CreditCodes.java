package org.mingjian.platform.datagen;

import java.util.Objects;

/**
 * Unified social credit codes (GB 32100-2015): 18 characters from the 31-character alphabet {@code
 * 0123456789ABCDEFGHJKLMNPQRTUWXY} (no I, O, S, V, Z). Position 1 is the registration authority, 2
 * the organisation type, 3-8 the administrative division code, 9-17 the organisation code (GB
 * 11714, itself ending in a MOD 11 check character), 18 the check character.
 */
public final class CreditCodes {

  /** The code alphabet; a character's value is its index. */
  public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  private static final int[] WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };
  private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

  private CreditCodes() {}

  /**
   * Computes the GB 32100 check character.
   *
   * @param first17 the first 17 characters, all from {@link #ALPHABET}
   * @return the 18th character
   * @throws IllegalArgumentException if a character is outside the alphabet or the input is short
   */
  public static char checkChar(CharSequence first17) {
    Objects.requireNonNull(first17, "first17");
    if (first17.length() < 17) {
      throw new IllegalArgumentException("need 17 characters, got " + first17.length());
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int v = ALPHABET.indexOf(first17.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException(
            "character not allowed at position " + (i + 1) + ": " + first17.charAt(i));
      }
      sum += v * WEIGHTS[i];
    }
    return ALPHABET.charAt((31 - sum % 31) % 31);
  }

  /**
   * Computes the GB 11714 organisation-code check character (position 17 of a credit code).
   *
   * @param first8 the first 8 characters of the organisation code: digits or upper-case letters
   * @return a digit or {@code X}
   */
  public static char organizationCheckChar(CharSequence first8) {
    Objects.requireNonNull(first8, "first8");
    if (first8.length() < 8) {
      throw new IllegalArgumentException("need 8 characters, got " + first8.length());
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      char c = first8.charAt(i);
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
      } else if (c >= 'A' && c <= 'Z') {
        v = c - 'A' + 10;
      } else {
        throw new IllegalArgumentException("character not allowed at position " + (i + 1));
      }
      sum += v * ORG_WEIGHTS[i];
    }
    int c9 = 11 - sum % 11;
    return c9 == 10 ? 'X' : c9 == 11 ? '0' : (char) ('0' + c9);
  }

  /**
   * Builds a valid credit code. The organisation code's own check character (GB 11714) and the
   * final check character are computed.
   *
   * @param registrationAuthority position 1, e.g. {@code '9'} (market regulation)
   * @param organizationType position 2, e.g. {@code '1'} (enterprise)
   * @param areaCode 6-digit administrative division code, e.g. {@code 110105}
   * @param organizationCode8 the first 8 characters of the organisation code, digits or letters of
   *     {@link #ALPHABET}
   * @return the 18-character code
   */
  public static String of(
      char registrationAuthority,
      char organizationType,
      String areaCode,
      String organizationCode8) {
    Objects.requireNonNull(areaCode, "areaCode");
    Objects.requireNonNull(organizationCode8, "organizationCode8");
    if (areaCode.length() != 6 || organizationCode8.length() != 8) {
      throw new IllegalArgumentException("need a 6-digit area code and 8 organisation characters");
    }
    for (int i = 0; i < 6; i++) {
      char c = areaCode.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("area code must be digits: " + areaCode);
      }
    }
    StringBuilder sb =
        new StringBuilder(18)
            .append(registrationAuthority)
            .append(organizationType)
            .append(areaCode)
            .append(organizationCode8)
            .append(organizationCheckChar(organizationCode8));
    return sb.append(checkChar(sb)).toString();
  }

  /**
   * Whether a string is a well-formed credit code: 18 characters of {@link #ALPHABET} (upper case)
   * with the right GB 32100 check character. The organisation code's own check character and the
   * registration authority/type codes are not verified.
   *
   * @param code the candidate, may be null
   * @return whether it is valid
   */
  public static boolean isValid(String code) {
    if (code == null || code.length() != 18) {
      return false;
    }
    for (int i = 0; i < 18; i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) {
        return false;
      }
    }
    return checkChar(code) == code.charAt(17);
  }
}
