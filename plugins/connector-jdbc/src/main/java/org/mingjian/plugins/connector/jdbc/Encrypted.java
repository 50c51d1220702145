package org.mingjian.plugins.connector.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Values written {@code ENC(...)} in a configuration file, as Jasypt's default string encryptor
 * (and so Karaf's {@code jasypt-encryption} feature with its defaults) produces them: Base64 of an
 * 8-byte salt followed by the PBEWithMD5AndDES ciphertext, 1000 iterations. The master password
 * comes from the environment variable {@code MINGJIAN_CONFIG_PASSWORD} or the system property
 * {@code mingjian.config.password}.
 */
final class Encrypted {
  static final String ALGORITHM = "PBEWithMD5AndDES";
  static final int ITERATIONS = 1000;
  static final int SALT = 8;

  private Encrypted() {}

  static boolean isEncrypted(String value) {
    return value != null && value.startsWith("ENC(") && value.endsWith(")");
  }

  /**
   * @param value a value, encrypted or not
   * @param master the master password, or {@code null} when none is set
   * @return the plain value
   * @throws IllegalStateException when it is encrypted and cannot be decrypted
   */
  static String reveal(String value, char[] master) {
    if (!isEncrypted(value)) {
      return value;
    }
    if (master == null || master.length == 0) {
      throw new IllegalStateException(
          "the password is encrypted (ENC(...)) but no master password is set"
              + " (MINGJIAN_CONFIG_PASSWORD or -Dmingjian.config.password)");
    }
    try {
      byte[] all = Base64.getDecoder().decode(value.substring(4, value.length() - 1).strip());
      byte[] salt = Arrays.copyOfRange(all, 0, SALT);
      byte[] cipherText = Arrays.copyOfRange(all, SALT, all.length);
      Cipher c = Cipher.getInstance(ALGORITHM);
      c.init(Cipher.DECRYPT_MODE, key(master), new PBEParameterSpec(salt, ITERATIONS));
      return new String(c.doFinal(cipherText), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalStateException(
          "the encrypted password cannot be decrypted with the master password", e);
    }
  }

  /** Encrypts like Jasypt's default encryptor (used by tests and to document the format). */
  static String encrypt(String plain, char[] master, byte[] salt) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(ALGORITHM);
    c.init(Cipher.ENCRYPT_MODE, key(master), new PBEParameterSpec(salt, ITERATIONS));
    byte[] cipherText = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    byte[] all = new byte[salt.length + cipherText.length];
    System.arraycopy(salt, 0, all, 0, salt.length);
    System.arraycopy(cipherText, 0, all, salt.length, cipherText.length);
    return "ENC(" + Base64.getEncoder().encodeToString(all) + ")";
  }

  private static SecretKey key(char[] master) throws GeneralSecurityException {
    return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(new PBEKeySpec(master));
  }

  static char[] master() {
    String m = System.getenv("MINGJIAN_CONFIG_PASSWORD");
    if (m == null || m.isEmpty()) {
      m = System.getProperty("mingjian.config.password");
    }
    return m == null || m.isEmpty() ? null : m.toCharArray();
  }
}
