package org.mingjian.platform.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.runtime.RegisteredModel;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.ModelId;
import org.mingjian.sdk.runner.DescriptorException;
import org.mingjian.sdk.runner.DescriptorReader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An extender: tracks active bundles with a {@code Mingjian-Model} header, reads their descriptor
 * (and SQL) without running their code, and pairs Java models with their {@link Model} service.
 */
@Component(
    service = {ModelRegistry.class, ModelSource.class},
    immediate = true)
public final class ModelRegistryImpl implements ModelRegistry, ModelSource {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistryImpl.class);

  /** What the tracker read from one bundle. */
  private record Tracked(
      ModelDescriptor descriptor, Bundle bundle, String sql, String sha256, String problem) {}

  /** By "modelId@version". */
  private final Map<String, Tracked> byKey = new ConcurrentHashMap<>();

  /** Model services by the id of the bundle registering them. */
  private final Map<Long, Model> services = new ConcurrentHashMap<>();

  private final BundleTracker<String> tracker;

  @Activate
  public ModelRegistryImpl(BundleContext context) {
    this.tracker =
        new BundleTracker<>(context, Bundle.ACTIVE, null) {
          @Override
          public String addingBundle(Bundle bundle, BundleEvent event) {
            if (bundle.getLocation().startsWith("mingjian:dry-run/")) {
              return null; // a reviewer's trial: never runnable through the engine
            }
            String header = bundle.getHeaders("").get(ModelDescriptor.HEADER);
            return header == null ? null : add(bundle, header.trim());
          }

          @Override
          public void removedBundle(Bundle bundle, BundleEvent event, String key) {
            byKey.computeIfPresent(
                key, (k, e) -> e.bundle().getBundleId() == bundle.getBundleId() ? null : e);
            LOG.info("Model {} gone with bundle {}", key, bundle.getSymbolicName());
          }
        };
    tracker.open();
  }

  @Deactivate
  void close() {
    tracker.close();
  }

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  void addModel(Model model, Map<String, Object> properties) {
    Object bundle = properties.get("service.bundleid");
    if (properties.get(ModelId.PROPERTY) != null && bundle instanceof Number n) {
      services.put(n.longValue(), model);
    }
  }

  void removeModel(Model model, Map<String, Object> properties) {
    Object bundle = properties.get("service.bundleid");
    if (bundle instanceof Number n) {
      services.remove(n.longValue(), model);
    }
  }

  private String add(Bundle bundle, String location) {
    URL entry = bundle.getEntry(location);
    if (entry == null) {
      LOG.warn(
          "Bundle {} names descriptor {} but has no such entry",
          bundle.getSymbolicName(),
          location);
      return null;
    }
    ModelDescriptor d;
    try (InputStream in = entry.openStream()) {
      d = DescriptorReader.read(in);
    } catch (DescriptorException e) {
      LOG.warn(
          "Bundle {} has an invalid model descriptor: {}", bundle.getSymbolicName(), e.problems());
      return null;
    } catch (IOException e) {
      LOG.warn("Cannot read the descriptor of {}: {}", bundle.getSymbolicName(), e.getMessage());
      return null;
    }
    String problem = null;
    Version v = bundle.getVersion();
    String bundleVersion = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    if (!bundleVersion.equals(d.version())) {
      problem =
          "descriptor version " + d.version() + " differs from bundle version " + bundleVersion;
    }
    String sql = null;
    if (d.kind() == ModelKind.SQL) {
      String base =
          location.contains("/") ? location.substring(0, location.lastIndexOf('/') + 1) : "";
      URL sqlEntry = bundle.getEntry(base + d.sql().file());
      if (sqlEntry == null) {
        problem = "SQL file " + base + d.sql().file() + " is missing from the bundle";
      } else {
        try (InputStream in = sqlEntry.openStream()) {
          sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          problem = "cannot read the SQL file: " + e.getMessage();
        }
      }
    }
    String key = d.id() + "@" + d.version();
    Tracked previous = byKey.get(key);
    if (previous != null && previous.bundle().getBundleId() != bundle.getBundleId()) {
      LOG.warn(
          "Model {} is provided by bundles {} and {}; the newer bundle wins",
          key,
          previous.bundle().getBundleId(),
          bundle.getBundleId());
    }
    byKey.put(key, new Tracked(d, bundle, sql, sha256(bundle), problem));
    LOG.info("Model {} registered from bundle {}", key, bundle.getSymbolicName());
    return key;
  }

  private static String sha256(Bundle bundle) {
    String location = bundle.getLocation();
    int at = location.lastIndexOf("/sha256/");
    if (location.startsWith("mingjian:") && at > 0) {
      return location.substring(at + "/sha256/".length()); // installed from the artifact store
    }
    try (InputStream in = new URL(location).openStream()) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream din = new DigestInputStream(in, md)) {
        din.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
      return null;
    }
  }

  private Optional<Tracked> tracked(String modelId, String version) {
    if (version != null) {
      return Optional.ofNullable(byKey.get(modelId + "@" + version));
    }
    return byKey.values().stream()
        .filter(t -> t.descriptor().id().equals(modelId))
        .max(Comparator.comparing(t -> Version.parseVersion(t.descriptor().version())));
  }

  @Override
  public Optional<Entry> entry(String modelId, String version) {
    return tracked(modelId, version).map(t -> new Entry(t.descriptor(), t.sql(), t.sha256()));
  }

  @Override
  public boolean stop(String modelId, String version) {
    Optional<Tracked> t = tracked(modelId, version);
    if (t.isEmpty()) {
      return false;
    }
    Bundle b = t.get().bundle();
    try {
      b.stop();
      LOG.warn("Stopped bundle {} of model {} {}", b.getBundleId(), modelId, version);
      return true;
    } catch (org.osgi.framework.BundleException | IllegalStateException e) {
      LOG.error("Cannot stop bundle {} of model {}: {}", b.getBundleId(), modelId, e.getMessage());
      return false;
    }
  }

  @Override
  public Optional<Model> service(String modelId, String version) {
    return tracked(modelId, version).map(t -> services.get(t.bundle().getBundleId()));
  }

  @Override
  public List<RegisteredModel> models() {
    List<RegisteredModel> out = new ArrayList<>();
    for (Tracked e : byKey.values()) {
      out.add(toModel(e));
    }
    out.sort(
        Comparator.comparing((RegisteredModel m) -> m.descriptor().id())
            .thenComparing(m -> Version.parseVersion(m.descriptor().version())));
    return out;
  }

  @Override
  public Optional<RegisteredModel> model(String modelId, String version) {
    return tracked(modelId, version).map(this::toModel);
  }

  private RegisteredModel toModel(Tracked e) {
    String problem = e.problem();
    if (problem == null
        && e.descriptor().kind() == ModelKind.JAVA
        && !services.containsKey(e.bundle().getBundleId())) {
      problem =
          "the bundle registers no Model service with "
              + ModelId.PROPERTY
              + "="
              + e.descriptor().id();
    }
    return new RegisteredModel(
        e.descriptor(),
        e.bundle().getBundleId(),
        e.bundle().getSymbolicName(),
        e.sha256(),
        problem);
  }
}
