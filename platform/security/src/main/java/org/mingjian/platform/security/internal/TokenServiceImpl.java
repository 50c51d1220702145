package org.mingjian.platform.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.mingjian.platform.security.TokenService;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Tokens are 256 random bits; only their SHA-256 is stored, so a copy of the database holds no
 * usable token.
 */
@Component(service = TokenService.class, configurationPid = "org.mingjian.security.tokens")
@Designate(ocd = TokenServiceImpl.Config.class)
public final class TokenServiceImpl implements TokenService {

  /** Token settings. */
  @ObjectClassDefinition(name = "Mingjian tokens")
  public @interface Config {
    /**
     * @return how long a token lives, in minutes
     */
    @AttributeDefinition(description = "Lifetime of a bearer token in minutes")
    long ttlMinutes() default 480;
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private final StateStore store;
  private final UserService users;
  private final Duration ttl;

  @Activate
  public TokenServiceImpl(
      @Reference StateStore store, @Reference UserService users, Config config) {
    this(store, users, Duration.ofMinutes(config.ttlMinutes()));
  }

  /**
   * @param store the state store
   * @param users the user directory
   * @param ttl token lifetime
   */
  public TokenServiceImpl(StateStore store, UserService users, Duration ttl) {
    this.store = store;
    this.users = users;
    this.ttl = ttl;
  }

  @Override
  public IssuedToken issue(User user) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = Instant.now();
    Instant expires = now.plus(ttl);
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tokens (token_hash, username, issued_at, expires_at, revoked) VALUES (?, ?, ?, ?, FALSE)")) {
            Jdbc.bind(ps, hash(token), user.username(), now, expires).executeUpdate();
          }
          return null;
        });
    return new IssuedToken(token, expires);
  }

  @Override
  public Optional<User> resolve(String token) {
    if (token == null || token.length() != 43) {
      return Optional.empty();
    }
    String username =
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT username FROM tokens WHERE token_hash = ? AND revoked = FALSE AND expires_at > ?")) {
                Jdbc.bind(ps, hash(token), Instant.now());
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getString(1) : null;
                }
              }
            });
    return username == null ? Optional.empty() : users.find(username);
  }

  @Override
  public void revoke(String token) {
    if (token == null) {
      return;
    }
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE tokens SET revoked = TRUE WHERE token_hash = ?")) {
            ps.setString(1, hash(token));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int revokeAll(String username) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tokens SET revoked = TRUE WHERE username = ? AND revoked = FALSE")) {
            ps.setString(1, username);
            return ps.executeUpdate();
          }
        });
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
