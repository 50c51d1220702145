package org.mingjian.platform.shell.internal;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.marketplace.MarketplaceException;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;

/**
 * What every {@code mingjian:*} command does first: find the Mingjian user of the session (see
 * {@link Callers}) and, around the work, turn a refused request into a readable failure. The
 * marketplace checks the caller's roles and district itself, as it does for HTTP.
 */
abstract class MingjianAction implements Action {

  @Reference UserService users;

  @Reference Marketplace marketplace;

  @Override
  public final Object execute() throws Exception {
    try {
      User caller = Callers.resolve(Callers.current(), users::find);
      print(System.out, run(caller));
      return null;
    } catch (MarketplaceException e) {
      throw Failures.of(e);
    } catch (UsageException e) {
      throw Failures.of(e);
    }
  }

  /**
   * @param caller the Mingjian user running the command
   * @return the lines to print
   * @throws Exception when the command fails
   */
  abstract List<String> run(User caller) throws Exception;

  /**
   * @param words words of a free-text argument, or {@code null}
   * @return them joined by spaces, or {@code null}
   */
  static String join(List<String> words) {
    return words == null || words.isEmpty() ? null : String.join(" ", words);
  }

  private static void print(PrintStream out, List<String> lines) {
    for (String line : lines) {
      out.println(line);
    }
    out.flush();
  }
}
