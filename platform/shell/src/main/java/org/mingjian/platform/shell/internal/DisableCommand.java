package org.mingjian.platform.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mingjian.platform.security.User;

/** {@code mingjian:disable <modelId>}. */
@Service
@Command(
    scope = "mingjian",
    name = "disable",
    description =
        "Switches a model off in every district and uninstalls its bundles (city administrators)")
public class DisableCommand extends MingjianAction {

  @Argument(index = 0, name = "modelId", description = "The model", required = true)
  @Completion(ModelIdCompleter.class)
  String modelId;

  @Override
  List<String> run(User caller) {
    marketplace.disable(modelId, caller);
    return List.of("disabled " + modelId + " in every district; its bundles are uninstalled");
  }
}
