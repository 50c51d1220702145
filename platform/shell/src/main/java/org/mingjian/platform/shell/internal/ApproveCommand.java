package org.mingjian.platform.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mingjian.platform.security.User;

/** {@code mingjian:approve <submissionId> [comment]}. */
@Service
@Command(
    scope = "mingjian",
    name = "approve",
    description = "Approves a VALIDATED submission (reviewers; never their own)")
public class ApproveCommand extends MingjianAction {

  @Argument(index = 0, name = "submissionId", description = "The submission", required = true)
  String id;

  @Argument(
      index = 1,
      name = "comment",
      description = "The reviewer's comment (the rest of the line)",
      required = false,
      multiValued = true)
  List<String> comment;

  @Override
  List<String> run(User caller) {
    return Render.version("approved", marketplace.approve(id, join(comment), caller));
  }
}
