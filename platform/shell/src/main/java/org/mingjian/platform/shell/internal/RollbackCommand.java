package org.mingjian.platform.shell.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mingjian.platform.security.User;

/** {@code mingjian:rollback <modelId>}. */
@Service
@Command(
    scope = "mingjian",
    name = "rollback",
    description =
        "Puts the newest approved version older than the one in force back in force, in the"
            + " same districts (city administrators)")
public class RollbackCommand extends MingjianAction {

  @Argument(index = 0, name = "modelId", description = "The model", required = true)
  @Completion(ModelIdCompleter.class)
  String modelId;

  @Override
  List<String> run(User caller) {
    List<String> lines = new ArrayList<>();
    lines.add("rolled back:");
    lines.addAll(Render.enablement(marketplace.rollback(modelId, caller)));
    return lines;
  }
}
