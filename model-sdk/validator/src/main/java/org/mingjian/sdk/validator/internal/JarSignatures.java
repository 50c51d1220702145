package org.mingjian.sdk.validator.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/** Verifies standard JAR signatures (jarsigner) and detached signatures over the jar bytes. */
public final class JarSignatures {
  private JarSignatures() {}

  /**
   * The result of verifying a JAR-signed jar.
   *
   * @param broken why the signature does not hold (tampered, partly signed), or {@code null}
   * @param signers subject names of the signers
   * @param signedBy whether every signed entry carries the given certificate in a signer's chain
   */
  public record JarSignature(String broken, Set<String> signers, boolean signedBy) {}

  /**
   * @param names the jar's entry names
   * @return whether the jar carries a JAR signature (a {@code META-INF/*.SF} file)
   */
  public static boolean isJarSigned(Iterable<String> names) {
    for (String n : names) {
      String u = n.toUpperCase(Locale.ROOT);
      if (u.startsWith("META-INF/") && u.indexOf('/', 9) < 0 && u.endsWith(".SF")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads every entry of the jar fully with verification on: a changed entry throws, an entry added
   * after signing has no signer.
   *
   * @param jar the jar bytes
   * @param certificate a certificate that must sign every entry, or {@code null}
   * @return the result
   */
  public static JarSignature verify(byte[] jar, X509Certificate certificate) {
    Set<String> signers = new LinkedHashSet<>();
    List<String> unsigned = new ArrayList<>();
    List<String> notByCertificate = new ArrayList<>();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
      if (in.getManifest() == null) {
        return new JarSignature(
            "the manifest is not the first entry, so the signature cannot be checked",
            signers,
            false);
      }
      JarEntry e;
      while ((e = in.getNextJarEntry()) != null) {
        in.transferTo(OutputStream.nullOutputStream());
        if (e.isDirectory() || signatureRelated(e.getName())) {
          continue;
        }
        CodeSigner[] cs = e.getCodeSigners();
        if (cs == null || cs.length == 0) {
          unsigned.add(e.getName());
          continue;
        }
        boolean byCertificate = false;
        for (CodeSigner s : cs) {
          List<? extends Certificate> chain = s.getSignerCertPath().getCertificates();
          if (!chain.isEmpty() && chain.get(0) instanceof X509Certificate x) {
            signers.add(x.getSubjectX500Principal().getName());
          }
          if (certificate != null && chain.contains(certificate)) {
            byCertificate = true;
          }
        }
        if (!byCertificate) {
          notByCertificate.add(e.getName());
        }
      }
    } catch (SecurityException e) {
      return new JarSignature(
          "the signature does not match the content ("
              + e.getMessage()
              + "): the jar was changed after signing",
          signers,
          false);
    } catch (IOException e) {
      return new JarSignature(
          "the jar cannot be read for verification: " + e.getMessage(), signers, false);
    }
    if (!unsigned.isEmpty()) {
      return new JarSignature(
          "entries without a valid signature (added or changed after signing): "
              + shorten(unsigned),
          signers,
          false);
    }
    return new JarSignature(null, signers, certificate != null && notByCertificate.isEmpty());
  }

  /**
   * @param jar the exact jar bytes
   * @param signature a detached signature over them
   * @param certificate whose public key must verify it
   * @return whether it verifies (SHA256withRSA, SHA256withECDSA or Ed25519 by key algorithm)
   */
  public static boolean verifyDetached(byte[] jar, byte[] signature, X509Certificate certificate) {
    PublicKey key = certificate.getPublicKey();
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(jar);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean signatureRelated(String name) {
    String u = name.toUpperCase(Locale.ROOT);
    if (!u.startsWith("META-INF/") || u.indexOf('/', 9) >= 0) {
      return false;
    }
    return u.equals("META-INF/MANIFEST.MF")
        || u.endsWith(".SF")
        || u.endsWith(".RSA")
        || u.endsWith(".DSA")
        || u.endsWith(".EC")
        || u.startsWith("META-INF/SIG-");
  }

  private static String shorten(List<String> names) {
    return names.size() <= 5
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
  }
}
