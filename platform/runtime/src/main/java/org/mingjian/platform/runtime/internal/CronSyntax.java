package org.mingjian.platform.runtime.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Quartz cron expression (what Karaf's scheduler accepts) and says what is wrong with it:
 * six or seven fields, seconds minutes hours day-of-month month day-of-week [year], with exactly
 * one of day-of-month and day-of-week given as {@code ?}.
 */
final class CronSyntax {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final String[] NAMES = {
    "seconds", "minutes", "hours", "day-of-month", "month", "day-of-week", "year"
  };
  private static final int[][] RANGES = {
    {0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2199}
  };
  private static final Pattern STEP = Pattern.compile("(.+)/(\\d+)");

  private CronSyntax() {}

  /**
   * @param cron an expression
   * @return what is wrong with it, or empty when it is valid
   */
  static Optional<String> problem(String cron) {
    if (cron == null || cron.isBlank()) {
      return Optional.of("the cron expression is empty");
    }
    if (cron.length() > 200) {
      return Optional.of("the cron expression is longer than 200 characters");
    }
    String[] fields = cron.trim().toUpperCase(Locale.ROOT).split("\\s+");
    if (fields.length < 6 || fields.length > 7) {
      return Optional.of(
          "a Quartz cron expression has 6 or 7 fields (seconds minutes hours day-of-month month"
              + " day-of-week [year]), this one has "
              + fields.length);
    }
    for (int i = 0; i < fields.length; i++) {
      String why = field(i, fields[i]);
      if (why != null) {
        return Optional.of(NAMES[i] + " field '" + fields[i] + "': " + why);
      }
    }
    boolean domAny = fields[3].equals("?");
    boolean dowAny = fields[5].equals("?");
    if (domAny == dowAny) {
      return Optional.of(
          "exactly one of day-of-month and day-of-week must be '?' (for example '0 0 2 * * ?')");
    }
    return Optional.empty();
  }

  private static String field(int i, String f) {
    if (f.equals("?")) {
      return i == 3 || i == 5 ? null : "'?' is allowed only for day-of-month or day-of-week";
    }
    for (String part : f.split(",", -1)) {
      String why = part(i, part);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  private static String part(int i, String p) {
    if (p.isEmpty()) {
      return "empty list element";
    }
    if (i == 3 && (p.equals("L") || p.equals("LW") || p.matches("L-\\d{1,2}"))) {
      return null;
    }
    if (i == 3 && p.matches("\\d{1,2}W")) {
      return value(i, p.substring(0, p.length() - 1));
    }
    if (i == 5 && p.matches("\\w{1,3}L")) {
      return value(i, p.substring(0, p.length() - 1));
    }
    if (i == 5 && p.matches("\\w{1,3}#\\d")) {
      int hash = p.indexOf('#');
      int n = Integer.parseInt(p.substring(hash + 1));
      return n < 1 || n > 5 ? "'#' takes 1 to 5" : value(i, p.substring(0, hash));
    }
    if (i == 5 && p.equals("L")) {
      return null;
    }
    Matcher step = STEP.matcher(p);
    String range = p;
    if (step.matches()) {
      range = step.group(1);
      int by = Integer.parseInt(step.group(2));
      if (by < 1 || by > RANGES[i][1]) {
        return "step " + by + " is out of range";
      }
    }
    if (range.equals("*")) {
      return null;
    }
    int dash = range.indexOf('-');
    if (dash > 0) {
      String why = value(i, range.substring(0, dash));
      return why != null ? why : value(i, range.substring(dash + 1));
    }
    return value(i, range);
  }

  private static String value(int i, String v) {
    int n;
    if (i == 4 && MONTHS.contains(v)) {
      return null;
    }
    if (i == 5 && DAYS.contains(v)) {
      return null;
    }
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return "'" + v + "' is not a number" + (i == 4 || i == 5 ? " or a name" : "");
    }
    if (n < RANGES[i][0] || n > RANGES[i][1]) {
      return n + " is outside " + RANGES[i][0] + "-" + RANGES[i][1];
    }
    return null;
  }
}
