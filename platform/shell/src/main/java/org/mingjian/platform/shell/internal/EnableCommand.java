package org.mingjian.platform.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mingjian.platform.marketplace.EnablementRequest;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.security.User;

/**
 * {@code mingjian:enable <modelId> <version> (--districts A,B | --city-wide) [--off C,D]}: replaces
 * the model's enablement. Per-district parameters in force are kept; a shadow version is not (set
 * shadows over HTTP).
 */
@Service
@Command(
    scope = "mingjian",
    name = "enable",
    description =
        "Puts an approved version in force: in the given districts or city-wide (city"
            + " administrators)")
public class EnableCommand extends MingjianAction {

  @Argument(index = 0, name = "modelId", description = "The model", required = true)
  @Completion(ModelIdCompleter.class)
  String modelId;

  @Argument(index = 1, name = "version", description = "An APPROVED version", required = true)
  String version;

  @Option(
      name = "--districts",
      aliases = "-d",
      description = "Comma-separated district codes where it is on (off elsewhere)")
  String districts;

  @Option(name = "--city-wide", aliases = "-c", description = "On in every district by default")
  boolean cityWide;

  @Option(name = "--off", description = "Comma-separated district codes where it is off")
  String off;

  @Reference Enablements enablements;

  @Override
  List<String> run(User caller) {
    Map<String, Map<String, Object>> kept =
        enablements.get(modelId).map(Enablement::parameters).orElse(Map.of());
    EnablementRequest request = EnableArgs.toRequest(version, districts, cityWide, off, kept);
    List<String> lines = new ArrayList<>();
    lines.add("enabled:");
    lines.addAll(Render.enablement(marketplace.enable(modelId, request, caller)));
    return lines;
  }
}
