package org.mingjian.platform.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mingjian.sdk.descriptor.Sensitivity;

/**
 * How personal data leaves the platform: resident ID numbers keep their area code and last four
 * characters ({@code 110105********123X}), names keep their first character, other personal values
 * keep a third of their characters.
 */
public final class Masking {
  private static final Pattern ID = Pattern.compile("\\d{17}[\\dXx]");
  private static final Pattern ID_IN_TEXT =
      Pattern.compile("(?<!\\d)(\\d{6})\\d{8}(\\d{3}[\\dXx])(?![\\dXx])");

  private Masking() {}

  /**
   * @param value a value
   * @param sensitivity its grade
   * @return the value as it may leave the platform
   */
  public static Object value(Object value, Sensitivity sensitivity) {
    if (value == null || sensitivity == null || !sensitivity.isMasked()) {
      return value;
    }
    return text(value.toString());
  }

  /**
   * Masks a personal value by its shape: ID numbers, names, anything else.
   *
   * @param s the value
   * @return the masked value
   */
  public static String text(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    if (ID.matcher(s).matches()) {
      return s.substring(0, 6) + "********" + s.substring(14);
    }
    int cp = s.codePointCount(0, s.length());
    if (cp <= 4) {
      // a name: keep the first character
      int first = s.offsetByCodePoints(0, 1);
      return s.substring(0, first) + "*".repeat(cp - 1);
    }
    int keep = Math.max(1, cp / 3);
    int end = s.offsetByCodePoints(0, keep);
    return s.substring(0, end) + "*".repeat(cp - keep);
  }

  /**
   * Masks resident ID numbers inside free text, such as a clue title.
   *
   * @param text the text
   * @return the text with every ID number masked
   */
  public static String idsInText(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = ID_IN_TEXT.matcher(text);
    return m.replaceAll("$1********$2");
  }
}
