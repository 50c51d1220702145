package org.mingjian.platform.shell.internal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.mingjian.platform.marketplace.EnablementRequest;

/** Turns the arguments of {@code mingjian:enable} into an {@link EnablementRequest}. */
final class EnableArgs {
  private static final Pattern DISTRICT = Pattern.compile("\\d{6}");

  private EnableArgs() {}

  /**
   * @param version the version to put in force
   * @param districts {@code --districts}: comma-separated codes switched on, or {@code null}
   * @param cityWide {@code --city-wide}: on in every district by default
   * @param off {@code --off}: comma-separated codes switched off, or {@code null}
   * @param parameters the per-district parameters to keep, possibly empty
   * @return the full new enablement (no shadow version)
   * @throws UsageException when the arguments contradict each other or name no district
   */
  static EnablementRequest toRequest(
      String version,
      String districts,
      boolean cityWide,
      String off,
      Map<String, Map<String, Object>> parameters) {
    if (version == null || version.isBlank()) {
      throw new UsageException("say which version to enable");
    }
    if (districts != null && cityWide) {
      throw new UsageException("--districts and --city-wide exclude each other");
    }
    if (districts == null && !cityWide) {
      throw new UsageException("say where: --districts CODE,CODE or --city-wide");
    }
    Set<String> on = districts == null ? Set.of() : codes("--districts", districts);
    Set<String> offCodes = off == null ? Set.of() : codes("--off", off);
    Map<String, String> overrides = new TreeMap<>();
    for (String d : on) {
      overrides.put(d, "on");
    }
    for (String d : offCodes) {
      if (on.contains(d)) {
        throw new UsageException("district " + d + " is both in --districts and in --off");
      }
      overrides.put(d, "off");
    }
    return new EnablementRequest(version.trim(), cityWide, overrides, null, null, parameters);
  }

  /**
   * @param option the option, for the message
   * @param csv comma-separated district codes
   * @return the codes, in the order given, without duplicates
   */
  static Set<String> codes(String option, String csv) {
    Set<String> result = new LinkedHashSet<>();
    for (String part : csv.split(",")) {
      String code = part.trim();
      if (code.isEmpty()) {
        continue;
      }
      if (!DISTRICT.matcher(code).matches()) {
        throw new UsageException(option + ": '" + code + "' is not a 6-digit district code");
      }
      result.add(code);
    }
    if (result.isEmpty()) {
      throw new UsageException(option + " names no district");
    }
    return result;
  }
}
