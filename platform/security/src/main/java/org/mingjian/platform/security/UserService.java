package org.mingjian.platform.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** The user directory, with salted slow password hashes. */
@ProviderType
public interface UserService {

  /**
   * @param username a login name
   * @return the user, if known
   */
  Optional<User> find(String username);

  /**
   * @return all users, by name
   */
  List<User> list();

  /**
   * @param username the login name
   * @param password the password to check
   * @return the user when the password matches
   */
  Optional<User> authenticate(String username, String password);

  /**
   * Creates a user.
   *
   * @param username login name: letters, digits, '.', '_' or '-'
   * @param district a 6-digit district code
   * @param roles at least one role
   * @param password the initial password
   * @param mustChangePassword whether the first login must change it
   * @return the user
   * @throws IllegalArgumentException when a value is invalid or the password is weak
   * @throws IllegalStateException when the username is taken
   */
  User create(
      String username,
      String district,
      Set<Role> roles,
      String password,
      boolean mustChangePassword);

  /**
   * @param password a candidate password
   * @return why it is too weak, or empty when it is acceptable
   */
  Optional<String> weakness(String password);
}
