package org.mingjian.platform.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.CommandException;
import org.mingjian.platform.marketplace.MarketplaceException;

/**
 * How a refused request reads in the shell: one line {@code KIND: message}, then the validation
 * report ({@code check OUTCOME message}) or the list of problems when the marketplace gave one.
 *
 * <p>Failures are thrown as Karaf's {@link CommandException}: the console prints its text without a
 * stack trace and does not log a refused request as a server error.
 */
final class Failures {
  private Failures() {}

  /**
   * @param e a refused request
   * @return {@code KIND: message}
   */
  static String oneLine(MarketplaceException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().replace('\n', ' ').strip();
    return e.kind() + (message.isEmpty() ? "" : ": " + message);
  }

  /**
   * @param e a refused request
   * @return the lines after the first one: the report's or the problems, possibly none
   */
  static List<String> detailLines(MarketplaceException e) {
    Map<String, ?> details = e.details();
    Object report = details.get("report");
    if (report instanceof Collection<?> checks && !checks.isEmpty()) {
      return indent(Render.report(checks));
    }
    Object problems = details.get("problems");
    List<String> lines = new ArrayList<>();
    if (problems instanceof Collection<?> list) {
      for (Object p : list) {
        lines.add("  " + p);
      }
    } else if (problems instanceof Map<?, ?> map) {
      map.forEach((k, v) -> lines.add("  " + k + ": " + v));
    }
    return lines;
  }

  /**
   * @param e a refused request
   * @return the whole text: {@link #oneLine} then {@link #detailLines}
   */
  static String text(MarketplaceException e) {
    List<String> lines = new ArrayList<>();
    lines.add(oneLine(e));
    lines.addAll(detailLines(e));
    return String.join(System.lineSeparator(), lines);
  }

  /**
   * @param e a refused request
   * @return the exception the command throws: printed text {@link #text}, message {@link #oneLine}
   */
  static CommandException of(MarketplaceException e) {
    return new CommandException(text(e), oneLine(e), e);
  }

  /**
   * @param e an unusable command line
   * @return the exception the command throws
   */
  static CommandException of(UsageException e) {
    return new CommandException(e.getMessage(), e.getMessage(), e);
  }

  private static List<String> indent(List<String> lines) {
    List<String> result = new ArrayList<>();
    for (String l : lines) {
      result.add("  " + l);
    }
    return result;
  }
}
