package org.mingjian.platform.marketplace.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Signed transfer packages for moving an approved model version to another network: a zip of {@code
 * bundle.jar}, {@code descriptor.json}, {@code approval.json}, {@code contents.sha256} (the SHA-256
 * of each of those), {@code signer.pem} (the exporting installation's Ed25519 public key) and
 * {@code signature} (Ed25519 over {@code contents.sha256}). An importing installation accepts a
 * package only when every hash matches, the signature verifies and the signer is trusted: its own
 * key, or a key placed in {@code <home>/trusted-keys/}.
 */
final class TransferPackages {
  static final String JAR = "bundle.jar";
  static final String DESCRIPTOR = "descriptor.json";
  static final String APPROVAL = "approval.json";
  static final String CONTENTS = "contents.sha256";
  static final String SIGNER = "signer.pem";
  static final String SIGNATURE = "signature";
  private static final List<String> SIGNED = List.of(JAR, DESCRIPTOR, APPROVAL);
  private static final long MAX_PACKAGE_BYTES = 64L << 20;

  private final KeyPair keys;
  private final Path trustedDir;

  /** What a verified package holds. */
  record Contents(byte[] jar, byte[] descriptor, byte[] approval, String signer) {}

  /** A package refused on import. */
  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  TransferPackages(Path keyFile, Path trustedDir) {
    this.keys = loadOrCreate(keyFile);
    this.trustedDir = trustedDir;
  }

  /**
   * @return this installation's public key in PEM, for other installations to trust
   */
  String publicKeyPem() {
    return pem(keys.getPublic());
  }

  byte[] export(byte[] jar, byte[] descriptor, byte[] approval) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(JAR, jar);
    files.put(DESCRIPTOR, descriptor);
    files.put(APPROVAL, approval);
    byte[] contents = contents(files);
    files.put(CONTENTS, contents);
    files.put(SIGNER, publicKeyPem().getBytes(StandardCharsets.US_ASCII));
    files.put(SIGNATURE, sign(contents));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  Contents verify(byte[] pkg) throws RefusedException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(pkg))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String name = e.getName();
        if (!List.of(JAR, DESCRIPTOR, APPROVAL, CONTENTS, SIGNER, SIGNATURE).contains(name)) {
          throw new RefusedException("unexpected entry '" + name + "' in the package");
        }
        if (files.containsKey(name)) {
          throw new RefusedException("duplicate entry '" + name + "' in the package");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = zip.read(chunk)) > 0) {
          total += n;
          if (total > MAX_PACKAGE_BYTES) {
            throw new RefusedException("the package unpacks to more than 64 MiB");
          }
          buf.write(chunk, 0, n);
        }
        files.put(name, buf.toByteArray());
      }
    } catch (IOException e) {
      throw new RefusedException("not a readable package: " + e.getMessage());
    }
    for (String required : List.of(JAR, DESCRIPTOR, APPROVAL, CONTENTS, SIGNER, SIGNATURE)) {
      if (!files.containsKey(required)) {
        throw new RefusedException(
            files.isEmpty() ? "not a transfer package" : "the package has no " + required);
      }
    }
    byte[] expected = contents(files);
    if (!java.util.Arrays.equals(expected, files.get(CONTENTS))) {
      throw new RefusedException(
          "the package was altered: "
              + changed(new String(files.get(CONTENTS), StandardCharsets.UTF_8), expected));
    }
    String signerPem = new String(files.get(SIGNER), StandardCharsets.US_ASCII).trim();
    PublicKey signer;
    try {
      signer = parsePublicKey(signerPem);
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(signer);
      s.update(files.get(CONTENTS));
      if (!s.verify(files.get(SIGNATURE))) {
        throw new RefusedException("the package signature does not verify");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new RefusedException("the package signature does not verify: " + e.getMessage());
    }
    if (!trusted(signer)) {
      throw new RefusedException(
          "the package is signed by an installation this one does not trust (put its public key"
              + " in trusted-keys/ of the Mingjian home)");
    }
    return new Contents(
        files.get(JAR), files.get(DESCRIPTOR), files.get(APPROVAL), fingerprint(signer));
  }

  private static String changed(String listed, byte[] actual) {
    List<String> out = new ArrayList<>();
    String[] a = listed.split("\n");
    String[] b = new String(actual, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < b.length; i++) {
      if (i >= a.length || !a[i].equals(b[i])) {
        out.add(b[i].substring(b[i].indexOf(' ') + 1).trim());
      }
    }
    return out.isEmpty() ? "contents list rewritten" : String.join(", ", out) + " changed";
  }

  private boolean trusted(PublicKey key) {
    if (java.util.Arrays.equals(key.getEncoded(), keys.getPublic().getEncoded())) {
      return true;
    }
    if (!Files.isDirectory(trustedDir)) {
      return false;
    }
    try (var files = Files.list(trustedDir)) {
      for (Path p : files.toList()) {
        try {
          PublicKey k = parsePublicKey(Files.readString(p, StandardCharsets.US_ASCII));
          if (java.util.Arrays.equals(k.getEncoded(), key.getEncoded())) {
            return true;
          }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException ignored) {
          // not a key: skip
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  static String fingerprint(PublicKey key) {
    return ArtifactStore.sha256(key.getEncoded()).substring(0, 16);
  }

  String fingerprint() {
    return fingerprint(keys.getPublic());
  }

  private static byte[] contents(Map<String, byte[]> files) {
    StringBuilder b = new StringBuilder();
    for (String name : SIGNED) {
      b.append(ArtifactStore.sha256(files.get(name))).append("  ").append(name).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static PublicKey parsePublicKey(String pem) throws GeneralSecurityException {
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }

  private static KeyPair loadOrCreate(Path keyFile) {
    try {
      Path pub = keyFile.resolveSibling(keyFile.getFileName() + ".pub");
      if (Files.exists(keyFile) && Files.exists(pub)) {
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
        PublicKey pk = kf.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub)));
        return new KeyPair(pk, priv);
      }
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      Files.createDirectories(keyFile.getParent());
      Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.write(tmp, kp.getPrivate().getEncoded());
      Files.write(pub, kp.getPublic().getEncoded());
      Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return kp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the package signing key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the package signing key " + keyFile, e);
    }
  }
}
