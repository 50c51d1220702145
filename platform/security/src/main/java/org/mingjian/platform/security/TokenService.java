package org.mingjian.platform.security;

import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Bearer tokens: random, stored only as hashes, expiring and revocable. */
@ProviderType
public interface TokenService {

  /**
   * A token handed to a client.
   *
   * @param token the secret value
   * @param expiresAt when it stops working
   */
  record IssuedToken(String token, Instant expiresAt) {}

  /**
   * @param user the authenticated user
   * @return a new token
   */
  IssuedToken issue(User user);

  /**
   * @param token a token from a client
   * @return its user, when the token is known, not expired and not revoked
   */
  Optional<User> resolve(String token);

  /**
   * @param token a token to stop honouring
   */
  void revoke(String token);

  /**
   * Revokes every token of a user, e.g. after a password reset or deletion.
   *
   * @param username the user
   * @return how many tokens were revoked
   */
  int revokeAll(String username);
}
