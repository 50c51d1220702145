package org.mingjian.platform.marketplace.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed store of model jars: each jar lives under its SHA-256, written to a temporary
 * file and moved into place, so a crash never leaves a partial artifact under a real address.
 */
final class ArtifactStore {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private final Path dir;

  ArtifactStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the artifact store " + dir, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param bytes a jar
   * @return its address
   */
  String put(byte[] bytes) {
    String sha = sha256(bytes);
    Path target = path(sha);
    if (Files.exists(target)) {
      return sha;
    }
    try {
      Path tmp = Files.createTempFile(dir, "incoming-", ".part");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store artifact " + sha, e);
    }
    return sha;
  }

  /**
   * @param sha256 an address
   * @return the jar, if stored and intact
   */
  Optional<byte[]> get(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      return Optional.empty();
    }
    Path p = path(sha256);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(p);
      if (!sha256(bytes).equals(sha256)) {
        throw new IllegalStateException("artifact " + sha256 + " is corrupt on disk");
      }
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + sha256, e);
    }
  }

  Path path(String sha256) {
    return dir.resolve(sha256 + ".jar");
  }
}
