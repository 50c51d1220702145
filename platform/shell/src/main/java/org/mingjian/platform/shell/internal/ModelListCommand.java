package org.mingjian.platform.shell.internal;

import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.security.User;

/** {@code mingjian:model-list [--submissions [state]]}. */
@Service
@Command(
    scope = "mingjian",
    name = "model-list",
    description = "Lists the model catalog, or with --submissions the submitted versions")
public class ModelListCommand extends MingjianAction {

  @Option(
      name = "--submissions",
      aliases = "-s",
      description =
          "List submissions instead (reviewers and city administrators: all; district"
              + " publishers: their district's)")
  boolean submissions;

  @Argument(
      index = 0,
      name = "state",
      description = "With --submissions: VALIDATED, APPROVED, REJECTED or REVOKED",
      required = false)
  String state;

  @Reference Enablements enablements;

  @Override
  List<String> run(User caller) {
    if (!submissions) {
      if (state != null) {
        throw new UsageException("a state only filters --submissions");
      }
      return Render.catalog(marketplace.catalog(null, null, null), enablements::get);
    }
    String s = state == null ? null : state.trim().toUpperCase(Locale.ROOT);
    return Render.submissions(marketplace.submissions(s, caller), s);
  }
}
