package org.mingjian.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * Checks an export of {@link AuditLog#exportCheckpoints()} on its own, without the platform: the
 * public key, every checkpoint's signature, and optionally the chain hashes an outside party
 * recomputed from the entries (see {@link AuditHash}) against the signed ones. The same checks can
 * be made with {@code openssl}; see the module README.
 */
public final class CheckpointVerifier {

  /** The {@code format} of an export. */
  public static final String FORMAT = "mingjian-audit-checkpoints/1";

  /** The signature algorithm. */
  public static final String ALGORITHM = "Ed25519";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /**
   * The outcome of checking an export.
   *
   * @param valid whether everything checked out
   * @param checkpoints the checkpoints read (all of them when valid)
   * @param publicKeyFingerprint hex SHA-256 of the export's public key (DER), or {@code null} when
   *     it could not be read
   * @param firstBadSeq the seq of the first checkpoint that failed, or {@code null}
   * @param reason {@code null} when valid, otherwise what failed
   */
  public record Result(
      boolean valid,
      List<Checkpoint> checkpoints,
      String publicKeyFingerprint,
      Long firstBadSeq,
      String reason) {
    /** Copies the checkpoints. */
    public Result {
      checkpoints = List.copyOf(checkpoints);
    }
  }

  private CheckpointVerifier() {}

  /**
   * Checks the key and every signature.
   *
   * @param exportJson an export
   * @param trustedKeyFingerprint the fingerprint of the key the checker trusts (taken from an
   *     earlier export or handed over out of band), or {@code null} to trust the key inside the
   *     export, which only proves the export is consistent, not who wrote it
   * @return the result
   */
  public static Result verify(String exportJson, String trustedKeyFingerprint) {
    return verify(exportJson, trustedKeyFingerprint, null);
  }

  /**
   * Checks the key, every signature, and that the chain as it is now still has the signed hash at
   * every checkpoint's seq: a rewrite of any entry up to a checkpoint's seq changes the hash there.
   *
   * @param exportJson an export
   * @param trustedKeyFingerprint the trusted key's fingerprint, or {@code null} (see {@link
   *     #verify(String, String)})
   * @param chainHashAt the hash of the entry at a seq as recomputed from the entries now, or {@code
   *     null} when there is no such entry; {@code null} to skip this check
   * @return the result
   */
  public static Result verify(
      String exportJson, String trustedKeyFingerprint, LongFunction<String> chainHashAt) {
    JsonNode root;
    try {
      root = JSON.readTree(exportJson);
    } catch (IOException e) {
      return fail(List.of(), null, null, "not JSON: " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      return fail(List.of(), null, null, "not a " + FORMAT + " document");
    }
    if (!ALGORITHM.equals(root.path("algorithm").asText())) {
      return fail(List.of(), null, null, "unsupported algorithm " + root.path("algorithm"));
    }
    PublicKey key;
    String fingerprint;
    try {
      key = publicKeyFromPem(root.path("publicKeyPem").asText());
      fingerprint = fingerprint(key);
    } catch (IllegalArgumentException e) {
      return fail(List.of(), null, null, "bad public key: " + e.getMessage());
    }
    if (!fingerprint.equals(root.path("publicKeyFingerprint").asText())) {
      return fail(
          List.of(), fingerprint, null, "the public key does not have the stated fingerprint");
    }
    if (trustedKeyFingerprint != null && !trustedKeyFingerprint.equalsIgnoreCase(fingerprint)) {
      return fail(
          List.of(),
          fingerprint,
          null,
          "the export is signed with a key that is not the trusted one");
    }
    List<Checkpoint> read = new ArrayList<>();
    Checkpoint previous = null;
    for (JsonNode n : root.path("checkpoints")) {
      long seq = n.path("seq").asLong(-1);
      String headHash = n.path("headHash").asText();
      String at = n.path("at").asText();
      String signature = n.path("signature").asText();
      String keyFp = n.path("publicKeyFingerprint").asText();
      Instant instant;
      try {
        instant = Instant.parse(at);
      } catch (DateTimeParseException e) {
        return fail(read, fingerprint, seq, "bad timestamp " + at);
      }
      if (seq < 0
          || !HASH.matcher(headHash).matches()
          || !AuditHash.timestamp(instant).equals(at)) {
        return fail(read, fingerprint, seq, "malformed checkpoint");
      }
      String message = message(seq, headHash, instant);
      if (n.has("message") && !message.equals(n.path("message").asText())) {
        return fail(read, fingerprint, seq, "the stated message is not seq|headHash|at");
      }
      if (!fingerprint.equals(keyFp)) {
        return fail(read, fingerprint, seq, "checkpoint signed with another key " + keyFp);
      }
      Checkpoint cp = new Checkpoint(seq, headHash, instant, ALGORITHM, signature, keyFp);
      if (!verifySignature(key, cp)) {
        return fail(read, fingerprint, seq, "signature invalid");
      }
      if (previous != null && cp.at().isBefore(previous.at())) {
        return fail(read, fingerprint, seq, "checkpoints are not in time order");
      }
      if (previous != null && cp.seq() < previous.seq()) {
        return fail(read, fingerprint, seq, "a later checkpoint has a shorter chain");
      }
      read.add(cp);
      previous = cp;
    }
    if (chainHashAt != null) {
      for (Checkpoint cp : read) {
        if (cp.seq() == 0) {
          continue;
        }
        String now = chainHashAt.apply(cp.seq());
        if (now == null) {
          return fail(
              read, fingerprint, cp.seq(), "missing seq: the chain no longer has this entry");
        }
        if (!now.equals(cp.headHash())) {
          return fail(
              read,
              fingerprint,
              cp.seq(),
              "checkpoint mismatch: signed " + cp.headHash() + ", chain has " + now);
        }
      }
    }
    return new Result(true, read, fingerprint, null, null);
  }

  /**
   * @param seq the signed chain length
   * @param headHash the signed head hash
   * @param at the signing time
   * @return the signed text {@code seq|headHash|at}, {@code at} as {@link AuditHash#timestamp}
   *     writes it; its UTF-8 bytes are signed
   */
  public static String message(long seq, String headHash, Instant at) {
    return seq + "|" + headHash + "|" + AuditHash.timestamp(at);
  }

  /**
   * @param key an Ed25519 public key
   * @param checkpoint a checkpoint
   * @return whether the checkpoint's signature is the key's signature of its message
   */
  public static boolean verifySignature(PublicKey key, Checkpoint checkpoint) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(
          message(checkpoint.seq(), checkpoint.headHash(), checkpoint.at())
              .getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getDecoder().decode(checkpoint.signature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @param key a public key
   * @return lower-case hex SHA-256 of its DER (X.509 SubjectPublicKeyInfo) encoding, as {@code
   *     openssl pkey -pubin -outform DER | sha256sum} prints it
   */
  public static String fingerprint(PublicKey key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param key a public key
   * @return it in PEM ({@code -----BEGIN PUBLIC KEY-----}), lines of 64 characters
   */
  public static String pem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /**
   * @param type the PEM label, such as {@code PUBLIC KEY} or {@code PRIVATE KEY}
   * @param der the DER bytes
   * @return the PEM text, ending with a newline
   */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * @param pem an Ed25519 public key in PEM
   * @return the key
   * @throws IllegalArgumentException when it is not one
   */
  public static PublicKey publicKeyFromPem(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * @param pem PEM text
   * @param type the expected label
   * @return the DER bytes
   * @throws IllegalArgumentException when the text has no such block
   */
  public static byte[] der(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = pem == null ? -1 : pem.indexOf(begin);
    int e = b < 0 ? -1 : pem.indexOf(end, b);
    if (b < 0 || e < 0) {
      throw new IllegalArgumentException("no " + type + " block");
    }
    return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
  }

  private static Result fail(List<Checkpoint> read, String fingerprint, Long seq, String reason) {
    return new Result(false, read, fingerprint, seq, reason);
  }
}
