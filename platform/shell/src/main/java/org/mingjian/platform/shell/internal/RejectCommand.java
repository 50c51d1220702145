package org.mingjian.platform.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mingjian.platform.security.User;

/** {@code mingjian:reject <submissionId> <comment>}. */
@Service
@Command(
    scope = "mingjian",
    name = "reject",
    description = "Rejects a VALIDATED submission, saying why (reviewers)")
public class RejectCommand extends MingjianAction {

  @Argument(index = 0, name = "submissionId", description = "The submission", required = true)
  String id;

  @Argument(
      index = 1,
      name = "comment",
      description = "Why (the rest of the line)",
      required = true,
      multiValued = true)
  List<String> comment;

  @Override
  List<String> run(User caller) {
    return Render.version("rejected", marketplace.reject(id, join(comment), caller));
  }
}
