package org.mingjian.platform.marketplace.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.clues.ClueMetrics;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.EnablementRequest;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.marketplace.MarketplaceException;
import org.mingjian.platform.marketplace.MarketplaceException.Kind;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.runtime.DryRunResult;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.Quarantine;
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.runtime.RunRejectedException;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.runner.InvalidParametersException;
import org.mingjian.sdk.runner.ParameterBinder;
import org.mingjian.sdk.validator.BundleValidator;
import org.mingjian.sdk.validator.Check;
import org.mingjian.sdk.validator.Limits;
import org.mingjian.sdk.validator.Outcome;
import org.mingjian.sdk.validator.ValidationContext;
import org.mingjian.sdk.validator.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace's rules, independent of OSGi: the component ({@link MarketplaceComponent}) wires
 * it to the framework. The catalog ({@code model_versions}) and the enablements are the one source
 * of desired state; bundles follow them.
 */
public final class MarketplaceImpl implements Marketplace {
  private static final Logger LOG = LoggerFactory.getLogger(MarketplaceImpl.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYSTEM = "city-office";

  /** Settings. */
  record Settings(long maxBundleBytes, boolean forbidSameDistrictApproval, String sdkVersion) {}

  private final StateStore store;
  private final AuditLog audit;
  private final Enablements enablements;
  private final RunEngine runs;
  private final ClueStore clues;
  private final DataPool pool;
  private final ArtifactStore artifacts;
  private final TransferPackages packages;
  private final Installer installer;
  private final Settings settings;

  MarketplaceImpl(
      StateStore store,
      AuditLog audit,
      Enablements enablements,
      RunEngine runs,
      ClueStore clues,
      DataPool pool,
      ArtifactStore artifacts,
      TransferPackages packages,
      Installer installer,
      Settings settings) {
    this.store = store;
    this.audit = audit;
    this.enablements = enablements;
    this.runs = runs;
    this.clues = clues;
    this.pool = pool;
    this.artifacts = artifacts;
    this.packages = packages;
    this.installer = installer;
    this.settings = settings;
  }

  // ------------------------------------------------------------------------------ submission

  @Override
  public ModelVersion submit(byte[] jar, byte[] signature, User caller) {
    require(caller, "submit models", Role.DISTRICT_PUBLISHER);
    if (jar == null || jar.length == 0) {
      throw new MarketplaceException(Kind.MALFORMED, "the request has no bundle");
    }
    if (jar.length > settings.maxBundleBytes()) {
      throw new MarketplaceException(
          Kind.TOO_LARGE,
          "the bundle has "
              + jar.length
              + " bytes; the limit is "
              + settings.maxBundleBytes()
              + " bytes",
          Map.of("limit", settings.maxBundleBytes()));
    }
    ValidationReport report = validate(jar, signature, certificateOf(caller.district()));
    if (report.modelId() != null && report.modelVersion() != null) {
      // the duplicate check comes before ownership, so a duplicate is always a 409
      Optional<ModelVersion> same = find(report.modelId(), report.modelVersion());
      if (same.isPresent()) {
        refused(caller, report, "duplicate version");
        throw new MarketplaceException(
            Kind.CONFLICT,
            "version "
                + report.modelVersion()
                + " of model '"
                + report.modelId()
                + "' is already in the catalog ("
                + same.get().state()
                + ")",
            Map.of("report", report.checks()));
      }
    }
    if (!report.passed()) {
      refused(caller, report, report.firstFailure().map(Check::message).orElse("invalid"));
      throw new MarketplaceException(
          Kind.INVALID,
          "the bundle failed validation: "
              + report.firstFailure().map(c -> c.check() + ": " + c.message()).orElse(""),
          Map.of("report", report.checks()));
    }
    Optional<String> owner = ownerOf(report.modelId());
    if (owner.isPresent() && !owner.get().equals(caller.district())) {
      refused(caller, report, "model belongs to district " + owner.get());
      throw new MarketplaceException(
          Kind.FORBIDDEN,
          "model '"
              + report.modelId()
              + "' belongs to district "
              + owner.get()
              + "; publish your own model id or ask that district");
    }
    ModelVersion v =
        insert(
            report,
            jar.length,
            ModelVersion.VALIDATED,
            "SUBMITTED",
            caller.district(),
            caller.username(),
            null,
            null);
    artifacts.put(jar);
    audit(caller, "model.submitted", v, Map.of("sha256", v.sha256(), "bytes", jar.length));
    return v;
  }

  private void refused(User caller, ValidationReport report, String why) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("reason", why);
    d.put("sha256", report.sha256());
    if (report.modelId() != null) {
      d.put("modelId", report.modelId());
      d.put("version", String.valueOf(report.modelVersion()));
    }
    audit.append(
        new AuditEvent(
            caller.username(),
            caller.district(),
            "model.submission.refused",
            report.modelId() == null ? "unknown" : report.modelId(),
            d));
  }

  private ValidationReport validate(byte[] jar, byte[] signature, X509Certificate cert) {
    return validate(jar, signature, cert, true);
  }

