package org.mingjian.platform.marketplace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mingjian.sdk.validator.Fixtures.DATASETS;
import static org.mingjian.sdk.validator.Fixtures.DESCRIPTOR_PATH;
import static org.mingjian.sdk.validator.Fixtures.SDK_CAPABILITY;
import static org.mingjian.sdk.validator.Fixtures.SQL;
import static org.mingjian.sdk.validator.Fixtures.SQL_PATH;
import static org.mingjian.sdk.validator.Fixtures.SQL_SECTION;
import static org.mingjian.sdk.validator.Fixtures.descriptor;
import static org.objectweb.asm.Opcodes.INVOKEINTERFACE;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mingjian.platform.audit.internal.AuditLogImpl;
import org.mingjian.platform.clues.internal.ClueStoreImpl;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.internal.DataPoolImpl;
import org.mingjian.platform.marketplace.EnablementRequest;
import org.mingjian.platform.marketplace.MarketplaceException;
import org.mingjian.platform.marketplace.MarketplaceException.Kind;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.runtime.DryRunResult;
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.runtime.RunRecord;
import org.mingjian.platform.runtime.RunState;
import org.mingjian.platform.runtime.internal.EnablementsImpl;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.validator.Classes;
import org.mingjian.sdk.validator.Fixtures;
import org.mingjian.sdk.validator.JarBuilder;

/**
 * The marketplace's rules against a real H2 state store, DuckDB data pool, audit chain and artifact
 * store. Only the OSGi installer is replaced (the Pax Exam tests cover the real one).
 */
class MarketplaceImplTest {
  @TempDir Path home;
  private StateStoreImpl store;
  private AuditLogImpl audit;
  private EnablementsImpl enablements;
  private final FakeInstaller installer = new FakeInstaller();

  static final User CHAOYANG_DEV =
      new User("chaoyang.dev", "110105", EnumSet.of(Role.DISTRICT_PUBLISHER), false);
  static final User HAIDIAN_DEV =
      new User("haidian.dev", "110108", EnumSet.of(Role.DISTRICT_PUBLISHER), false);
  static final User REVIEWER = new User("reviewer", "110000", EnumSet.of(Role.REVIEWER), false);
  static final User ADMIN = new User("admin", "110000", EnumSet.of(Role.CITY_ADMIN), false);

  /** Records what the marketplace asks of the framework; can be told to fail. */
  static final class FakeInstaller implements Installer {
    final List<String> installed = new ArrayList<>();
    final List<String> ensured = new ArrayList<>();
    String failWith;

    @Override
    public Optional<String> ensure(Deployer.Desired d) {
      ensured.add(d.location());
      if (failWith != null) {
        throw new Deployer.DeployException(failWith);
      }
      if (installed.contains(d.location())) {
        return Optional.empty();
      }
      installed.add(d.location());
      return Optional.of("installed " + d.modelId() + " " + d.version());
    }

    @Override
    public Set<String> installed() {
      return Set.copyOf(installed);
    }

    @Override
    public List<String> removeExcept(String modelId, Set<String> keep) {
      List<String> gone = new ArrayList<>();
      installed.removeIf(
          l -> {
            boolean drop =
                (modelId == null || l.startsWith(Deployer.PREFIX + modelId + "/"))
                    && !keep.contains(l);
            if (drop) {
              gone.add(l);
            }
            return drop;
          });
      return gone;
    }

    @Override
    public <T> T withTemporary(byte[] jar, String modelId, Function<Model, T> work) {
      throw new UnsupportedOperationException();
    }
  }

  /** The run engine is not what these tests are about: only counts are asked for. */
  static final class NoRuns implements RunEngine {
    @Override
    public RunRecord submit(String m, String d, Map<String, ?> p, String r) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<RunRecord> get(String id) {
      return Optional.empty();
    }

    @Override
    public List<RunRecord> list(String m, String d, RunState s, int o, int l) {
      return List.of();
    }

    @Override
    public long count(String m, String d, RunState s) {
      return 0;
    }

    @Override
    public boolean cancel(String id) {
      return false;
    }

    @Override
    public DryRunResult dryRun(
        ModelDescriptor d, String sql, Model model, String district, Map<String, ?> p, String r) {
      return new DryRunResult(List.of(), Map.of(), 0, RunState.SUCCEEDED, null);
    }

