package org.mingjian.plugins.blr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The text rules that read a judgment: which barring crime it convicts of, and when the sentence
 * was completed. Loaded from {@code META-INF/mingjian/judgment-text.rules} in this bundle, each
 * rule with a readable name (see the comments in that file).
 */
public final class TextRules {

  /** Where the rules live in the bundle. */
  public static final String RESOURCE = "/META-INF/mingjian/judgment-text.rules";

  /** One named rule. */
  public record Rule(String kind, String name, Pattern pattern) {}

  /** The end of a sentence and the rule that found it ({@code JUDGMENT_DATE} when none did). */
  public record End(LocalDate date, String rule) {}

  private static final String NUMERALS = "零一二三四五六七八九";

  private final List<Rule> crimes = new ArrayList<>();
  private final List<Rule> ends = new ArrayList<>();
  private final List<Rule> terms = new ArrayList<>();

  private TextRules() {}

  /**
   * @return the rules shipped with the bundle
   */
  public static TextRules load() {
    try (InputStream in = TextRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("text rules " + RESOURCE + " missing from the bundle");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param in rules text, UTF-8
   * @return the rules
   * @throws IllegalArgumentException for a malformed line, with its number
   */
  public static TextRules parse(InputStream in) throws IOException {
    TextRules r = new TextRules();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int no = 0;
    while ((line = reader.readLine()) != null) {
      no++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int eq = t.indexOf('=');
      int dot = t.indexOf('.');
      if (eq < 0 || dot < 0 || dot > eq) {
        throw new IllegalArgumentException("line " + no + ": expected kind.NAME = regex");
      }
      String kind = t.substring(0, dot).strip();
      String name = t.substring(dot + 1, eq).strip();
      Pattern p;
      try {
        p = Pattern.compile(t.substring(eq + 1).strip());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("line " + no + " (" + name + "): " + e.getMessage(), e);
      }
      Rule rule = new Rule(kind, name, p);
      switch (kind) {
        case "crime" -> r.crimes.add(rule);
        case "end" -> r.ends.add(rule);
        case "term" -> r.terms.add(rule);
        default -> throw new IllegalArgumentException("line " + no + ": unknown kind " + kind);
      }
    }
    if (r.crimes.isEmpty()) {
      throw new IllegalArgumentException("no crime rules");
    }
    return r;
  }

  /**
   * @param text a judgment text
   * @return the first crime rule that matches, empty when the conviction does not bar
   */
  public Optional<Rule> crime(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Rule r : crimes) {
      if (r.pattern().matcher(text).find()) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * When the sentence was completed: a stated release date, else the judgment date plus the fixed
   * term, else the judgment date.
   *
   * @param text the judgment text
   * @param judgedOn the judgment date
   * @return the end and the rule that gave it
   */
  public End sentenceEnd(String text, LocalDate judgedOn) {
    String s = text == null ? "" : text;
    for (Rule r : ends) {
      Matcher m = r.pattern().matcher(s);
      if (m.find()) {
        return new End(
            LocalDate.of(
                Integer.parseInt(m.group("y")),
                Integer.parseInt(m.group("m")),
                Integer.parseInt(m.group("d"))),
            r.name());
      }
    }
    for (Rule r : terms) {
      Matcher m = r.pattern().matcher(s);
      if (m.find()) {
        int years = chinese(group(m, "years"));
        int months = chinese(group(m, "months"));
        return new End(judgedOn.plusYears(years).plusMonths(months), r.name());
      }
    }
    return new End(judgedOn, "JUDGMENT_DATE");
  }

  private static String group(Matcher m, String name) {
    try {
      return m.group(name);
    } catch (IllegalArgumentException e) {
      return null; // the rule has no such group
    }
  }

  /**
   * Parses a Chinese numeral from 一 to 九十九 (十, 十五, 二十, 二十三).
   *
   * @param s the numeral, or null
   * @return its value, 0 for null or empty
   */
  static int chinese(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    int ten = s.indexOf('十');
    if (ten < 0) {
      return digit(s.charAt(0));
    }
    int tens = ten == 0 ? 1 : digit(s.charAt(0));
    int units = ten == s.length() - 1 ? 0 : digit(s.charAt(ten + 1));
    return tens * 10 + units;
  }

  private static int digit(char c) {
    int v = NUMERALS.indexOf(c);
    if (v < 0) {
      throw new IllegalArgumentException("not a Chinese digit: " + c);
    }
    return v;
  }
}
