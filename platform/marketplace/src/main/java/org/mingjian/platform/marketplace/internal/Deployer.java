package org.mingjian.platform.marketplace.internal;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.runtime.RegisteredModel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and removes model bundles straight from the artifact store with {@link
 * BundleContext#installBundle(String, java.io.InputStream)}. Model bundles export nothing, so
 * nothing is ever refreshed: other models and the platform keep their bundle ids and states. A
 * bundle that does not start, or whose model does not become runnable, is uninstalled again: no
 * half-installed model.
 */
final class Deployer implements Installer {
  /** Location prefix of the bundles the marketplace manages. */
  static final String PREFIX = "mingjian:model/";

  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  /** A model version that should be installed and running. */
  record Desired(String modelId, String version, String sha256) {
    String location() {
      return PREFIX + modelId + "/" + version + "/sha256/" + sha256;
    }
  }

  private final BundleContext context;
  private final ModelRegistry registry;
  private final Function<String, Optional<byte[]>> artifacts;
  private final Duration readyWait;

  Deployer(
      BundleContext context,
      ModelRegistry registry,
      Function<String, Optional<byte[]>> artifacts,
      Duration readyWait) {
    this.context = context;
    this.registry = registry;
    this.artifacts = artifacts;
    this.readyWait = readyWait;
  }

  /**
   * Installs and starts one version unless it already runs, and waits until it is runnable.
   *
   * @param d the version
   * @return what was done, or empty when it was already in place
   * @throws DeployException when it cannot be put in force; nothing is left installed
   */
  @Override
  public synchronized Optional<String> ensure(Desired d) {
    Bundle b = context.getBundle(d.location());
    String action = null;
    if (b == null) {
      byte[] jar =
          artifacts
              .apply(d.sha256())
              .orElseThrow(
                  () ->
                      new DeployException(
                          "artifact " + d.sha256() + " of " + d.modelId() + " is missing"));
      try {
        b = context.installBundle(d.location(), new ByteArrayInputStream(jar));
        action = "installed " + d.modelId() + " " + d.version() + " as bundle " + b.getBundleId();
      } catch (BundleException | RuntimeException e) {
        throw new DeployException(
            "cannot install " + d.modelId() + " " + d.version() + ": " + e.getMessage());
      }
    }
    try {
      if (b.getState() != Bundle.ACTIVE) {
        b.start();
        if (action == null) {
          action = "started " + d.modelId() + " " + d.version();
        }
      }
      awaitRunnable(d);
      return Optional.ofNullable(action);
    } catch (BundleException | RuntimeException e) {
      String why = e.getMessage();
      uninstall(b);
      throw new DeployException(
          "cannot start " + d.modelId() + " " + d.version() + " (uninstalled again): " + why);
    }
  }

  private void awaitRunnable(Desired d) {
    long deadline = System.nanoTime() + readyWait.toNanos();
    Optional<RegisteredModel> m = registry.model(d.modelId(), d.version());
    while (m.map(x -> !x.runnable()).orElse(true) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeployException("interrupted while waiting for " + d.modelId());
      }
      m = registry.model(d.modelId(), d.version());
    }
    if (m.isEmpty()) {
      throw new DeployException("the bundle started but registered no model " + d.modelId());
    }
    if (!m.get().runnable()) {
      throw new DeployException(m.get().problem());
    }
  }

  /**
   * @return the locations of the model bundles installed by the marketplace
   */
  @Override
  public synchronized Set<String> installed() {
    Set<String> out = new LinkedHashSet<>();
    for (Bundle b : context.getBundles()) {
      if (b.getLocation().startsWith(PREFIX)) {
        out.add(b.getLocation());
      }
    }
    return out;
  }

  /**
   * Uninstalls every managed bundle of the model whose location is not in {@code keep}.
   *
   * @param modelId the model, or {@code null} for every model
   * @param keep locations to keep
   * @return what was done
   */
  @Override
  public synchronized List<String> removeExcept(String modelId, Set<String> keep) {
    List<String> done = new ArrayList<>();
    String prefix = modelId == null ? PREFIX : PREFIX + modelId + "/";
    for (Bundle b : context.getBundles()) {
      String loc = b.getLocation();
      if (loc.startsWith(prefix) && !keep.contains(loc)) {
        uninstall(b);
        done.add("uninstalled " + loc.substring(PREFIX.length()));
      }
    }
    return done;
  }

  @Override
  public <T> T withTemporary(
      byte[] jar,
      String modelId,
      java.util.function.Function<org.mingjian.sdk.model.Model, T> work) {
    String location = "mingjian:dry-run/" + modelId + "/" + java.util.UUID.randomUUID();
    Bundle b;
    try {
      b = context.installBundle(location, new ByteArrayInputStream(jar));
    } catch (BundleException e) {
      throw new DeployException("cannot install the candidate: " + e.getMessage());
    }
    try {
      b.start();
      long deadline = System.nanoTime() + readyWait.toNanos();
      while (System.nanoTime() < deadline) {
        var refs = b.getRegisteredServices();
        if (refs != null) {
          for (var ref : refs) {
            Object id = ref.getProperty(org.mingjian.sdk.model.ModelId.PROPERTY);
            if (modelId.equals(id)) {
              Object service = context.getService(ref);
              try {
                if (service instanceof org.mingjian.sdk.model.Model m) {
                  return work.apply(m);
                }
              } finally {
                context.ungetService(ref);
              }
            }
          }
        }
        Thread.sleep(10);
      }
      throw new DeployException("the candidate registered no Model service for " + modelId);
    } catch (BundleException e) {
      throw new DeployException("the candidate does not start: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted");
    } finally {
      uninstall(b);
    }
  }

  private static void uninstall(Bundle b) {
    try {
      b.uninstall();
    } catch (BundleException | IllegalStateException e) {
      LOG.warn("Could not uninstall {}: {}", b.getLocation(), e.getMessage());
    }
  }

  /** A version that could not be put in force. */
  static final class DeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeployException(String message) {
      super(message);
    }
  }
}
