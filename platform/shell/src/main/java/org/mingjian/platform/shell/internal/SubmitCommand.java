package org.mingjian.platform.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.security.User;

/** {@code mingjian:submit <jar> [--signature <file>]}. */
@Service
@Command(
    scope = "mingjian",
    name = "submit",
    description = "Submits a model bundle from a file on this server (district publishers)")
public class SubmitCommand extends MingjianAction {

  @Argument(index = 0, name = "jar", description = "The model bundle (.jar)", required = true)
  @Completion(FileCompleter.class)
  String jar;

  @Option(
      name = "--signature",
      description = "A detached signature of the jar by the district's registered certificate")
  @Completion(FileCompleter.class)
  String signature;

  @Reference Session session;

  @Override
  List<String> run(User caller) throws IOException {
    byte[] bundle = read(jar);
    byte[] sig = signature == null ? null : read(signature);
    ModelVersion v = marketplace.submit(bundle, sig, caller);
    List<String> lines = new ArrayList<>(Render.version("submitted", v));
    if (v.report() != null && !v.report().isEmpty()) {
      lines.add("  validation report:");
      for (String l : Render.report(v.report())) {
        lines.add("    " + l);
      }
    }
    return lines;
  }

  private byte[] read(String file) throws IOException {
    Path dir = session == null ? null : session.currentDir();
    Path p = dir == null ? Path.of(file) : dir.resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new UsageException("no such file: " + p);
    }
    return Files.readAllBytes(p);
  }
}