  private ValidationReport validate(
      byte[] jar, byte[] signature, X509Certificate cert, boolean checkContract) {
    ValidationContext ctx =
        new ValidationContext(
            settings.sdkVersion(),
            !checkContract
                ? null
                : name ->
                    pool.dataset(name)
                        .map(
                            i ->
                                i.definition().columns().stream()
                                    .map(ColumnInfo::name)
                                    .collect(Collectors.toSet())),
            cert,
            new Limits(
                settings.maxBundleBytes(),
                Limits.defaults().maxUncompressedBytes(),
                Limits.defaults().maxEntries(),
                Limits.defaults().maxCompressionRatio()));
    return BundleValidator.validate(jar, signature, ctx);
  }

  private ModelVersion insert(
      ValidationReport report,
      long size,
      String state,
      String origin,
      String authorDistrict,
      String submittedBy,
      String reviewedBy,
      String reviewComment) {
    ModelDescriptor d = report.descriptor();
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO model_versions (model_id, version, id, state, origin, name,"
                      + " supervision_point, business_line, kind, datasets, author_district,"
                      + " submitted_by, submitted_at, sha256, size_bytes, symbolic_name,"
                      + " bundle_version, report, reviewed_by, reviewed_at, review_comment)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(
                    ps,
                    d.id(),
                    d.version(),
                    id,
                    state,
                    origin,
                    trim(d.name(), 200),
                    trim(d.supervisionPoint(), 2000),
                    d.businessLine() == null ? null : d.businessLine().name(),
                    d.kind().name(),
                    json(d.datasets().stream().map(DatasetContract::name).toList()),
                    authorDistrict,
                    submittedBy,
                    now,
                    report.sha256(),
                    size,
                    trim(report.symbolicName(), 255),
                    trim(report.bundleVersion(), 64),
                    trim(json(report.checks()), 20000),
                    reviewedBy,
                    reviewedBy == null ? null : now,
                    reviewComment)
                .executeUpdate();
          }
          return null;
        });
    return get(id).orElseThrow();
  }

  // ------------------------------------------------------------------------------ review

  @Override
  public List<ModelVersion> submissions(String state, User caller) {
    boolean all = caller.hasAny(Role.REVIEWER, Role.CITY_ADMIN);
    if (!all && !caller.hasAny(Role.DISTRICT_PUBLISHER)) {
      throw forbidden("list submissions");
    }
    if (state != null && !List.of("VALIDATED", "APPROVED", "REJECTED", "REVOKED").contains(state)) {
      throw new MarketplaceException(
          Kind.MALFORMED, "state must be VALIDATED, APPROVED, REJECTED or REVOKED");
    }
    return query(
            // typed: PostgreSQL cannot tell the type of a bare "? IS NULL"
            "SELECT * FROM model_versions WHERE (CAST(? AS VARCHAR(16)) IS NULL OR state = ?) AND"
                + " (CAST(? AS VARCHAR(6)) IS NULL OR author_district = ?) AND origin <> 'BUILTIN'"
                + " ORDER BY submitted_at DESC",
            state,
            state,
            all ? null : caller.district(),
            all ? null : caller.district())
        .stream()
        .toList();
  }

  @Override
  public ModelVersion submission(String id, User caller) {
    boolean all = caller.hasAny(Role.REVIEWER, Role.CITY_ADMIN);
    if (!all && !caller.hasAny(Role.DISTRICT_PUBLISHER)) {
      throw forbidden("read submissions");
    }
    ModelVersion v = get(id).orElseThrow(() -> notFound("submission '" + id + "'"));
    if (!all && !v.authorDistrict().equals(caller.district())) {
      throw new MarketplaceException(
          Kind.FORBIDDEN, "submission " + id + " belongs to another district");
    }
    return v;
  }

  @Override
  public ModelVersion approve(String id, String comment, User caller) {
    require(caller, "approve submissions", Role.REVIEWER);
    ModelVersion v = get(id).orElseThrow(() -> notFound("submission '" + id + "'"));
    if (v.submittedBy().equals(caller.username())) {
      throw new MarketplaceException(
          Kind.FORBIDDEN, "nobody approves their own submission (four-eyes rule)");
    }
    if (settings.forbidSameDistrictApproval() && v.authorDistrict().equals(caller.district())) {
      throw new MarketplaceException(
          Kind.FORBIDDEN,
          "submissions of your own district are approved by another district's reviewer here");
    }
    return review(v, ModelVersion.APPROVED, comment, caller, "model.approved");
  }

  @Override
  public ModelVersion reject(String id, String comment, User caller) {
    require(caller, "reject submissions", Role.REVIEWER);
    ModelVersion v = get(id).orElseThrow(() -> notFound("submission '" + id + "'"));
    if (comment == null || comment.isBlank()) {
      throw new MarketplaceException(
          Kind.INVALID, "say why the submission is rejected (comment)", Map.of("field", "comment"));
    }
    return review(v, ModelVersion.REJECTED, comment, caller, "model.rejected");
  }

  private ModelVersion review(
      ModelVersion v, String to, String comment, User caller, String action) {
    if (comment != null && comment.length() > 4000) {
      throw new MarketplaceException(Kind.INVALID, "the comment is longer than 4000 characters");
    }
    int n =
        update(
            "UPDATE model_versions SET state = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?"
                + " WHERE id = ? AND state = 'VALIDATED'",
            to,
            caller.username(),
            Instant.now(),
            comment,
            v.id());
    if (n == 0) {
      throw new MarketplaceException(
          Kind.CONFLICT,
          "submission " + v.id() + " is " + v.state() + ", only a VALIDATED one can be reviewed");
    }
    ModelVersion after = get(v.id()).orElseThrow();
    audit(caller, action, after, comment == null ? Map.of() : Map.of("comment", comment));
    return after;
  }

  @Override
  public Map<String, Object> dryRun(
      String id, String district, Map<String, Object> parameters, User caller) {
    require(caller, "dry-run submissions", Role.REVIEWER);
    ModelVersion v = get(id).orElseThrow(() -> notFound("submission '" + id + "'"));
    if (!List.of(ModelVersion.VALIDATED, ModelVersion.APPROVED).contains(v.state())) {
      throw new MarketplaceException(
          Kind.CONFLICT, "a " + v.state() + " submission cannot be tried");
    }
    if (district == null || !districtExists(district) || district.equals(User.CITY_OFFICE)) {
      throw new MarketplaceException(
          Kind.INVALID, "district must be an existing district code", Map.of("field", "district"));
    }
    byte[] jar = artifacts.get(v.sha256()).orElseThrow(() -> notFound("artifact " + v.sha256()));
    ValidationReport report = validate(jar, null, null);
    ModelDescriptor d = report.descriptor();
    DryRunResult r;
    try {
      if (d.kind() == ModelKind.SQL) {
        r = runs.dryRun(d, report.sql(), null, district, parameters, caller.username());
      } else {
        r =
            installer.withTemporary(
                jar,
                d.id(),
                model -> {
                  try {
                    return runs.dryRun(d, null, model, district, parameters, caller.username());
                  } catch (RunRejectedException e) {
                    throw new IllegalArgumentException(e);
                  }
                });
      }
    } catch (RunRejectedException e) {
      throw new MarketplaceException(Kind.INVALID, e.getMessage(), Map.of("problems", e.details()));
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof RunRejectedException rr) {
        throw new MarketplaceException(
            Kind.INVALID, rr.getMessage(), Map.of("problems", rr.details()));
      }
      throw e;
    } catch (Deployer.DeployException e) {
      throw new MarketplaceException(Kind.INVALID, e.getMessage());
    }
    List<Map<String, Object>> found = new ArrayList<>();
    for (Clue c : r.clues()) {
      found.add(clueView(c));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("state", r.state().name());
    stats.put("clues", r.clues().size());
    stats.put("durationMs", r.durationMs());
    stats.put("datasetVersions", r.datasetVersions());
    if (r.error() != null) {
      stats.put("error", r.error());
    }
    audit(caller, "model.dryrun", v, Map.of("district", district, "clues", r.clues().size()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clues", found);
    out.put("stats", stats);
    return out;
  }

  /** A dry-run clue for a reviewer: personal values are not shown, only their presence. */
  private Map<String, Object> clueView(Clue c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("district", c.district());
    m.put("subject", mask(c.subject()));
    m.put("title", c.title());
    m.put("score", c.score());
    List<Map<String, Object>> ev = new ArrayList<>();
    for (Evidence e : c.evidence()) {
      ev.add(Map.of("dataset", e.dataset(), "rowKey", mask(e.rowKey())));
    }
    m.put("evidence", ev);
    return m;
  }

  static String mask(String s) {
    if (s == null || s.length() <= 4) {
      return "****";
    }
    return s.substring(0, 3) + "*".repeat(s.length() - 5) + s.substring(s.length() - 2);
  }

  // ------------------------------------------------------------------------------ catalog

  @Override
  public List<CatalogEntry> catalog(String q, String businessLine, String district) {
    Map<String, List<ModelVersion>> byModel = new TreeMap<>();
    for (ModelVersion v : query("SELECT * FROM model_versions ORDER BY model_id")) {
      byModel.computeIfAbsent(v.modelId(), k -> new ArrayList<>()).add(v);
    }
    List<String> districts = districts();
    Map<String, Enablement> en = new LinkedHashMap<>();
    for (Enablement e : enablements.all()) {
      en.put(e.modelId(), e);
    }
    List<ClueMetrics> metrics = clues.metrics(null, null);
    Map<String, Quarantine> quarantined = new HashMap<>();
    for (Quarantine stopped : enablements.quarantines()) {
      quarantined.put(stopped.modelId(), stopped);
    }
    List<CatalogEntry> out = new ArrayList<>();
    String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, List<ModelVersion>> m : byModel.entrySet()) {
      CatalogEntry entry =
          entry(
              m.getKey(),
              m.getValue(),
              en.get(m.getKey()),
              districts,
              metrics,
              quarantined.get(m.getKey()));
      ModelVersion l = entry.latest();
      if (needle != null
          && !(l.modelId().toLowerCase(Locale.ROOT).contains(needle)
              || l.name().toLowerCase(Locale.ROOT).contains(needle)
              || (l.supervisionPoint() != null
                  && l.supervisionPoint().toLowerCase(Locale.ROOT).contains(needle)))) {
        continue;
      }
      if (businessLine != null && !businessLine.equalsIgnoreCase(l.businessLine())) {
        continue;
      }
      if (district != null && !entry.enabledIn().contains(district)) {
        continue;
      }
      out.add(entry);
    }
    return out;
  }

  @Override
  public Optional<CatalogEntry> model(String modelId) {
    List<ModelVersion> versions = query("SELECT * FROM model_versions WHERE model_id = ?", modelId);
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        entry(
            modelId,
            versions,
            enablements.get(modelId).orElse(null),
            districts(),
            clues.metrics(modelId, null),
            enablements.quarantine(modelId).orElse(null)));
  }

  private CatalogEntry entry(
      String modelId,
      List<ModelVersion> versions,
      Enablement en,
      List<String> districts,
      List<ClueMetrics> metrics,
      Quarantine quarantine) {
    List<ModelVersion> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparing(v -> org.osgi.framework.Version.parseVersion(v.version())));
    ModelVersion latest =
        sorted.stream()
            .filter(v -> v.state().equals(ModelVersion.APPROVED))
            .reduce((a, b) -> b)
            .orElse(sorted.get(sorted.size() - 1));
    List<String> enabledIn = new ArrayList<>();
    if (en != null) {
      for (String d : districts) {
        if (!d.equals(User.CITY_OFFICE) && en.enabledIn(d)) {
          enabledIn.add(d);
        }
      }
    }
    Map<String, Map<String, Object>> byDistrict = new TreeMap<>();
    long clueCount = 0;
    long confirmed = 0;
    long dismissed = 0;
    for (ClueMetrics m : metrics) {
      if (!m.modelId().equals(modelId)) {
        continue;
      }
      clueCount += m.clues();
      confirmed += m.confirmed();
      dismissed += m.dismissed();
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("runs", runs.count(modelId, m.district(), null));
      x.put("clues", m.clues());
      x.put("confirmed", m.confirmed());
      x.put("dismissed", m.dismissed());
      x.put("conversionRate", m.conversionRate());
      x.put("medianDaysToDisposition", m.medianDaysToDisposition());
      byDistrict.put(m.district(), x);
    }
    Map<String, Object> total = new LinkedHashMap<>();
    total.put("runs", runs.count(modelId, null, null));
    total.put("clues", clueCount);
    total.put("confirmed", confirmed);
    total.put("dismissed", dismissed);
    total.put(
        "conversionRate",
        confirmed + dismissed == 0 ? null : confirmed / (double) (confirmed + dismissed));
    return new CatalogEntry(modelId, latest, sorted, enabledIn, total, byDistrict, quarantine);
  }

  @Override
  public Map.Entry<ModelVersion, byte[]> artifact(String modelId, String version, User caller) {
    require(caller, "download artifacts", Role.REVIEWER, Role.CITY_ADMIN);
    ModelVersion v = find(modelId, version).orElseThrow(() -> notFound(modelId + " " + version));
    byte[] jar = artifacts.get(v.sha256()).orElseThrow(() -> notFound("artifact " + v.sha256()));
    audit(caller, "model.artifact.downloaded", v, Map.of("sha256", v.sha256()));
    return new AbstractMap.SimpleImmutableEntry<>(v, jar);
  }

  // ------------------------------------------------------------------------------ revoke

  @Override
  public ModelVersion revoke(String modelId, String version, String reason, User caller) {
    require(caller, "revoke versions", Role.CITY_ADMIN);
    if (reason == null || reason.isBlank()) {
      throw new MarketplaceException(
          Kind.INVALID, "say why the version is revoked (reason)", Map.of("field", "reason"));
    }
    ModelVersion v = find(modelId, version).orElseThrow(() -> notFound(modelId + " " + version));
    if (!v.state().equals(ModelVersion.APPROVED)) {
      throw new MarketplaceException(
          Kind.CONFLICT, "only an APPROVED version can be revoked; this one is " + v.state());
    }
    synchronized (this) {
      update(
          "UPDATE model_versions SET state = 'REVOKED', revoked_by = ?, revoked_at = ?,"
              + " revoke_reason = ? WHERE id = ?",
          caller.username(),
          Instant.now(),
          trim(reason, 4000),
          v.id());
      // off everywhere: drop the version from the enablement (and the shadow)
      enablements
          .get(modelId)
          .ifPresent(
              e -> {
                if (version.equals(e.version())) {
                  enablements.delete(modelId);
                } else if (version.equals(e.shadowVersion())) {
                  enablements.put(
                      new Enablement(
                          modelId,
                          e.version(),
                          e.cityWide(),
                          e.districts(),
                          null,
                          List.of(),
                          e.parameters(),
                          caller.username(),
                          null));
                }
              });
      reconcileModel(modelId);
    }
    Set<String> revoked = new HashSet<>();
    for (ModelVersion x : query("SELECT * FROM model_versions WHERE model_id = ?", modelId)) {
      if (x.state().equals(ModelVersion.REVOKED)) {
        revoked.add(x.version());
      }
    }
    int flagged =
        clues.flagRevoked(
            modelId, revoked, "found only by revoked version(s) " + String.join(", ", revoked));
    ModelVersion after = get(v.id()).orElseThrow();
    audit(caller, "model.revoked", after, Map.of("reason", reason, "cluesFlagged", flagged));
    return after;
  }

  // ------------------------------------------------------------------------------ transfer

  @Override
  public byte[] exportPackage(String modelId, String version, User caller) {
    require(caller, "export packages", Role.CITY_ADMIN);
    ModelVersion v = find(modelId, version).orElseThrow(() -> notFound(modelId + " " + version));
    if (!v.state().equals(ModelVersion.APPROVED)) {
      throw new MarketplaceException(
          Kind.CONFLICT, "only an APPROVED version can be exported; this one is " + v.state());
    }
    byte[] jar = artifacts.get(v.sha256()).orElseThrow(() -> notFound("artifact " + v.sha256()));
    Map<String, Object> approval = new LinkedHashMap<>();
    approval.put("modelId", v.modelId());
    approval.put("version", v.version());
    approval.put("sha256", v.sha256());
    approval.put("name", v.name());
    approval.put("authorDistrict", v.authorDistrict());
    approval.put("submittedBy", v.submittedBy());
    approval.put("submittedAt", v.submittedAt().toString());
    approval.put("approvedBy", v.reviewedBy());
    approval.put("approvedAt", v.reviewedAt() == null ? null : v.reviewedAt().toString());
    approval.put("comment", v.reviewComment());
    approval.put("exportedBy", caller.username());
    approval.put("exportedAt", Instant.now().toString());
    approval.put("exportedFrom", packages.fingerprint());
    byte[] descriptor = descriptorBytes(jar);
    byte[] pkg = packages.export(jar, descriptor, json(approval).getBytes(StandardCharsets.UTF_8));
    audit(caller, "model.package.exported", v, Map.of("sha256", v.sha256()));
    return pkg;
  }

  private static byte[] descriptorBytes(byte[] jar) {
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
      String location = in.getManifest().getMainAttributes().getValue(ModelDescriptor.HEADER);
      java.util.jar.JarEntry e;
      while ((e = in.getNextJarEntry()) != null) {
        if (e.getName().equals(location.trim())) {
          return in.readAllBytes();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the descriptor of a stored artifact", e);
    }
    throw new IllegalStateException("a stored artifact has no descriptor");
  }

  @Override
  public ModelVersion importPackage(byte[] pkg, User caller) {
    require(caller, "import packages", Role.CITY_ADMIN);
    TransferPackages.Contents c;
    try {
      c = packages.verify(pkg);
    } catch (TransferPackages.RefusedException e) {
      audit.append(
          new AuditEvent(
              caller.username(),
              caller.district(),
              "model.package.refused",
              "import",
              Map.of("reason", e.getMessage())));
      throw new MarketplaceException(Kind.INVALID, e.getMessage(), Map.of("reason", "package"));
    }
    Map<String, Object> approval;
    try {
      approval = JSON.readValue(c.approval(), new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new MarketplaceException(Kind.INVALID, "the approval record is not JSON");
    }
    ValidationReport report = validate(c.jar(), null, null);
    if (!report.sha256().equals(approval.get("sha256"))
        || !String.valueOf(approval.get("modelId")).equals(report.modelId())
        || !String.valueOf(approval.get("version")).equals(report.modelVersion())) {
      throw new MarketplaceException(
          Kind.INVALID, "the approval record does not match the bundle in the package");
    }
    if (find(report.modelId(), report.modelVersion()).isPresent()) {
      throw new MarketplaceException(
          Kind.CONFLICT,
          "version " + report.modelVersion() + " of '" + report.modelId() + "' is already here");
    }
    if (!report.passed()) {
      throw new MarketplaceException(
          Kind.INVALID,
          "the bundle in the package does not validate here: "
              + report.firstFailure().map(x -> x.check() + ": " + x.message()).orElse(""),
          Map.of("report", report.checks()));
    }
    String author = String.valueOf(approval.getOrDefault("authorDistrict", User.CITY_OFFICE));
    ModelVersion v =
        insert(
            report,
            c.jar().length,
            ModelVersion.APPROVED,
            "IMPORTED",
            author.matches("\\d{6}") ? author : User.CITY_OFFICE,
            String.valueOf(approval.getOrDefault("submittedBy", "unknown")),
            caller.username(),
            trim(
                "imported from installation "
                    + c.signer()
                    + "; approved there by "
                    + approval.get("approvedBy")
                    + " at "
                    + approval.get("approvedAt"),
                4000));
    artifacts.put(c.jar());
    audit(caller, "model.package.imported", v, Map.of("signer", c.signer()));
    return v;
  }

  // ------------------------------------------------------------------------------ enablement

  @Override
  public synchronized Enablement enable(String modelId, EnablementRequest r, User caller) {
    require(caller, "change enablement", Role.CITY_ADMIN);
    List<ModelVersion> versions = query("SELECT * FROM model_versions WHERE model_id = ?", modelId);
    if (versions.isEmpty()) {
      throw notFound("model '" + modelId + "'");
    }
    if (r.version() == null || r.version().isBlank()) {
      throw new MarketplaceException(
          Kind.INVALID, "say which version to enable (version)", Map.of("field", "version"));
    }
    ModelVersion v = approved(versions, r.version());
    ModelVersion shadow = null;
    if (r.shadowVersion() != null) {
      shadow = approved(versions, r.shadowVersion());
      if (shadow.version().equals(v.version())) {
        throw new MarketplaceException(
            Kind.INVALID, "the shadow version must differ from the version in force");
      }
    }
    Set<String> known = new LinkedHashSet<>(districts());
    known.remove(User.CITY_OFFICE);
    Map<String, Boolean> overrides = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : r.districts().entrySet()) {
      if (!known.contains(e.getKey())) {
        problems.add("districts: unknown district " + e.getKey());
      } else if ("on".equals(e.getValue()) || "off".equals(e.getValue())) {
        overrides.put(e.getKey(), "on".equals(e.getValue()));
      } else {
        problems.add("districts." + e.getKey() + ": must be \"on\" or \"off\"");
      }
    }
    for (String d : r.shadowDistricts()) {
      if (!known.contains(d)) {
        problems.add("shadow.districts: unknown district " + d);
      }
    }
    if (shadow == null && !r.shadowDistricts().isEmpty()) {
      problems.add("shadow.districts: given without shadow.version");
    }
    ModelDescriptor descriptor = descriptorOf(v);
    for (Map.Entry<String, Map<String, Object>> e : r.parameters().entrySet()) {
      if (!known.contains(e.getKey())) {
        problems.add("parameters: unknown district " + e.getKey());
        continue;
      }
      try {
        ParameterBinder.bind(descriptor, e.getValue());
      } catch (InvalidParametersException ex) {
        ex.problems()
            .forEach((k, m) -> problems.add("parameters." + e.getKey() + "." + k + ": " + m));
      }
    }
    if (!problems.isEmpty()) {
      throw new MarketplaceException(
          Kind.INVALID, "the enablement is invalid", Map.of("problems", problems));
    }
    Enablement before = enablements.get(modelId).orElse(null);
    // 1. put the bundles in force first: a version that does not start changes nothing
    List<String> done = new ArrayList<>();
    Deployer.Desired main = new Deployer.Desired(modelId, v.version(), v.sha256());
    Deployer.Desired side =
        shadow == null ? null : new Deployer.Desired(modelId, shadow.version(), shadow.sha256());
    try {
      installer.ensure(main).ifPresent(done::add);
      if (side != null) {
        installer.ensure(side).ifPresent(done::add);
      }
    } catch (Deployer.DeployException e) {
      reconcileModel(modelId); // back to what the stored state says
      throw new MarketplaceException(
          Kind.CONFLICT, "version " + v.version() + " cannot be put in force: " + e.getMessage());
    }
    // 2. store the desired state
    Enablement after =
        new Enablement(
            modelId,
            v.version(),
            r.cityWide(),
            overrides,
            shadow == null ? null : shadow.version(),
            r.shadowDistricts(),
            r.parameters(),
            caller.username(),
            null);
    enablements.put(after);
    // enabling again is how a city administrator lifts a quarantine
    var quarantine = enablements.quarantine(modelId);
    if (quarantine.isPresent()) {
      enablements.clearQuarantine(modelId);
      done.add("lifted the quarantine of " + quarantine.get().version());
    }
    // 3. remove what is no longer wanted
    Set<String> keep = new HashSet<>();
    keep.add(main.location());
    if (side != null) {
      keep.add(side.location());
    }
    done.addAll(installer.removeExcept(modelId, keep));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", v.version());
    details.put("previousVersion", before == null ? null : before.version());
    details.put("cityWide", r.cityWide());
    details.put("districts", r.districts());
    if (shadow != null) {
      details.put("shadow", Map.of("version", shadow.version(), "districts", r.shadowDistricts()));
    }
    if (!r.parameters().isEmpty()) {
      details.put("parameters", r.parameters());
    }
    details.put("actions", done);
    audit.append(
        new AuditEvent(
            caller.username(), caller.district(), "model.enablement.set", modelId, details));
    return enablements.get(modelId).orElseThrow();
  }

  private ModelVersion approved(List<ModelVersion> versions, String version) {
    ModelVersion v =
        versions.stream()
            .filter(x -> x.version().equals(version))
            .findFirst()
            .orElseThrow(() -> notFound("version " + version));
    if (!v.state().equals(ModelVersion.APPROVED)) {
      throw new MarketplaceException(
          Kind.CONFLICT,
          "version " + version + " is " + v.state() + "; only APPROVED versions can be enabled");
    }
    return v;
  }

  private ModelDescriptor descriptorOf(ModelVersion v) {
    byte[] jar = artifacts.get(v.sha256()).orElseThrow(() -> notFound("artifact " + v.sha256()));
    try {
      return org.mingjian.sdk.runner.DescriptorReader.read(
          new ByteArrayInputStream(descriptorBytes(jar)));
    } catch (Exception e) {
      throw new IllegalStateException("the stored descriptor of " + v.modelId() + " is invalid", e);
    }
  }

  @Override
  public synchronized void disable(String modelId, User caller) {
    require(caller, "change enablement", Role.CITY_ADMIN);
    if (find(modelId, null).isEmpty()) {
      throw notFound("model '" + modelId + "'");
    }
    boolean had = enablements.delete(modelId);
    List<String> done = installer.removeExcept(modelId, Set.of());
    audit.append(
        new AuditEvent(
            caller.username(),
            caller.district(),
            "model.disabled",
            modelId,
            Map.of("hadEnablement", had, "actions", done)));
  }

  @Override
  public synchronized Enablement rollback(String modelId, User caller) {
    require(caller, "change enablement", Role.CITY_ADMIN);
    if (find(modelId, null).isEmpty()) {
      throw notFound("model '" + modelId + "'");
    }
    Enablement e =
        enablements
            .get(modelId)
            .orElseThrow(
                () -> new MarketplaceException(Kind.CONFLICT, modelId + " is not enabled"));
    org.osgi.framework.Version current = org.osgi.framework.Version.parseVersion(e.version());
    ModelVersion previous =
        query("SELECT * FROM model_versions WHERE model_id = ? AND state = 'APPROVED'", modelId)
            .stream()
            .filter(
                v -> org.osgi.framework.Version.parseVersion(v.version()).compareTo(current) < 0)
            .max(Comparator.comparing(v -> org.osgi.framework.Version.parseVersion(v.version())))
            .orElseThrow(
                () ->
                    new MarketplaceException(
                        Kind.CONFLICT, "no approved version older than " + e.version()));
    Map<String, String> districts = new TreeMap<>();
    e.districts().forEach((k, on) -> districts.put(k, on ? "on" : "off"));
    return enable(
        modelId,
        new EnablementRequest(
            previous.version(), e.cityWide(), districts, null, null, e.parameters()),
        caller);
  }

  @Override
  public synchronized List<String> reconcile() {
    List<String> done = new ArrayList<>();
    Set<String> keep = new HashSet<>();
    for (Enablement e : enablements.all()) {
      if (e.version() == null) {
        continue; // not managed by the marketplace
      }
      for (String version : new String[] {e.version(), e.shadowVersion()}) {
        if (version == null) {
          continue;
        }
        Optional<ModelVersion> v = find(e.modelId(), version);
        if (v.isEmpty() || !v.get().state().equals(ModelVersion.APPROVED)) {
          done.add("skipped " + e.modelId() + " " + version + ": not approved");
          continue;
        }
        Deployer.Desired d = new Deployer.Desired(e.modelId(), version, v.get().sha256());
        keep.add(d.location());
        if (quarantined(e.modelId(), version)) {
          continue; // stays installed and stopped until a city administrator enables it again
        }
        try {
          installer.ensure(d).ifPresent(done::add);
        } catch (Deployer.DeployException ex) {
          done.add("failed " + e.modelId() + " " + version + ": " + ex.getMessage());
        }
      }
    }
    done.addAll(installer.removeExcept(null, keep));
    if (!done.isEmpty()) {
      LOG.info("Reconciled model bundles: {}", done);
    }
    return done;
  }

  private void reconcileModel(String modelId) {
    Set<String> keep = new HashSet<>();
    enablements
        .get(modelId)
        .filter(e -> e.version() != null)
        .ifPresent(
            e -> {
              for (String version : new String[] {e.version(), e.shadowVersion()}) {
                if (version == null) {
                  continue;
                }
                find(modelId, version)
                    .filter(v -> v.state().equals(ModelVersion.APPROVED))
                    .ifPresent(
                        v -> {
                          Deployer.Desired d = new Deployer.Desired(modelId, version, v.sha256());
                          keep.add(d.location());
                          if (quarantined(modelId, version)) {
                            return; // left stopped
                          }
                          try {
                            installer.ensure(d);
                          } catch (Deployer.DeployException ex) {
                            LOG.warn("Cannot restore {} {}: {}", modelId, version, ex.getMessage());
                          }
                        });
              }
            });
    installer.removeExcept(modelId, keep);
  }

  private boolean quarantined(String modelId, String version) {
    return enablements.quarantine(modelId).map(q -> q.version().equals(version)).orElse(false);
  }

  @Override
  public ModelVersion publishBuiltin(byte[] jar) {
    // shipped models are published before any data exists: their contract is checked at run time
    ValidationReport report = validate(jar, null, null, false);
    if (report.modelId() == null) {
      throw new MarketplaceException(
          Kind.INVALID,
          "a shipped model has no readable descriptor: " + report.firstFailure(),
          Map.of("report", report.checks()));
    }
    Optional<ModelVersion> there = find(report.modelId(), report.modelVersion());
    if (there.isPresent()) {
      return there.get();
    }
    if (!report.passed()) {
      throw new MarketplaceException(
          Kind.INVALID,
          "shipped model " + report.modelId() + " fails validation: " + report.firstFailure(),
          Map.of("report", report.checks()));
    }
    artifacts.put(jar);
    ModelVersion v =
        insert(
            report,
            jar.length,
            ModelVersion.APPROVED,
            "BUILTIN",
            User.CITY_OFFICE,
            SYSTEM,
            SYSTEM,
            "shipped with the platform");
    audit.append(
        new AuditEvent(
            SYSTEM,
            User.CITY_OFFICE,
            "model.published",
            v.modelId(),
            Map.of("version", v.version(), "sha256", v.sha256(), "origin", "BUILTIN")));
    return v;
  }

  // ------------------------------------------------------------------------------ certificates

  @Override
  public Optional<String> certificate(String district) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT pem FROM district_certificates WHERE district = ?")) {
            ps.setString(1, district);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  private X509Certificate certificateOf(String district) {
    return certificate(district).map(MarketplaceImpl::parseCertificate).orElse(null);
  }

  static X509Certificate parseCertificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException | ClassCastException e) {
      throw new MarketplaceException(
          Kind.INVALID, "not an X.509 certificate in PEM: " + e.getMessage());
    }
  }

  @Override
  public void setCertificate(String district, String pem, User caller) {
    require(caller, "register certificates", Role.CITY_ADMIN);
    if (!districtExists(district)) {
      throw notFound("district " + district);
    }
    if (pem == null || pem.isBlank() || pem.length() > 20000) {
      throw new MarketplaceException(Kind.INVALID, "send one X.509 certificate in PEM");
    }
    X509Certificate cert = parseCertificate(pem);
    String subject = trim(cert.getSubjectX500Principal().getName(), 1000);
    store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM district_certificates WHERE district = ?")) {
            del.setString(1, district);
            del.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO district_certificates (district, pem, subject, updated_by, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            Jdbc.bind(ps, district, pem.trim(), subject, caller.username(), Instant.now())
                .executeUpdate();
          }
          return null;
        });
    audit.append(
        new AuditEvent(
            caller.username(),
            caller.district(),
            "district.certificate.set",
            district,
            Map.of("subject", subject, "notAfter", cert.getNotAfter().toInstant().toString())));
  }

  // ------------------------------------------------------------------------------ helpers

  /**
   * @param modelId a model
   * @param version a version, or {@code null} for any
   * @return the version in the catalog
   */
  Optional<ModelVersion> find(String modelId, String version) {
    List<ModelVersion> l =
        version == null
            ? query("SELECT * FROM model_versions WHERE model_id = ?", modelId)
            : query(
                "SELECT * FROM model_versions WHERE model_id = ? AND version = ?",
                modelId,
                version);
    return l.stream().findFirst();
  }

  private Optional<ModelVersion> get(String id) {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    return query("SELECT * FROM model_versions WHERE id = ?", id).stream().findFirst();
  }

  private Optional<String> ownerOf(String modelId) {
    return query("SELECT * FROM model_versions WHERE model_id = ? ORDER BY submitted_at", modelId)
        .stream()
        .findFirst()
        .map(ModelVersion::authorDistrict);
  }

  private boolean districtExists(String code) {
    return districts().contains(code);
  }

  private List<String> districts() {
    return store.inTransaction(
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT code FROM districts ORDER BY code");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }

  private List<ModelVersion> query(String sql, Object... args) {
    return store.inTransaction(
        c -> {
          List<ModelVersion> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
          }
          return out;
        });
  }

  private int update(String sql, Object... args) {
    return store.inTransaction(
        (Connection c) -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            return Jdbc.bind(ps, args).executeUpdate();
          }
        });
  }

  private static ModelVersion read(ResultSet rs) throws SQLException {
    try {
      return new ModelVersion(
          rs.getString("id"),
          rs.getString("model_id"),
          rs.getString("version"),
          rs.getString("state"),
          rs.getString("origin"),
          rs.getString("name"),
          rs.getString("supervision_point"),
          rs.getString("business_line"),
          rs.getString("kind"),
          JSON.readValue(rs.getString("datasets"), new TypeReference<List<String>>() {}),
          rs.getString("author_district"),
          rs.getString("submitted_by"),
          Jdbc.instant(rs, "submitted_at"),
          rs.getString("sha256"),
          rs.getLong("size_bytes"),
          rs.getString("symbolic_name"),
          rs.getString("bundle_version"),
          JSON.readValue(rs.getString("report"), new TypeReference<List<Check>>() {}),
          rs.getString("reviewed_by"),
          Jdbc.instant(rs, "reviewed_at"),
          rs.getString("review_comment"),
          rs.getString("revoked_by"),
          Jdbc.instant(rs, "revoked_at"),
          rs.getString("revoke_reason"));
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt model version row: " + e.getMessage(), e);
    }
  }

  private void audit(User caller, String action, ModelVersion v, Map<String, ?> extra) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("version", v.version());
    d.put("submission", v.id());
    d.put("state", v.state());
    d.putAll(extra);
    audit.append(new AuditEvent(caller.username(), caller.district(), action, v.modelId(), d));
  }

  private static void require(User caller, String what, Role... roles) {
    if (!caller.hasAny(roles)) {
      throw forbidden(what);
    }
  }

  private static MarketplaceException forbidden(String what) {
    return new MarketplaceException(Kind.FORBIDDEN, "your roles do not allow you to " + what);
  }

  private static MarketplaceException notFound(String what) {
    return new MarketplaceException(Kind.NOT_FOUND, "no " + what);
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String trim(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  static boolean passed(List<Check> report) {
    return report.stream().noneMatch(c -> c.outcome() == Outcome.FAIL);
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
