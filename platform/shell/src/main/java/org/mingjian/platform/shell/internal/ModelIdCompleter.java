package org.mingjian.platform.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.Marketplace;

/** Completes model ids from the catalog. */
@Service
public class ModelIdCompleter implements Completer {

  @Reference Marketplace marketplace;

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    StringsCompleter ids = new StringsCompleter();
    for (CatalogEntry e : marketplace.catalog(null, null, null)) {
      ids.getStrings().add(e.modelId());
    }
    return ids.complete(session, commandLine, candidates);
  }
}
