package org.mingjian.platform.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mingjian.platform.security.User;

/** {@code mingjian:revoke <modelId> <version> <reason>}. */
@Service
@Command(
    scope = "mingjian",
    name = "revoke",
    description =
        "Revokes an approved version: off everywhere, its clues flagged (city administrators)")
public class RevokeCommand extends MingjianAction {

  @Argument(index = 0, name = "modelId", description = "The model", required = true)
  @Completion(ModelIdCompleter.class)
  String modelId;

  @Argument(index = 1, name = "version", description = "An APPROVED version", required = true)
  String version;

  @Argument(
      index = 2,
      name = "reason",
      description = "Why (the rest of the line)",
      required = true,
      multiValued = true)
  List<String> reason;

  @Override
  List<String> run(User caller) {
    return Render.version("revoked", marketplace.revoke(modelId, version, join(reason), caller));
  }
}
