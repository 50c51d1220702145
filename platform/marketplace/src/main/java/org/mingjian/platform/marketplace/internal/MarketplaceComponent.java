package org.mingjian.platform.marketplace.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.EnablementRequest;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.security.User;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.model.Model;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace on this node: wires {@link MarketplaceImpl} to the framework, reconciles the
 * installed model bundles with the desired state at start and then periodically.
 */
@Component(service = Marketplace.class, configurationPid = "org.mingjian.marketplace")
@Designate(ocd = MarketplaceComponent.Config.class)
public final class MarketplaceComponent implements Marketplace {
  private static final Logger LOG = LoggerFactory.getLogger(MarketplaceComponent.class);

  /** Marketplace settings. */
  @ObjectClassDefinition(name = "Mingjian marketplace")
  public @interface Config {
    /**
     * @return the size limit
     */
    @AttributeDefinition(description = "Largest model bundle accepted, in bytes")
    long maxBundleBytes() default 20L << 20;

    /**
     * @return whether reviewers may approve their own district's submissions
     */
    @AttributeDefinition(
        description =
            "Refuse approval by a reviewer of the submitting district (not only the submitter)")
    boolean forbidSameDistrictApproval() default false;

    /**
     * @return how often to reconcile
     */
    @AttributeDefinition(description = "Seconds between reconciliations of installed model bundles")
    long reconcileSeconds() default 60;

    /**
     * @return how long to wait for a started model to become runnable
     */
    @AttributeDefinition(description = "Seconds to wait for an installed model to become runnable")
    long readySeconds() default 20;
  }

  private final MarketplaceImpl impl;
  private final ScheduledExecutorService timer;

  @Activate
  public MarketplaceComponent(
      BundleContext context,
      @Reference StateStore store,
      @Reference AuditLog audit,
      @Reference Enablements enablements,
      @Reference ModelRegistry registry,
      @Reference RunEngine runs,
      @Reference ClueStore clues,
      @Reference DataPool pool,
      Config config) {
    Path home = store.home();
    ArtifactStore artifacts = new ArtifactStore(home.resolve("artifacts"));
    TransferPackages packages =
        new TransferPackages(
            home.resolve("keys").resolve("marketplace-ed25519.key"), home.resolve("trusted-keys"));
    Deployer deployer =
        new Deployer(context, registry, artifacts::get, Duration.ofSeconds(config.readySeconds()));
    this.impl =
        new MarketplaceImpl(
            store,
            audit,
            enablements,
            runs,
            clues,
            pool,
            artifacts,
            packages,
            deployer,
            new MarketplaceImpl.Settings(
                config.maxBundleBytes(), config.forbidSameDistrictApproval(), sdkVersion()));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mingjian-reconcile");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(5, config.reconcileSeconds());
    timer.scheduleWithFixedDelay(this::reconcileQuietly, 0, every, TimeUnit.SECONDS);
  }

  private void reconcileQuietly() {
    try {
      impl.reconcile();
    } catch (RuntimeException e) {
      LOG.warn("Reconciliation of model bundles failed; retrying later", e);
    }
  }

  @Deactivate
  void stop() {
    timer.shutdownNow();
  }

  /** The running SDK version: the API bundle's major.minor.micro. */
  private static String sdkVersion() {
    Bundle b = FrameworkUtil.getBundle(Model.class);
    Version v = b == null ? new Version(1, 0, 0) : b.getVersion();
    return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
  }

  @Override
  public ModelVersion submit(byte[] jar, byte[] signature, User caller) {
    return impl.submit(jar, signature, caller);
  }

  @Override
  public List<ModelVersion> submissions(String state, User caller) {
    return impl.submissions(state, caller);
  }

  @Override
  public ModelVersion submission(String id, User caller) {
    return impl.submission(id, caller);
  }

  @Override
  public ModelVersion approve(String id, String comment, User caller) {
    return impl.approve(id, comment, caller);
  }

  @Override
  public ModelVersion reject(String id, String comment, User caller) {
    return impl.reject(id, comment, caller);
  }

  @Override
  public Map<String, Object> dryRun(
      String id, String district, Map<String, Object> parameters, User caller) {
    return impl.dryRun(id, district, parameters, caller);
  }

  @Override
  public List<CatalogEntry> catalog(String q, String businessLine, String district) {
    return impl.catalog(q, businessLine, district);
  }

  @Override
  public Optional<CatalogEntry> model(String modelId) {
    return impl.model(modelId);
  }

  @Override
  public Map.Entry<ModelVersion, byte[]> artifact(String modelId, String version, User caller) {
    return impl.artifact(modelId, version, caller);
  }

  @Override
  public ModelVersion revoke(String modelId, String version, String reason, User caller) {
    return impl.revoke(modelId, version, reason, caller);
  }

  @Override
  public byte[] exportPackage(String modelId, String version, User caller) {
    return impl.exportPackage(modelId, version, caller);
  }

  @Override
  public ModelVersion importPackage(byte[] pkg, User caller) {
    return impl.importPackage(pkg, caller);
  }

  @Override
  public Enablement enable(String modelId, EnablementRequest request, User caller) {
    return impl.enable(modelId, request, caller);
  }

  @Override
  public void disable(String modelId, User caller) {
    impl.disable(modelId, caller);
  }

  @Override
  public Enablement rollback(String modelId, User caller) {
    return impl.rollback(modelId, caller);
  }

  @Override
  public List<String> reconcile() {
    return impl.reconcile();
  }

  @Override
  public ModelVersion publishBuiltin(byte[] jar) {
    return impl.publishBuiltin(jar);
  }

  @Override
  public Optional<String> certificate(String district) {
    return impl.certificate(district);
  }

  @Override
  public void setCertificate(String district, String pem, User caller) {
    impl.setCertificate(district, pem, caller);
  }
}
