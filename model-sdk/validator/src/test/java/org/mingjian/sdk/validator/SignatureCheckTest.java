package org.mingjian.sdk.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mingjian.sdk.validator.Fixtures.assertFails;
import static org.mingjian.sdk.validator.Fixtures.context;
import static org.mingjian.sdk.validator.Fixtures.sqlModel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signs jars with the JDK's own keytool and jarsigner. */
class SignatureCheckTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;

  static X509Certificate districtCert;
  static PrivateKey districtKey;
  static PrivateKey otherKey;
  static byte[] unsigned;
  static byte[] signedByDistrict;
  static byte[] signedByOther;

  @BeforeAll
  static void keysAndSignedJars() throws Exception {
    Path district = dir.resolve("district.p12");
    Path other = dir.resolve("other.p12");
    run(
        List.of(
            keytool(district, "district", "CN=District 110105,O=Procuratorate"),
            keytool(other, "other", "CN=Somebody Else")));
    districtCert = (X509Certificate) load(district).getCertificate("district");
    districtKey = (PrivateKey) load(district).getKey("district", PASSWORD);
    otherKey = (PrivateKey) load(other).getKey("other", PASSWORD);

    unsigned = sqlModel().build();
    Path in = dir.resolve("model.jar");
    Files.write(in, unsigned);
    run(
        List.of(
            jarsigner(district, "district", in, dir.resolve("by-district.jar")),
            jarsigner(other, "other", in, dir.resolve("by-other.jar"))));
    signedByDistrict = Files.readAllBytes(dir.resolve("by-district.jar"));
    signedByOther = Files.readAllBytes(dir.resolve("by-other.jar"));
  }

  @Test
  void validJarsignerSignature() {
    ValidationReport r = BundleValidator.validate(signedByDistrict, null, context(districtCert));
    assertTrue(r.passed(), r.summary());
    Check s = r.check("signature").orElseThrow();
    assertEquals(Outcome.PASS, s.outcome());
    assertTrue(s.message().contains("District 110105"), s.message());
  }

  @Test
  void signedJarWithoutRegisteredCertificateIsStillVerified() {
    ValidationReport r = BundleValidator.validate(signedByOther, null, context(null));
    assertTrue(r.passed(), r.summary());
    assertEquals(Outcome.PASS, r.check("signature").orElseThrow().outcome());
  }

  @Test
  void signatureRequiredButUnsigned() {
    assertFails(
        BundleValidator.validate(unsigned, null, context(districtCert)),
        "signature",
        "district 110105 has a registered certificate; the jar is not signed by it");
  }

  @Test
  void signedByAnotherKey() {
    ValidationReport r = BundleValidator.validate(signedByOther, null, context(districtCert));
    assertFails(r, "signature", "the jar is not signed by it");
    assertTrue(r.firstFailure().orElseThrow().message().contains("Somebody Else"));
  }

  @Test
  void tamperedSignedJar() throws IOException {
    byte[] tampered =
        replace(signedByDistrict, Fixtures.SQL_PATH, "SELECT case_no, amount FROM judgments");
    assertFails(
        BundleValidator.validate(tampered, null, context(districtCert)),
        "signature",
        "changed after signing");
    assertFails(
        BundleValidator.validate(tampered, null, context(null)),
        "signature",
        "changed after signing");
  }

  @Test
  void entryAddedAfterSigning() throws IOException {
    byte[] grown = append(signedByDistrict, "META-INF/mingjian/extra.sql", "SELECT 1");
    assertFails(
        BundleValidator.validate(grown, null, context(districtCert)),
        "signature",
        "META-INF/mingjian/extra.sql");
  }

  @Test
  void validDetachedSignature() throws Exception {
    ValidationReport r =
        BundleValidator.validate(unsigned, sign(districtKey, unsigned), context(districtCert));
    assertTrue(r.passed(), r.summary());
    assertTrue(
        r.check("signature").orElseThrow().message().contains("detached signature verified"));
  }

  @Test
  void invalidDetachedSignature() throws Exception {
    assertFails(
        BundleValidator.validate(unsigned, sign(otherKey, unsigned), context(districtCert)),
        "signature",
        "the detached signature does not verify");
    byte[] changed = sqlModel().entry("README.txt", "changed").build();
    assertFails(
        BundleValidator.validate(changed, sign(districtKey, unsigned), context(districtCert)),
        "signature",
        "the detached signature does not verify");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static byte[] sign(PrivateKey key, byte[] data) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  /** Rebuilds a signed jar entry by entry with one entry's content changed. */
  private static byte[] replace(byte[] jar, String name, String content) throws IOException {
    JarBuilder b = new JarBuilder().noManifest();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] data = in.readAllBytes();
        b.entry(
            e.getName(),
            e.getName().equals(name) ? content.getBytes(StandardCharsets.UTF_8) : data);
      }
    }
    return b.build();
  }

  private static byte[] append(byte[] jar, String name, String content) throws IOException {
    JarBuilder b = new JarBuilder().noManifest();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        b.entry(e.getName(), in.readAllBytes());
      }
    }
    return b.entry(name, content).build();
  }

  private static KeyStore load(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static List<String> keytool(Path store, String alias, String dname) {
    return List.of(
        tool("keytool"),
        "-genkeypair",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-validity",
        "30");
  }

  private static List<String> jarsigner(Path store, String alias, Path in, Path out) {
    return List.of(
        tool("jarsigner"),
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-signedjar",
        out.toString(),
        in.toString(),
        alias);
  }

  /** Runs the commands in parallel and waits for all of them. */
  private static void run(List<List<String>> commands) throws Exception {
    List<Process> running = new ArrayList<>();
    for (List<String> c : commands) {
      running.add(
          new ProcessBuilder(c)
              .redirectErrorStream(true)
              .redirectOutput(
                  dir.resolve("tool-" + running.size() + "-" + System.nanoTime() + ".log").toFile())
              .start());
    }
    for (int i = 0; i < running.size(); i++) {
      Process p = running.get(i);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("failed: " + String.join(" ", commands.get(i)));
      }
    }
  }
}
