package org.mingjian.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash of an audit entry, version 1. An outside party recomputes it from the stored columns:
 *
 * <pre>
 * hash = lower-case hex( SHA-256( "mingjian-audit-v1\n"
 *          || f(seq) || f(at) || f(actor) || f(district) || f(action) || f(target)
 *          || f(details) || f(prev_hash) ) )
 * f(v)  = the decimal number of UTF-8 bytes of v, ":", the UTF-8 bytes of v, ","   (a netstring)
 *         or the single byte "~" when v is NULL (only district and target may be NULL)
 * seq   = the decimal seq, e.g. "42"
 * at    = the timestamp in UTC as yyyy-MM-ddTHH:mm:ss.ffffffZ, always 6 fraction digits
 * details = the details column exactly as stored (canonical JSON, keys sorted)
 * prev_hash = the previous entry's hash, 64 "0" for entry 1
 * </pre>
 */
public final class AuditHash {
  /** The previous hash of entry 1. */
  public static final String GENESIS = "0".repeat(64);

  /** The version prefix of every hashed message. */
  public static final String PREFIX = "mingjian-audit-v1\n";

  private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.UTF_8);
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<Encoder> ENCODER = ThreadLocal.withInitial(Encoder::new);

  private AuditHash() {}

  /**
   * @param seq the entry's seq
   * @param at its timestamp as {@link #timestamp(Instant)} writes it
   * @param actor who
   * @param district which district, or {@code null}
   * @param action the action code
   * @param target to what, or {@code null}
   * @param details the canonical details JSON as stored
   * @param prevHash the previous entry's hash
   * @return the entry's hash, 64 lower-case hex digits
   */
  public static String compute(
      long seq,
      String at,
      String actor,
      String district,
      String action,
      String target,
      String details,
      String prevHash) {
    Encoder e = ENCODER.get();
    e.length = 0;
    e.raw(PREFIX_BYTES);
    e.field(Long.toString(seq));
    e.field(at);
    e.field(actor);
    e.field(district);
    e.field(action);
    e.field(target);
    e.field(details);
    e.field(prevHash);
    e.digest.update(e.buffer, 0, e.length);
    return HEX.formatHex(e.digest.digest());
  }

  /** The message of one entry, built in a reused buffer and hashed with one update. */
  private static final class Encoder {
    final MessageDigest digest = newDigest();
    byte[] buffer = new byte[1024];
    int length;

    void raw(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buffer, length, bytes.length);
      length += bytes.length;
    }

    void field(String value) {
      if (value == null) {
        ensure(1);
        buffer[length++] = '~';
        return;
      }
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      ensure(bytes.length + 12);
      int n = bytes.length;
      if (n == 0) {
        buffer[length++] = '0';
      } else {
        int start = length;
        for (int v = n; v > 0; v /= 10) {
          buffer[length++] = (byte) ('0' + v % 10);
        }
        for (int i = start, j = length - 1; i < j; i++, j--) {
          byte t = buffer[i];
          buffer[i] = buffer[j];
          buffer[j] = t;
        }
      }
      buffer[length++] = ':';
      System.arraycopy(bytes, 0, buffer, length, n);
      length += n;
      buffer[length++] = ',';
    }

    private void ensure(int more) {
      if (length + more > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
      }
    }
  }

  /**
   * @param at an instant
   * @return the instant cut to whole microseconds, as entries store it
   */
  public static Instant truncate(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * @param at an instant between the years 0 and 9999
   * @return {@code yyyy-MM-ddTHH:mm:ss.ffffffZ} in UTC, the fraction cut to 6 digits
   */
  public static String timestamp(Instant at) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("timestamp out of range: " + at);
    }
    char[] c = new char[27];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    c[19] = '.';
    digits(c, 20, at.getNano() / 1000, 6);
    c[26] = 'Z';
    return new String(c);
  }

  private static void digits(char[] c, int offset, int value, int width) {
    for (int i = offset + width - 1; i >= offset; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
