package org.mingjian.sdk.validator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.model.ModelException;
import org.mingjian.sdk.runner.DescriptorException;
import org.mingjian.sdk.runner.DescriptorReader;
import org.mingjian.sdk.runner.SqlGuard;
import org.mingjian.sdk.validator.internal.BytecodeScanner;
import org.mingjian.sdk.validator.internal.JarSignatures;
import org.mingjian.sdk.validator.internal.JarSignatures.JarSignature;
import org.mingjian.sdk.validator.internal.ManifestHeaders;
import org.mingjian.sdk.validator.internal.ManifestHeaders.Clause;
import org.mingjian.sdk.validator.internal.ZipArchive;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * Validates a model bundle the way the marketplace does before accepting it. Every check gives
 * exactly one {@link Check}, in this order: {@value #ARCHIVE}, {@value #MANIFEST}, {@value
 * #SDK_RANGE}, {@value #DESCRIPTOR}, {@value #DATA_CONTRACT}, {@value #SQL}, {@value #BYTECODE},
 * {@value #SIGNATURE}. A check that an earlier failure makes meaningless is {@link Outcome#SKIP}.
 *
 * <p>Nothing in the jar is executed or class-loaded; the validator is safe to run on hostile input
 * and needs no OSGi framework (only {@code org.osgi:osgi.core} on the class path).
 */
public final class BundleValidator {
  /** Archive safety: zip structure, sizes, entry names. */
  public static final String ARCHIVE = "archive";

  /** OSGi manifest headers. */
  public static final String MANIFEST = "manifest";

  /** The SDK versions the bundle accepts include the running one. */
  public static final String SDK_RANGE = "sdk-range";

  /** The model descriptor. */
  public static final String DESCRIPTOR = "descriptor";

  /** Declared datasets and columns exist in the district. */
  public static final String DATA_CONTRACT = "data-contract";

  /** The SQL of a SQL-only model. */
  public static final String SQL = "sql";

  /** Forbidden APIs in the classes. */
  public static final String BYTECODE = "bytecode";

  /** JAR or detached signature. */
  public static final String SIGNATURE = "signature";

  /** The manifest header by which a SQL-only model states its SDK range. */
  public static final String SDK_NAMESPACE = "mingjian.sdk";

  private static final List<String> FORBIDDEN_IMPORTS =
      List.of(
          "org.osgi.framework",
          "org.apache.felix",
          "org.apache.karaf",
          "org.mingjian.platform",
          "org.mingjian.sdk.runner",
          "sun.",
          "jdk.internal");

  private static final String MODEL_PACKAGE = "org.mingjian.sdk.model";
  private static final String DESCRIPTOR_PACKAGE = "org.mingjian.sdk.descriptor";

  private BundleValidator() {}

  /**
   * @param jar the bundle bytes
   * @param detachedSignature a signature over exactly {@code jar}, or {@code null}
   * @param ctx the running SDK version, the district's datasets and certificate, the limits
   * @return the report; {@link ValidationReport#passed()} tells whether to accept the bundle
   */
  public static ValidationReport validate(
      byte[] jar, byte[] detachedSignature, ValidationContext ctx) {
    return new Run(jar == null ? new byte[0] : jar, detachedSignature, ctx).run();
  }

  /** The state of one validation. */
  private static final class Run {
    private final byte[] jar;
    private final byte[] detached;
    private final ValidationContext ctx;
    private final List<Check> checks = new ArrayList<>();

    private ZipArchive archive;
    private Manifest manifest;
    private String symbolicName;
    private String bundleVersionText;
    private Version bundleVersion;
    private String descriptorLocation;
    private ModelDescriptor descriptor;
    private List<String> descriptorProblems;
    private boolean descriptorUsable = true;
    private String sql;

    Run(byte[] jar, byte[] detached, ValidationContext ctx) {
      this.jar = jar;
      this.detached = detached;
      this.ctx = ctx;
    }

    ValidationReport run() {
      add(ARCHIVE, archive());
      add(MANIFEST, archive == null ? skip("the archive was refused") : manifest());
      readDescriptor();
      add(SDK_RANGE, manifest == null ? skip("no readable manifest") : sdkRange());
      add(DESCRIPTOR, descriptorCheck());
      boolean usable = descriptor != null && descriptorUsable;
      add(DATA_CONTRACT, usable ? dataContract() : skip("no valid descriptor"));
      add(SQL, usable ? sql() : skip("no valid descriptor"));
      add(BYTECODE, archive == null ? skip("the archive was refused") : bytecode());
      add(SIGNATURE, archive == null ? skip("the archive was refused") : signature());
      return new ValidationReport(
          checks,
          descriptor,
          symbolicName,
          bundleVersionText,
          descriptor == null ? null : descriptor.id(),
          descriptor == null ? null : descriptor.version(),
          sha256(jar),
          sql);
    }

    private void add(String name, Result r) {
      checks.add(new Check(name, r.outcome(), r.message()));
    }

    // ---- archive -------------------------------------------------------------------------

    private Result archive() {
      try {
        archive = ZipArchive.read(jar, ctx.limits());
      } catch (ZipArchive.ZipProblem e) {
        return fail(e.getMessage());
      }
      byte[] mf = archive.entries().get("META-INF/MANIFEST.MF");
      if (mf != null) {
        try {
          String cp =
              new Manifest(new ByteArrayInputStream(mf))
                  .getMainAttributes()
                  .getValue("Bundle-ClassPath");
          for (Clause c : ManifestHeaders.parse(cp)) {
            for (String p : c.paths()) {
              if (!p.equals(".")) {
                archive = null;
                return fail(
                    "Bundle-ClassPath names '"
                        + p
                        + "'; only '.' is allowed (no nested jars or folders)");
              }
            }
          }
        } catch (IOException | IllegalArgumentException e) {
          // reported by the manifest check
        }
      }
      long files = archive.entries().keySet().stream().filter(n -> !n.endsWith("/")).count();
      return pass(files + " files, " + jar.length + " bytes");
    }

    // ---- manifest ------------------------------------------------------------------------

    private Result manifest() {
      byte[] mf = archive.entries().get("META-INF/MANIFEST.MF");
      if (mf == null) {
        return fail("META-INF/MANIFEST.MF is missing; a model must be an OSGi bundle");
      }
      try {
        manifest = new Manifest(new ByteArrayInputStream(mf));
      } catch (IOException | RuntimeException e) {
        return fail("META-INF/MANIFEST.MF cannot be read: " + e.getMessage());
      }
      Attributes a = manifest.getMainAttributes();
      List<String> problems = new ArrayList<>();
      if (!"2".equals(trim(a.getValue("Bundle-ManifestVersion")))) {
        problems.add(
            "Bundle-ManifestVersion must be 2 (found "
                + a.getValue("Bundle-ManifestVersion")
                + ")");
      }
      String bsn = trim(a.getValue("Bundle-SymbolicName"));
      if (bsn == null || bsn.isEmpty()) {
        problems.add("Bundle-SymbolicName is missing");
      } else {
        symbolicName = bsn.split(";")[0].trim();
      }
      bundleVersionText = trim(a.getValue("Bundle-Version"));
      if (bundleVersionText == null) {
        problems.add("Bundle-Version is missing");
      } else {
        try {
          bundleVersion = Version.parseVersion(bundleVersionText);
        } catch (IllegalArgumentException e) {
          problems.add(
              "Bundle-Version '"
                  + bundleVersionText
                  + "' is not an OSGi version (major.minor.micro.qualifier)");
        }
      }
      String model = trim(a.getValue(ModelDescriptor.HEADER));
      if (model == null) {
        problems.add(
            ModelDescriptor.HEADER
                + " header is missing (it names the descriptor, usually "
                + ModelDescriptor.DEFAULT_LOCATION
                + ")");
      } else if (!archive.entries().containsKey(model)) {
        problems.add(ModelDescriptor.HEADER + " names '" + model + "', which is not in the jar");
      } else {
        descriptorLocation = model;
      }
      for (String h : List.of("Bundle-NativeCode", "DynamicImport-Package", "Fragment-Host")) {
        if (a.getValue(h) != null) {
          problems.add(h + " is not allowed in a model bundle");
        }
      }
      try {
        for (Clause c : ManifestHeaders.parse(a.getValue("Import-Package"))) {
          for (String p : c.paths()) {
            for (String f : FORBIDDEN_IMPORTS) {
              if (p.startsWith(f)) {
                problems.add("Import-Package " + p + " is not allowed (platform or JDK internals)");
                break;
              }
            }
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add("Import-Package cannot be parsed: " + e.getMessage());
      }
      if (!problems.isEmpty()) {
        return fail("META-INF/MANIFEST.MF: " + String.join("; ", problems));
      }
      return pass(symbolicName + " " + bundleVersionText);
    }

    // ---- sdk-range -----------------------------------------------------------------------

    private Result sdkRange() {
      Version sdk;
      try {
        sdk = Version.parseVersion(ctx.sdkVersion());
      } catch (IllegalArgumentException e) {
        return fail("the platform's SDK version '" + ctx.sdkVersion() + "' is not a version");
      }
      Attributes a = manifest.getMainAttributes();
      List<String> accepted = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      boolean importsModel = false;
      boolean declares = false;
      try {
        for (Clause c : ManifestHeaders.parse(a.getValue("Require-Capability"))) {
          if (!c.paths().contains(SDK_NAMESPACE)) {
            continue;
          }
          declares = true;
          String filter = c.directives().get("filter");
          if (filter == null) {
            warnings.add(
                "Require-Capability " + SDK_NAMESPACE + " has no filter (any SDK version)");
            continue;
          }
          try {
            Filter f = FrameworkUtil.createFilter(filter);
            if (f.matches(Map.of(SDK_NAMESPACE, sdk))) {
              accepted.add("capability " + filter);
            } else {
              problems.add("Require-Capability " + filter + " does not accept SDK " + sdk);
            }
          } catch (InvalidSyntaxException e) {
            problems.add("Require-Capability filter " + filter + " is invalid: " + e.getMessage());
          }
        }
        for (Clause c : ManifestHeaders.parse(a.getValue("Import-Package"))) {
          for (String p : c.paths()) {
            if (!p.equals(MODEL_PACKAGE) && !p.equals(DESCRIPTOR_PACKAGE)) {
              continue;
            }
            declares = true;
            importsModel |= p.equals(MODEL_PACKAGE);
            String range = c.attributes().get("version");
            if (range == null) {
              warnings.add("Import-Package " + p + " has no version range (any SDK version)");
              continue;
            }
            try {
              if (VersionRange.valueOf(range).includes(sdk)) {
                accepted.add(p + " " + range);
              } else {
                problems.add(
                    "Import-Package "
                        + p
                        + ";version=\""
                        + range
                        + "\" does not accept SDK "
                        + sdk);
              }
            } catch (IllegalArgumentException e) {
              problems.add("Import-Package " + p + " has an invalid version range '" + range + "'");
            }
          }
        }
      } catch (IllegalArgumentException e) {
        return fail("the manifest headers cannot be parsed: " + e.getMessage());
      }
      boolean javaModel =
          descriptor != null
              ? descriptor.kind() == ModelKind.JAVA
              : archive.entries().keySet().stream().anyMatch(n -> n.endsWith(".class"));
      if (!declares) {
        problems.add(
            "the bundle declares no SDK range: a Java model imports "
                + MODEL_PACKAGE
                + " with a version range, a SQL model requires the capability "
                + SDK_NAMESPACE
                + " with a filter");
      } else if (javaModel && !importsModel) {
        problems.add("a Java model must import " + MODEL_PACKAGE);
      }
      if (!problems.isEmpty()) {
        return fail(String.join("; ", problems));
      }
      if (!warnings.isEmpty()) {
        return warn(String.join("; ", warnings));
      }
      return pass("SDK " + sdk + " accepted by " + String.join(", ", accepted));
    }

    // ---- descriptor ----------------------------------------------------------------------

    private void readDescriptor() {
      if (descriptorLocation == null) {
        return;
      }
      try {
        descriptor =
            DescriptorReader.read(
                new ByteArrayInputStream(archive.entries().get(descriptorLocation)));
      } catch (DescriptorException e) {
        descriptorProblems = e.problems();
      }
    }

    private Result descriptorCheck() {
      if (descriptorLocation == null) {
        return skip(
            archive == null || manifest == null
                ? "no readable manifest"
                : "the manifest names no descriptor in the jar");
      }
      if (descriptor == null) {
        return fail(descriptorLocation + ": " + String.join("; ", descriptorProblems));
      }
      if (bundleVersion != null) {
        String v =
            bundleVersion.getMajor()
                + "."
                + bundleVersion.getMinor()
                + "."
                + bundleVersion.getMicro();
        if (!v.equals(descriptor.version())) {
          descriptorUsable = false; // later checks are meaningless for a mismatched bundle
          return fail(
              descriptorLocation
                  + ": version "
                  + descriptor.version()
                  + " differs from Bundle-Version "
                  + bundleVersionText
                  + " (they must agree on major.minor.micro)");
        }
      }
      return pass(descriptor.id() + " " + descriptor.version() + " (" + descriptor.kind() + ")");
    }

    // ---- data-contract -------------------------------------------------------------------

    private Result dataContract() {
      if (ctx.datasetColumns() == null) {
        return skip("no dataset catalogue given");
      }
      List<String> missing = new ArrayList<>();
      for (DatasetContract d : descriptor.datasets()) {
        Optional<Set<String>> columns = ctx.datasetColumns().apply(d.name());
        if (columns == null || columns.isEmpty()) {
          missing.add("dataset '" + d.name() + "' does not exist");
          continue;
        }
        List<String> cols = d.columns().stream().filter(c -> !columns.get().contains(c)).toList();
        if (!cols.isEmpty()) {
          missing.add("dataset '" + d.name() + "' has no column " + String.join(", ", cols));
        }
      }
      if (!missing.isEmpty()) {
        return fail(
            descriptorLocation
                + " declares data the district does not have: "
                + String.join("; ", missing));
      }
      return pass(descriptor.datasets().size() + " datasets, all declared columns present");
    }

    // ---- sql -----------------------------------------------------------------------------

    private Result sql() {
      if (descriptor.kind() != ModelKind.SQL) {
        return skip("a Java model has no SQL file");
      }
      String base =
          descriptorLocation.contains("/")
              ? descriptorLocation.substring(0, descriptorLocation.lastIndexOf('/') + 1)
              : "";
      String path = base + descriptor.sql().file();
      byte[] bytes = archive.entries().get(path);
      if (bytes == null) {
        return fail(
            "the SQL file " + path + " named in " + descriptorLocation + " is not in the jar");
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      Set<String> declared =
          descriptor.datasets().stream().map(DatasetContract::name).collect(Collectors.toSet());
      try {
        SqlGuard.check(text, declared);
      } catch (ModelException e) {
        return fail(path + ": " + e.getMessage());
      }
      sql = text;
      return pass(path + " is a single SELECT over declared datasets");
    }

    // ---- bytecode ------------------------------------------------------------------------

    private Result bytecode() {
      Map<String, byte[]> classes = new LinkedHashMap<>();
      archive
          .entries()
          .forEach(
              (n, b) -> {
                if (n.endsWith(".class")) {
                  classes.put(n, b);
                }
              });
      if (classes.isEmpty()) {
        return skip("the bundle has no class files");
      }
      BytecodeScanner.Result r = BytecodeScanner.scan(classes);
      List<String> problems = new ArrayList<>(r.unparseable());
      problems.addAll(r.violations());
      if (!problems.isEmpty()) {
        return fail(String.join("; ", problems));
      }
      return pass(classes.size() + " classes, no forbidden API");
    }

    // ---- signature -----------------------------------------------------------------------

    private Result signature() {
      var cert = ctx.districtCertificate();
      String district =
          descriptor != null ? "district " + descriptor.authorDistrict() : "the author district";
      boolean jarSigned = JarSignatures.isJarSigned(archive.entries().keySet());
      JarSignature js = jarSigned ? JarSignatures.verify(jar, cert) : null;
      if (js != null && js.broken() != null) {
        return fail("the jar is signed but " + js.broken());
      }
      if (cert == null) {
        if (js != null) {
          return pass("signed by " + js.signers() + "; no certificate registered to compare with");
        }
        return skip(
            "no certificate registered"
                + (detached != null ? "; the detached signature was not checked" : ""));
      }
      if (js != null && js.signedBy()) {
        return pass("every entry is signed by " + cert.getSubjectX500Principal().getName());
      }
      if (detached != null && JarSignatures.verifyDetached(jar, detached, cert)) {
        return pass("detached signature verified with " + cert.getSubjectX500Principal().getName());
      }
      StringBuilder why =
          new StringBuilder(
              district + " has a registered certificate; the jar is not signed by it");
      if (js != null) {
        why.append(" (it is signed by ").append(String.join("; ", js.signers())).append(")");
      }
      if (detached != null) {
        why.append("; the detached signature does not verify with its key");
      }
      return fail(why.toString());
    }
  }

  private record Result(Outcome outcome, String message) {}

  private static Result pass(String m) {
    return new Result(Outcome.PASS, m);
  }

  private static Result warn(String m) {
    return new Result(Outcome.WARN, m);
  }

  private static Result fail(String m) {
    return new Result(Outcome.FAIL, m);
  }

  private static Result skip(String m) {
    return new Result(Outcome.SKIP, m);
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
