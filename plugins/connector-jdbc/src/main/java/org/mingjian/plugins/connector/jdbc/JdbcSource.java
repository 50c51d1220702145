package org.mingjian.plugins.connector.jdbc;

/**
 * A department database as an operator configured it ({@code etc/org.mingjian.connector.jdbc-<name>
 * .cfg}).
 *
 * @param name the name stewards give as {@code source}
 * @param url the JDBC URL
 * @param user the user, or {@code null}
 * @param password the password, possibly {@code ENC(...)}, or {@code null}
 * @param driver the driver class, or {@code null} to infer it from the URL
 */
public record JdbcSource(String name, String url, String user, String password, String driver) {
  @Override
  public String toString() {
    return "JdbcSource[" + name + ", " + url + ", user " + user + "]";
  }
}