    @Override
    public Optional<RunRecord> latestShadowRun(String modelId, String district) {
      return Optional.empty();
    }

    @Override
    public RunRecord rerun(String id, String requestedBy) {
      throw new UnsupportedOperationException();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    store = store(home);
    audit = new AuditLogImpl(store, home.resolve("keys"), 0);
    enablements = new EnablementsImpl(store);
  }

  private static StateStoreImpl store(Path home) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:market-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    StateStoreImpl s = new StateStoreImpl(ds, home);
    s.inTransaction(
        c -> {
          for (String code : List.of("110000", "110105", "110108")) {
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO districts (code, name) VALUES (?, ?)")) {
              Jdbc.bind(ps, code, "d" + code).executeUpdate();
            }
          }
          return null;
        });
    return s;
  }

  private MarketplaceImpl marketplace(boolean forbidSameDistrict) throws Exception {
    return marketplace(home, store, forbidSameDistrict, 20L << 20);
  }

  private MarketplaceImpl marketplace(
      Path home, StateStoreImpl store, boolean forbidSameDistrict, long maxBytes) throws Exception {
    DataPoolImpl pool = new DataPoolImpl(store, home.resolve("pool"), "256MB", 1);
    for (Map.Entry<String, Set<String>> d : Fixtures.CATALOGUE.entrySet()) {
      List<ColumnInfo> cols = new ArrayList<>();
      for (String c : d.getValue().stream().sorted().toList()) {
        cols.add(new ColumnInfo(c, "VARCHAR", Sensitivity.INTERNAL));
      }
      if (pool.dataset(d.getKey()).isEmpty()) {
        pool.register(
            new DatasetDefinition(d.getKey(), "test", "test", null, cols.get(0).name(), cols));
      }
    }
    return new MarketplaceImpl(
        store,
        new AuditLogImpl(store, home.resolve("keys"), 0),
        new EnablementsImpl(store),
        new NoRuns(),
        new ClueStoreImpl(store),
        pool,
        new ArtifactStore(home.resolve("artifacts")),
        new TransferPackages(
            home.resolve("keys").resolve("marketplace-ed25519.key"), home.resolve("trusted-keys")),
        installer,
        new MarketplaceImpl.Settings(maxBytes, forbidSameDistrict, "1.0.0"));
  }

  static byte[] sqlModel(String version) {
    return JarBuilder.bundle()
        .header("Bundle-Version", version)
        .header("Require-Capability", SDK_CAPABILITY)
        .entry(DESCRIPTOR_PATH, descriptor("SQL", version, DATASETS, SQL_SECTION))
        .entry(SQL_PATH, SQL)
        .build();
  }

  private long rows(String table) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private long artifacts() throws IOException {
    Path dir = home.resolve("artifacts");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  private long audited(String action) {
    return audit
        .search(new org.mingjian.platform.audit.AuditQuery(null, null, null, action), 0, 500)
        .total();
  }

  // ------------------------------------------------------------------- hostile bundles

  static Stream<Arguments> hostile() {
    byte[] zeros = new byte[8 << 20];
    JarBuilder many = Fixtures.sqlModel();
    for (int i = 0; i < 5001; i++) {
      many.entry("data/" + i + ".txt", "x");
    }
    return Stream.of(
        Arguments.of("not a zip", "plain text".getBytes(), "archive", "zip"),
        Arguments.of(
            "zip bomb",
            Fixtures.sqlModel().entry("bomb.bin", zeros).build(),
            "archive",
            "zip bomb"),
        Arguments.of("too many entries", many.build(), "archive", "entries"),
        Arguments.of(
            "parent path", Fixtures.sqlModel().entry("../evil.txt", "x").build(), "archive", ".."),
        Arguments.of(
            "absolute path",
            Fixtures.sqlModel().entry("/etc/cron.d/x", "x").build(),
            "archive",
            "absolute"),
        Arguments.of(
            "duplicate entry",
            Fixtures.sqlModel().entry(SQL_PATH, "SELECT 1").build(),
            "archive",
            "duplicate"),
        Arguments.of(
            "no manifest", Fixtures.sqlModel().noManifest().build(), "manifest", "MANIFEST"),
        Arguments.of(
            "no symbolic name",
            Fixtures.sqlModel().header("Bundle-SymbolicName", null).build(),
            "manifest",
            "Bundle-SymbolicName"),
        Arguments.of(
            "bad version",
            Fixtures.sqlModel().header("Bundle-Version", "one.two").build(),
            "manifest",
            "Bundle-Version"),
        Arguments.of(
            "newer SDK",
            Fixtures.sqlModel()
                .header("Require-Capability", "mingjian.sdk;filter:=\"(mingjian.sdk>=2.0)\"")
                .build(),
            "sdk-range",
            "1.0.0"),
        Arguments.of(
            "descriptor version differs",
            JarBuilder.bundle()
                .header("Bundle-Version", "1.2.0")
                .header("Require-Capability", SDK_CAPABILITY)
                .entry(DESCRIPTOR_PATH, descriptor("SQL", "1.0.0", DATASETS, SQL_SECTION))
                .entry(SQL_PATH, SQL)
                .build(),
            "descriptor",
            "1.2.0"),
        Arguments.of(
            "unknown dataset",
            JarBuilder.bundle()
                .header("Require-Capability", SDK_CAPABILITY)
                .entry(
                    DESCRIPTOR_PATH,
                    descriptor(
                        "SQL",
                        "1.0.0",
                        "[{\"name\": \"tax_secrets\", \"columns\": [\"id\"]}]",
                        SQL_SECTION.replace("judgments", "tax_secrets")))
                .entry(SQL_PATH, "SELECT id FROM tax_secrets")
                .build(),
            "data-contract",
            "tax_secrets"),
        Arguments.of(
            "undeclared table",
            Fixtures.sqlModel("SELECT j.case_no FROM judgments j JOIN users u ON 1 = 1").build(),
            "sql",
            "users"),
        Arguments.of(
            "not a select", Fixtures.sqlModel("DROP TABLE judgments").build(), "sql", "SELECT"),
        Arguments.of(
            "process execution",
            Fixtures.javaModelWith(
                mv -> {
                  Classes.call(
                      mv, INVOKESTATIC, "java/lang/Runtime", "getRuntime", "()Ljava/lang/Runtime;");
                  mv.visitLdcInsn("rm -rf /");
                  Classes.call(
                      mv,
                      INVOKEVIRTUAL,
                      "java/lang/Runtime",
                      "exec",
                      "(Ljava/lang/String;)Ljava/lang/Process;");
                  mv.visitInsn(org.objectweb.asm.Opcodes.POP);
                }),
            "bytecode",
            "Runtime.exec"),
        Arguments.of(
            "socket",
            Fixtures.javaModelWith(
                mv -> {
                  mv.visitTypeInsn(org.objectweb.asm.Opcodes.NEW, "java/net/Socket");
                  mv.visitInsn(org.objectweb.asm.Opcodes.DUP);
                  Classes.call(mv, INVOKESPECIAL, "java/net/Socket", "<init>", "()V");
                  mv.visitInsn(org.objectweb.asm.Opcodes.POP);
                }),
            "bytecode",
            "java/net/Socket"),
        Arguments.of(
            "System.exit",
            Fixtures.javaModelWith(
                mv -> {
                  mv.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
                  Classes.call(mv, INVOKESTATIC, "java/lang/System", "exit", "(I)V");
                }),
            "bytecode",
            "System.exit"),
        Arguments.of(
            "file write",
            Fixtures.javaModelWith(
                mv -> {
                  mv.visitTypeInsn(org.objectweb.asm.Opcodes.NEW, "java/io/FileOutputStream");
                  mv.visitInsn(org.objectweb.asm.Opcodes.DUP);
                  mv.visitLdcInsn("/tmp/x");
                  Classes.call(
                      mv,
                      INVOKESPECIAL,
                      "java/io/FileOutputStream",
                      "<init>",
                      "(Ljava/lang/String;)V");
                  mv.visitInsn(org.objectweb.asm.Opcodes.POP);
                }),
            "bytecode",
            "FileOutputStream"),
        Arguments.of(
            "OSGi framework",
            Fixtures.javaModelWith(
                mv -> {
                  mv.visitInsn(org.objectweb.asm.Opcodes.ACONST_NULL);
                  Classes.call(
                      mv,
                      INVOKEINTERFACE,
                      "org/osgi/framework/BundleContext",
                      "getBundles",
                      "()[Lorg/osgi/framework/Bundle;");
                  mv.visitInsn(org.objectweb.asm.Opcodes.POP);
                }),
            "bytecode",
            "org/osgi/framework"),
        Arguments.of(
            "unparseable class",
            Fixtures.javaModel().entry("org/example/model/Broken.class", "not bytecode").build(),
            "bytecode",
            "Broken"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void hostileBundlesAreRefusedWithTheirReasonAndNothingIsStored(
      String name, byte[] jar, String check, String phrase) throws Exception {
    MarketplaceImpl m = marketplace(false);
    long refusals = audited("model.submission.refused");
    MarketplaceException e =
        assertThrows(MarketplaceException.class, () -> m.submit(jar, null, CHAOYANG_DEV));
    assertEquals(Kind.INVALID, e.kind(), e.getMessage());
    @SuppressWarnings("unchecked")
    List<org.mingjian.sdk.validator.Check> report =
        (List<org.mingjian.sdk.validator.Check>) e.details().get("report");
    var failure =
        report.stream()
            .filter(c -> c.outcome() == org.mingjian.sdk.validator.Outcome.FAIL)
            .findFirst()
            .orElseThrow();
    assertEquals(check, failure.check(), report.toString());
    assertTrue(
        failure.message().toLowerCase().contains(phrase.toLowerCase()),
        failure.message() + " should mention " + phrase);
    assertEquals(0, rows("model_versions"), "nothing stored");
    assertEquals(0, artifacts(), "no artifact written");
    assertEquals(refusals + 1, audited("model.submission.refused"), "the refusal is audited");
  }

  @Test
  void tooLargeEmptyAndWrongRoleAreRefusedBeforeValidation() throws Exception {
    MarketplaceImpl m = marketplace(home, store, false, 1000);
    assertEquals(
        Kind.TOO_LARGE,
        assertThrows(
                MarketplaceException.class, () -> m.submit(sqlModel("1.0.0"), null, CHAOYANG_DEV))
            .kind());
    assertEquals(
        Kind.MALFORMED,
        assertThrows(MarketplaceException.class, () -> m.submit(new byte[0], null, CHAOYANG_DEV))
            .kind());
    assertEquals(
        Kind.FORBIDDEN,
        assertThrows(MarketplaceException.class, () -> m.submit(sqlModel("1.0.0"), null, REVIEWER))
            .kind());
    assertEquals(0, rows("model_versions"));
  }

  // ------------------------------------------------------------------- submission and review

  @Test
  void aValidBundleIsStoredByContentAndDuplicatesAndForeignModelsAreRefused() throws Exception {
    MarketplaceImpl m = marketplace(false);
    byte[] jar = sqlModel("1.0.0");
    ModelVersion v = m.submit(jar, null, CHAOYANG_DEV);
    assertEquals("VALIDATED", v.state());
    assertEquals("example-model", v.modelId());
    assertEquals("110105", v.authorDistrict());
    assertEquals(ArtifactStore.sha256(jar), v.sha256());
    assertTrue(Files.exists(home.resolve("artifacts").resolve(v.sha256() + ".jar")));
    assertEquals(8, v.report().size());

    // the same version again, from any district: 409 before ownership
    assertEquals(
        Kind.CONFLICT,
        assertThrows(MarketplaceException.class, () -> m.submit(jar, null, HAIDIAN_DEV)).kind());
    // a new version of Chaoyang's model from Haidian: 403
    MarketplaceException foreign =
        assertThrows(
            MarketplaceException.class, () -> m.submit(sqlModel("1.1.0"), null, HAIDIAN_DEV));
    assertEquals(Kind.FORBIDDEN, foreign.kind());
    assertTrue(foreign.getMessage().contains("110105"));
    assertEquals(1, rows("model_versions"));
    // Haidian's publisher sees none of Chaoyang's submissions; Chaoyang's sees its own
    assertEquals(List.of(), m.submissions(null, HAIDIAN_DEV));
    assertEquals(1, m.submissions(null, CHAOYANG_DEV).size());
    assertEquals(
        Kind.FORBIDDEN,
        assertThrows(MarketplaceException.class, () -> m.submission(v.id(), HAIDIAN_DEV)).kind());
  }

  @Test
  void fourEyesReviewAndItsSettingForTheSameDistrict() throws Exception {
    User both =
        new User(
            "chaoyang.lead", "110105", EnumSet.of(Role.DISTRICT_PUBLISHER, Role.REVIEWER), false);
    User chaoyangReviewer = new User("chaoyang.rev", "110105", EnumSet.of(Role.REVIEWER), false);
    MarketplaceImpl strict = marketplace(true);
    ModelVersion v = strict.submit(sqlModel("1.0.0"), null, both);
    MarketplaceException own =
        assertThrows(MarketplaceException.class, () -> strict.approve(v.id(), "mine", both));
    assertEquals(Kind.FORBIDDEN, own.kind());
    assertTrue(own.getMessage().contains("own submission"));
    assertEquals(
        Kind.FORBIDDEN,
        assertThrows(
                MarketplaceException.class,
                () -> strict.approve(v.id(), "same district", chaoyangReviewer))
            .kind());
    assertEquals(
        Kind.INVALID,
        assertThrows(MarketplaceException.class, () -> strict.reject(v.id(), " ", REVIEWER))
            .kind());
    ModelVersion approved = strict.approve(v.id(), "checked the legal basis", REVIEWER);
    assertEquals("APPROVED", approved.state());
    assertEquals("reviewer", approved.reviewedBy());
    assertEquals(
        Kind.CONFLICT,
        assertThrows(MarketplaceException.class, () -> strict.reject(v.id(), "late", REVIEWER))
            .kind());
    assertEquals(1, audited("model.approved"));
  }

  // ------------------------------------------------------------------- enablement

  @Test
  void enablementNeedsAnApprovedVersionAndValidDistrictsAndParameters() throws Exception {
    MarketplaceImpl m = marketplace(false);
    ModelVersion v = m.submit(sqlModel("1.0.0"), null, CHAOYANG_DEV);
    EnablementRequest on = new EnablementRequest("1.0.0", true, Map.of(), null, null, null);
    assertEquals(
        Kind.CONFLICT,
        assertThrows(MarketplaceException.class, () -> m.enable("example-model", on, ADMIN)).kind(),
        "not approved yet");
    m.approve(v.id(), "ok", REVIEWER);
    assertEquals(
        Kind.FORBIDDEN,
        assertThrows(MarketplaceException.class, () -> m.enable("example-model", on, REVIEWER))
            .kind());
    MarketplaceException bad =
        assertThrows(
            MarketplaceException.class,
            () ->
                m.enable(
                    "example-model",
                    new EnablementRequest(
                        "1.0.0",
                        false,
                        Map.of("999999", "on", "110105", "maybe"),
                        null,
                        List.of("110108"),
                        Map.of("110105", Map.of("minAmount", "lots"))),
                    ADMIN));
    assertEquals(Kind.INVALID, bad.kind());
    String problems = bad.details().get("problems").toString();
    assertTrue(problems.contains("999999"), problems);
    assertTrue(problems.contains("110105: must be"), problems);
    assertTrue(problems.contains("shadow.districts"), problems);
    assertTrue(problems.contains("minAmount"), problems);
    assertEquals(List.of(), installer.installed, "nothing installed for an invalid request");

    var en =
        m.enable(
            "example-model",
            new EnablementRequest(
                "1.0.0",
                false,
                Map.of("110105", "on"),
                null,
                null,
                Map.of("110105", Map.of("minAmount", 5000))),
            ADMIN);
    assertTrue(en.enabledIn("110105"));
    assertTrue(!en.enabledIn("110108"));
    assertEquals(Map.of("minAmount", 5000), en.parametersFor("110105"));
    assertEquals(1, installer.installed.size());

    // a version that cannot be put in force changes nothing
    ModelVersion v2 = m.submit(sqlModel("1.1.0"), null, CHAOYANG_DEV);
    m.approve(v2.id(), "ok", REVIEWER);
    installer.failWith = "the bundle does not resolve";
    MarketplaceException broken =
        assertThrows(
            MarketplaceException.class,
            () ->
                m.enable(
                    "example-model",
                    new EnablementRequest("1.1.0", true, Map.of(), null, null, null),
                    ADMIN));
    assertEquals(Kind.CONFLICT, broken.kind());
    assertTrue(broken.getMessage().contains("does not resolve"));
    assertEquals("1.0.0", enablements.get("example-model").orElseThrow().version());
    installer.failWith = null;

    // upgrade, then roll back in one call
    m.enable(
        "example-model", new EnablementRequest("1.1.0", true, Map.of(), null, null, null), ADMIN);
    assertEquals(1, installer.installed.size());
    assertTrue(installer.installed.get(0).contains("/1.1.0/"));
    assertEquals("1.0.0", m.rollback("example-model", ADMIN).version());
    assertTrue(installer.installed.get(0).contains("/1.0.0/"));
    assertEquals(
        Kind.CONFLICT,
        assertThrows(MarketplaceException.class, () -> m.rollback("example-model", ADMIN)).kind(),
        "nothing older than 1.0.0");

    // revoke: off everywhere, uninstalled
    m.revoke("example-model", "1.0.0", "wrong rule", ADMIN);
    assertTrue(enablements.get("example-model").isEmpty());
    assertEquals(List.of(), installer.installed);
    assertEquals(
        Kind.INVALID,
        assertThrows(
                MarketplaceException.class, () -> m.revoke("example-model", "1.1.0", "", ADMIN))
            .kind());
  }

  @Test
  void theReconcilerLeavesAQuarantinedVersionStoppedUntilItIsEnabledAgain() throws Exception {
    MarketplaceImpl m = marketplace(false);
    ModelVersion v = m.submit(sqlModel("1.0.0"), null, CHAOYANG_DEV);
    m.approve(v.id(), "ok", REVIEWER);
    EnablementRequest on = new EnablementRequest("1.0.0", true, Map.of(), null, null, null);
    m.enable("example-model", on, ADMIN);
    String location = installer.installed.get(0);
    enablements.quarantine(
        new org.mingjian.platform.runtime.Quarantine(
            "example-model", "1.0.0", "ignored its time limit", "run-1", null));
    installer.ensured.clear();
    var listed = m.model("example-model").orElseThrow().quarantine();
    assertEquals("ignored its time limit", listed.reason(), "the catalog says why");
    assertEquals("1.0.0", listed.version());
    assertEquals(listed, m.catalog(null, null, null).get(0).quarantine(), "the list says so too");

    m.reconcile();
    assertEquals(List.of(), installer.ensured, "a quarantined bundle is not started again");
    assertEquals(List.of(location), installer.installed, "nor uninstalled");

    m.enable("example-model", on, ADMIN);
    assertEquals(List.of(location), installer.ensured, "enabling again starts it");
    assertTrue(enablements.quarantine("example-model").isEmpty());
    assertNull(m.model("example-model").orElseThrow().quarantine());
    assertNull(m.catalog(null, null, null).get(0).quarantine());
    installer.ensured.clear();
    m.reconcile();
    assertEquals(List.of(location), installer.ensured);
  }

  // ------------------------------------------------------------------- certificates

  @Test
  void aDistrictWithACertificateMustSignItsJars() throws Exception {
    MarketplaceImpl m = marketplace(false);
    assertEquals(
        Kind.INVALID,
        assertThrows(
                MarketplaceException.class,
                () -> m.setCertificate("110105", "-----BEGIN CERTIFICATE-----\nxx\n", ADMIN))
            .kind());
    Path ks = home.resolve("chaoyang.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "chaoyang",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Chaoyang procuratorate",
        "-validity",
        "30",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-storetype",
        "PKCS12");
    String pem =
        keytool(
            "-exportcert",
            "-rfc",
            "-alias",
            "chaoyang",
            "-keystore",
            ks.toString(),
            "-storepass",
            "changeit");
    m.setCertificate("110105", pem, ADMIN);
    assertTrue(m.certificate("110105").orElseThrow().contains("BEGIN CERTIFICATE"));

    byte[] unsigned = sqlModel("1.0.0");
    MarketplaceException e =
        assertThrows(MarketplaceException.class, () -> m.submit(unsigned, null, CHAOYANG_DEV));
    assertEquals(Kind.INVALID, e.kind());
    assertTrue(e.getMessage().contains("signature"), e.getMessage());

    Path jar = home.resolve("model.jar");
    Files.write(jar, unsigned);
    run(
        Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString(),
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-storetype",
        "PKCS12",
        jar.toString(),
        "chaoyang");
    ModelVersion v = m.submit(Files.readAllBytes(jar), null, CHAOYANG_DEV);
    assertEquals("VALIDATED", v.state());
    // Haidian has no certificate: unsigned jars are fine there
    assertNotNull(
        m.submit(
            JarBuilder.bundle()
                .header("Bundle-SymbolicName", "org.example.haidian")
                .header("Require-Capability", SDK_CAPABILITY)
                .entry(
                    DESCRIPTOR_PATH,
                    descriptor("SQL", "1.0.0", DATASETS, SQL_SECTION)
                        .replace("example-model", "haidian-model"))
                .entry(SQL_PATH, SQL)
                .build(),
            null,
            HAIDIAN_DEV));
    assertEquals(1, audited("district.certificate.set"));
  }

  private static String keytool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    return run(cmd);
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  // ------------------------------------------------------------------- transfer packages

  @Test
  void aPackageMovesAnApprovedVersionToATrustingInstallationOnly() throws Exception {
    MarketplaceImpl source = marketplace(false);
    ModelVersion v = source.submit(sqlModel("1.0.0"), null, CHAOYANG_DEV);
    assertEquals(
        Kind.CONFLICT,
        assertThrows(
                MarketplaceException.class,
                () -> source.exportPackage("example-model", "1.0.0", ADMIN))
            .kind(),
        "only approved versions travel");
    source.approve(v.id(), "ok", REVIEWER);
    byte[] pkg = source.exportPackage("example-model", "1.0.0", ADMIN);

    Path otherHome = home.resolve("other");
    Files.createDirectories(otherHome);
    StateStoreImpl otherStore = store(otherHome);
    MarketplaceImpl target = marketplace(otherHome, otherStore, false, 20L << 20);
    MarketplaceException untrusted =
        assertThrows(MarketplaceException.class, () -> target.importPackage(pkg, ADMIN));
    assertEquals(Kind.INVALID, untrusted.kind());
    assertTrue(untrusted.getMessage().contains("trust"), untrusted.getMessage());

    Files.createDirectories(otherHome.resolve("trusted-keys"));
    Files.writeString(
        otherHome.resolve("trusted-keys").resolve("source.pem"),
        new TransferPackages(
                home.resolve("keys").resolve("marketplace-ed25519.key"),
                home.resolve("trusted-keys"))
            .publicKeyPem());
    byte[] tampered = pkg.clone();
    tampered[tampered.length / 2] ^= 0x5a;
    assertEquals(
        Kind.INVALID,
        assertThrows(MarketplaceException.class, () -> target.importPackage(tampered, ADMIN))
            .kind());
    ModelVersion imported = target.importPackage(pkg, ADMIN);
    assertEquals("APPROVED", imported.state());
    assertEquals("IMPORTED", imported.origin());
    assertEquals(v.sha256(), imported.sha256());
    assertTrue(imported.reviewComment().contains("reviewer"));
    assertEquals(
        Kind.CONFLICT,
        assertThrows(MarketplaceException.class, () -> target.importPackage(pkg, ADMIN)).kind());
  }

  @Test
  void shippedModelsArePublishedOnceAsTheCityOfficesAndCannotBeResubmitted() throws Exception {
    MarketplaceImpl m = marketplace(false);
    byte[] jar = sqlModel("1.0.0");
    ModelVersion v = m.publishBuiltin(jar);
    assertEquals("APPROVED", v.state());
    assertEquals("BUILTIN", v.origin());
    assertEquals("110000", v.authorDistrict());
    assertEquals(v.id(), m.publishBuiltin(jar).id(), "idempotent at every start");
    assertEquals(
        Kind.CONFLICT,
        assertThrows(MarketplaceException.class, () -> m.submit(jar, null, CHAOYANG_DEV)).kind());
    assertEquals(
        Kind.FORBIDDEN,
        assertThrows(
                MarketplaceException.class, () -> m.submit(sqlModel("1.1.0"), null, CHAOYANG_DEV))
            .kind(),
        "the city office's model");
    var catalog = m.catalog("example", "CIVIL", null);
    assertEquals(1, catalog.size());
    assertEquals(List.of(), m.catalog("no such text", null, null));
    assertEquals(List.of(), m.catalog(null, null, "110105"), "not enabled anywhere yet");
  }
}
