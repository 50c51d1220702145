package org.mingjian.platform.security.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Users in the state store's {@code users} table. */
@Component(service = UserService.class)
public final class UserServiceImpl implements UserService {
  private static final String COLUMNS = "username, district, roles, must_change_password";
  private final StateStore store;

  @Activate
  public UserServiceImpl(@Reference StateStore store) {
    this.store = store;
  }

  @Override
  public Optional<User> find(String username) {
    if (username == null) {
      return Optional.empty();
    }
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(user(rs)) : Optional.<User>empty();
            }
          }
        });
  }

  @Override
  public List<User> list() {
    return store.inTransaction(
        c -> {
          List<User> users = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              users.add(user(rs));
            }
          }
          return users;
        });
  }

  @Override
  public Optional<User> authenticate(String username, String password) {
    if (username == null
        || password == null
        || username.length() > 64
        || password.length() > 1024) {
      return Optional.empty();
    }
    String hash =
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getString(1) : null;
                }
              }
            });
    // unknown users cost the same time as known ones, so timing does not reveal who exists
    boolean ok = PasswordHasher.matches(password, hash != null ? hash : PasswordHasher.dummy());
    return ok && hash != null ? find(username) : Optional.empty();
  }

  @Override
  public User create(
      String username, String district, Set<Role> roles, String password, boolean mustChange) {
    if (username == null || !username.matches("[A-Za-z0-9._-]{2,64}")) {
      throw new IllegalArgumentException(
          "username must be 2 to 64 letters, digits, '.', '_' or '-'");
    }
    if (district == null || !district.matches("\\d{6}")) {
      throw new IllegalArgumentException("district must be a 6-digit code");
    }
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("a user needs at least one role");
    }
    weakness(password)
        .ifPresent(
            w -> {
              throw new IllegalArgumentException(w);
            });
    String hash = PasswordHasher.hash(password);
    return store.inTransaction(
        c -> {
          try (PreparedStatement check =
              c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
            check.setString(1, username);
            try (ResultSet rs = check.executeQuery()) {
              if (rs.next()) {
                throw new IllegalStateException("user '" + username + "' already exists");
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (username, district, roles, password_hash, must_change_password, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(
                ps,
                username,
                district,
                roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                hash,
                mustChange,
                Instant.now());
            ps.executeUpdate();
          }
          return new User(username, district, roles, mustChange);
        });
  }

  @Override
  public User update(String username, String district, Set<Role> roles) {
    if (district == null || !district.matches("\\d{6}")) {
      throw new IllegalArgumentException("district must be a 6-digit code");
    }
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("a user needs at least one role");
    }
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE users SET district = ?, roles = ? WHERE username = ?")) {
            Jdbc.bind(
                ps,
                district,
                roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                username);
            if (ps.executeUpdate() == 0) {
              throw new java.util.NoSuchElementException("no user '" + username + "'");
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return user(rs);
            }
          }
        });
  }

  @Override
  public void setPassword(String username, String password, boolean mustChangePassword) {
    weakness(password)
        .ifPresent(
            w -> {
              throw new IllegalArgumentException(w);
            });
    String hash = PasswordHasher.hash(password);
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE users SET password_hash = ?, must_change_password = ? WHERE username = ?")) {
            Jdbc.bind(ps, hash, mustChangePassword, username);
            if (ps.executeUpdate() == 0) {
              throw new java.util.NoSuchElementException("no user '" + username + "'");
            }
          }
          return null;
        });
  }

  @Override
  public boolean delete(String username) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
            ps.setString(1, username);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<String> weakness(String password) {
    if (password == null || password.length() < 12) {
      return Optional.of("the password must have at least 12 characters");
    }
    if (password.length() > 1024) {
      return Optional.of("the password must have at most 1024 characters");
    }
    if (password.chars().distinct().count() < 5) {
      return Optional.of("the password must use at least 5 different characters");
    }
    return Optional.empty();
  }

  private static User user(ResultSet rs) throws SQLException {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Arrays.stream(rs.getString("roles").split(","))
        .filter(s -> !s.isBlank())
        .map(Role::valueOf)
        .forEach(roles::add);
    return new User(
        rs.getString("username"),
        rs.getString("district"),
        roles,
        rs.getBoolean("must_change_password"));
  }
}
