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
   * Changes a user's district and roles.
   *
   * @param username an existing user
   * @param district a 6-digit district code
   * @param roles at least one role
   * @return the updated user
   * @throws IllegalArgumentException when a value is invalid
   * @throws java.util.NoSuchElementException when the user does not exist
   */
  User update(String username, String district, Set<Role> roles);

  /**
   * Sets a new password (an administrator's reset, or the user's own change).
   *
   * @param username an existing user
   * @param password the new password
   * @param mustChangePassword whether the next login must change it again
   * @throws IllegalArgumentException when the password is weak
   * @throws java.util.NoSuchElementException when the user does not exist
   */
  void setPassword(String username, String password, boolean mustChangePassword);

  /**
   * Deletes a user.
   *
   * @param username the user
   * @return whether the user existed
   */
  boolean delete(String username);

  /**
   * @param password a candidate password
   * @return why it is too weak, or empty when it is acceptable
   */
  Optional<String> weakness(String password);
}
