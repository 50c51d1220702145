package org.mingjian.platform.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import org.mingjian.platform.audit.CheckpointVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint signing key pair: {@code audit-signing.key} (PKCS#8 PEM, owner read/write only)
 * and {@code audit-signing.pub} (X.509 PEM), generated at first start.
 */
final class SigningKeys {
  static final String PRIVATE_FILE = "audit-signing.key";
  static final String PUBLIC_FILE = "audit-signing.pub";
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  final PrivateKey privateKey;
  final PublicKey publicKey;
  final String fingerprint;

  private SigningKeys(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.fingerprint = CheckpointVerifier.fingerprint(publicKey);
  }

  /**
   * Loads the key pair from the directory, or generates it there when neither file exists.
   *
   * @param dir the key directory
   * @return the keys
   * @throws IOException when the files cannot be read or written, or only one of them exists
   */
  static SigningKeys loadOrCreate(Path dir) throws IOException {
    Path priv = dir.resolve(PRIVATE_FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    boolean hasPriv = Files.exists(priv);
    boolean hasPub = Files.exists(pub);
    if (!hasPriv && !hasPub) {
      return create(dir, priv, pub);
    }
    if (hasPriv != hasPub) {
      throw new IOException(
          "only one of "
              + priv
              + " and "
              + pub
              + " exists; restore the missing one, or move both away to start a new key pair"
              + " (checkpoints signed before stay verifiable with the old public key only)");
    }
    SigningKeys keys;
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance(CheckpointVerifier.ALGORITHM)
              .generatePrivate(
                  new PKCS8EncodedKeySpec(
                      CheckpointVerifier.der(
                          Files.readString(priv, StandardCharsets.US_ASCII), "PRIVATE KEY")));
      PublicKey publicKey =
          CheckpointVerifier.publicKeyFromPem(Files.readString(pub, StandardCharsets.US_ASCII));
      keys = new SigningKeys(privateKey, publicKey);
      keys.checkPair();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("cannot read the audit signing keys in " + dir + ": " + e, e);
    }
    if (isPosix(priv)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(priv);
      if (!perms.equals(OWNER_ONLY)) {
        LOG.warn("{} was readable by others ({}); set to rw-------", priv, perms);
        Files.setPosixFilePermissions(priv, OWNER_ONLY);
      }
    }
    return keys;
  }

  private static SigningKeys create(Path dir, Path priv, Path pub) throws IOException {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(CheckpointVerifier.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
    String privatePem =
        CheckpointVerifier.pem("PRIVATE KEY", pair.getPrivate().getEncoded()); // PKCS#8
    write(dir, priv, privatePem, posix ? OWNER_ONLY : null);
    write(
        dir,
        pub,
        CheckpointVerifier.pem(pair.getPublic()),
        posix ? PosixFilePermissions.fromString("rw-r--r--") : null);
    SigningKeys keys = new SigningKeys(pair.getPrivate(), pair.getPublic());
    LOG.info(
        "Generated the audit checkpoint signing key {}, fingerprint {}", pub, keys.fingerprint);
    return keys;
  }

  /** Writes through a temporary file created with its final permissions, then moves it in place. */
  private static void write(Path dir, Path target, String text, Set<PosixFilePermission> perms)
      throws IOException {
    FileAttribute<?>[] attrs =
        perms == null
            ? new FileAttribute<?>[0]
            : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp", attrs);
    try {
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean isPosix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * @param message the text to sign
   * @return the Base64 Ed25519 signature of its UTF-8 bytes
   */
  String sign(String message) {
    try {
      Signature s = Signature.getInstance(CheckpointVerifier.ALGORITHM);
      s.initSign(privateKey);
      s.update(message.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an audit checkpoint", e);
    }
  }

  private void checkPair() throws GeneralSecurityException {
    byte[] probe = "mingjian-audit key check".getBytes(StandardCharsets.UTF_8);
    Signature s = Signature.getInstance(CheckpointVerifier.ALGORITHM);
    s.initSign(privateKey);
    s.update(probe);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(CheckpointVerifier.ALGORITHM);
    v.initVerify(publicKey);
    v.update(probe);
    if (!v.verify(sig)) {
      throw new GeneralSecurityException("the public key does not belong to the private key");
    }
  }
}
