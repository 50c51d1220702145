package org.mingjian.plugins.connector.jdbc;

import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.properties.PropertyValueEncryptionUtils;

/**
 * Values written {@code ENC(...)} in a configuration file, decrypted with Jasypt's standard string
 * encryptor in its default configuration — the format Karaf's {@code jasypt-encryption} feature and
 * Jasypt's {@code encrypt.sh} produce with their defaults. The master password comes from the
 * environment variable {@code MINGJIAN_CONFIG_PASSWORD} or the system property {@code
 * mingjian.config.password}; it is never in a configuration file.
 */
final class Encrypted {

  private Encrypted() {}

  static boolean isEncrypted(String value) {
    return value != null && PropertyValueEncryptionUtils.isEncryptedValue(value.strip());
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
      return PropertyValueEncryptionUtils.decrypt(value.strip(), encryptor(master));
    } catch (EncryptionOperationNotPossibleException | IllegalArgumentException e) {
      // Jasypt says nothing more on purpose: a wrong master password and a damaged value look alike
      throw new IllegalStateException(
          "the encrypted password cannot be decrypted with the master password", e);
    }
  }

  /**
   * @param master the master password
   * @return Jasypt's standard string encryptor with its defaults and this password
   */
  static StandardPBEStringEncryptor encryptor(char[] master) {
    StandardPBEStringEncryptor e = new StandardPBEStringEncryptor();
    e.setPasswordCharArray(master);
    return e;
  }

  static char[] master() {
    String m = System.getenv("MINGJIAN_CONFIG_PASSWORD");
    if (m == null || m.isEmpty()) {
      m = System.getProperty("mingjian.config.password");
    }
    return m == null || m.isEmpty() ? null : m.toCharArray();
  }
}
