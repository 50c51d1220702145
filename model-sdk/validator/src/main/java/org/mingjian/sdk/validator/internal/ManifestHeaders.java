package org.mingjian.sdk.validator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses OSGi manifest headers such as {@code Import-Package} and {@code Require-Capability} into
 * clauses: {@code path;path;attr=value;attr:Type=value;directive:=value, ...}.
 */
public final class ManifestHeaders {
  private ManifestHeaders() {}

  /**
   * One clause of a header.
   *
   * @param paths the names (packages, namespaces) the clause applies to
   * @param attributes attributes by name (a type such as {@code :Version} is dropped from the key)
   * @param directives directives by name
   */
  public record Clause(
      List<String> paths, Map<String, String> attributes, Map<String, String> directives) {}

  /**
   * @param header the header value; {@code null} gives no clauses
   * @return the clauses
   * @throws IllegalArgumentException if a quote is not closed
   */
  public static List<Clause> parse(String header) {
    List<Clause> clauses = new ArrayList<>();
    if (header == null || header.isBlank()) {
      return clauses;
    }
    for (String c : split(header, ',')) {
      if (c.isBlank()) {
        continue;
      }
      List<String> paths = new ArrayList<>();
      Map<String, String> attrs = new LinkedHashMap<>();
      Map<String, String> dirs = new LinkedHashMap<>();
      for (String part : split(c, ';')) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (eq < 0) {
          if (!p.isEmpty()) {
            paths.add(p);
          }
          continue;
        }
        boolean directive = eq > 0 && p.charAt(eq - 1) == ':';
        String key = p.substring(0, directive ? eq - 1 : eq).trim();
        String value = unquote(p.substring(eq + 1).trim());
        if (directive) {
          dirs.put(key, value);
        } else {
          int colon = key.indexOf(':');
          attrs.put(colon < 0 ? key : key.substring(0, colon).trim(), value);
        }
      }
      clauses.add(new Clause(List.copyOf(paths), Map.copyOf(attrs), Map.copyOf(dirs)));
    }
    return clauses;
  }

  private static List<String> split(String s, char sep) {
    List<String> parts = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == '\\' && quoted && i + 1 < s.length()) {
        b.append(ch).append(s.charAt(++i));
        continue;
      }
      if (ch == sep && !quoted) {
        parts.add(b.toString());
        b.setLength(0);
      } else {
        b.append(ch);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quote is not closed");
    }
    parts.add(b.toString());
    return parts;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return v;
  }
}
