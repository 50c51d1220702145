package org.mingjian.platform.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.TokenService;
import org.mingjian.platform.security.User;
import org.mingjian.platform.store.internal.StateStoreImpl;

class UserAndTokenServiceTest {
  private static final String PASSWORD = "correct-horse-battery";

  @TempDir Path home;
  private JdbcDataSource dataSource;
  private StateStoreImpl store;
  private UserServiceImpl users;

  @BeforeEach
  void store() throws Exception {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:security-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    store = new StateStoreImpl(dataSource, home);
    users = new UserServiceImpl(store);
  }

  // ---------------------------------------------------------------- users

  @Test
  void createdUserCanAuthenticate() {
    User created =
        users.create(
            "analyst.chaoyang", "110105", Set.of(Role.ANALYST, Role.AUDITOR), PASSWORD, true);
    assertEquals(
        new User("analyst.chaoyang", "110105", Set.of(Role.ANALYST, Role.AUDITOR), true), created);

    assertEquals(Optional.of(created), users.authenticate("analyst.chaoyang", PASSWORD));
    assertEquals(Optional.of(created), users.find("analyst.chaoyang"));
    assertEquals(List.of(created), users.list());
  }

  @Test
  void wrongPasswordOrUnknownUserGivesNothing() {
    users.create("steward", "110000", Set.of(Role.DATA_STEWARD), PASSWORD, false);

    assertEquals(Optional.empty(), users.authenticate("steward", PASSWORD + "x"));
    assertEquals(Optional.empty(), users.authenticate("steward", PASSWORD.toUpperCase()));
    assertEquals(Optional.empty(), users.authenticate("nobody", PASSWORD));
    assertEquals(Optional.empty(), users.authenticate("steward", null));
    assertEquals(Optional.empty(), users.authenticate(null, PASSWORD));
    assertEquals(Optional.empty(), users.find("nobody"));
  }

  @Test
  void duplicateUsernameIsRefusedAndTheFirstUserIsKept() {
    users.create("admin", "110000", Set.of(Role.CITY_ADMIN), PASSWORD, false);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                users.create("admin", "110105", Set.of(Role.ANALYST), "another-long-pass", false));
    assertTrue(e.getMessage().contains("'admin' already exists"), e.getMessage());
    assertEquals("110000", users.authenticate("admin", PASSWORD).orElseThrow().district());
    assertEquals(1, users.list().size());
  }

  @Test
  void weakPasswordsAreRefused() {
    IllegalArgumentException shortOne =
        assertThrows(
            IllegalArgumentException.class,
            () -> users.create("u1", "110105", Set.of(Role.ANALYST), "Sh0rt!pass", false));
    assertEquals("the password must have at least 12 characters", shortOne.getMessage());

    IllegalArgumentException repetitive =
        assertThrows(
            IllegalArgumentException.class,
            () -> users.create("u1", "110105", Set.of(Role.ANALYST), "abababababababab", false));
    assertEquals("the password must use at least 5 different characters", repetitive.getMessage());

    assertTrue(users.weakness("abcd" + "a".repeat(20)).isPresent());
    assertEquals(Optional.empty(), users.weakness("abcde" + "a".repeat(20)));
    assertTrue(users.weakness("x".repeat(1025)).isPresent());
    assertTrue(users.weakness(null).isPresent());
    assertEquals(List.of(), users.list(), "no user was created");
  }

  @Test
  void invalidUserValuesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> users.create("bad name", "110105", Set.of(Role.ANALYST), PASSWORD, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> users.create("x", "110105", Set.of(Role.ANALYST), PASSWORD, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> users.create("ok", "朝阳区", Set.of(Role.ANALYST), PASSWORD, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> users.create("ok", "110105", Set.of(), PASSWORD, false));
    assertEquals(List.of(), users.list());
  }

  @Test
  void passwordsAreStoredAsSaltedHashes() throws Exception {
    users.create("alice", "110105", Set.of(Role.ANALYST), PASSWORD, false);
    users.create("bob", "110108", Set.of(Role.ANALYST), PASSWORD, false);

    List<String> hashes = column("SELECT password_hash FROM users ORDER BY username");
    assertEquals(2, hashes.size());
    for (String hash : hashes) {
      assertTrue(hash.startsWith("pbkdf2-sha256$"), hash);
      assertFalse(hash.contains(PASSWORD), hash);
      assertEquals(4, hash.split("\\$").length, hash);
    }
    assertNotEquals(hashes.get(0), hashes.get(1), "same password, same hash: no salt");
    assertTrue(users.authenticate("alice", PASSWORD).isPresent());
    assertTrue(users.authenticate("bob", PASSWORD).isPresent());
  }

  @Test
  void hasherAcceptsOnlyItsOwnFormat() {
    String hash = PasswordHasher.hash(PASSWORD);
    assertTrue(PasswordHasher.matches(PASSWORD, hash));
    assertFalse(PasswordHasher.matches("wrong", hash));
    assertFalse(PasswordHasher.matches(PASSWORD, "md5$" + hash.substring(14)));
    assertFalse(PasswordHasher.matches(PASSWORD, PASSWORD));
    assertFalse(PasswordHasher.matches(PASSWORD, PasswordHasher.dummy()));
  }

  // ---------------------------------------------------------------- tokens

  @Test
  void issuedTokenResolvesToItsUser() {
    User user = users.create("analyst", "110105", Set.of(Role.ANALYST), PASSWORD, false);
    TokenServiceImpl tokens = new TokenServiceImpl(store, users, Duration.ofHours(8));

    TokenService.IssuedToken issued = tokens.issue(user);
    assertEquals(43, issued.token().length());
    assertTrue(issued.token().matches("[A-Za-z0-9_-]+"), issued.token());
    assertTrue(issued.expiresAt().isAfter(Instant.now()));
    assertEquals(Optional.of(user), tokens.resolve(issued.token()));

    TokenService.IssuedToken other = tokens.issue(user);
    assertNotEquals(issued.token(), other.token());
    assertEquals(Optional.of(user), tokens.resolve(other.token()));
  }

  @Test
  void revokedTokenNoLongerResolves() {
    User user = users.create("analyst", "110105", Set.of(Role.ANALYST), PASSWORD, false);
    TokenServiceImpl tokens = new TokenServiceImpl(store, users, Duration.ofHours(8));
    String token = tokens.issue(user).token();
    String kept = tokens.issue(user).token();

    tokens.revoke(token);
    assertEquals(Optional.empty(), tokens.resolve(token));
    assertEquals(Optional.of(user), tokens.resolve(kept), "other tokens stay valid");
    // revoking nothing or an unknown token is harmless
    tokens.revoke(null);
    tokens.revoke("x".repeat(43));
  }

  @Test
  void expiredTokenNoLongerResolves() throws Exception {
    User user = users.create("analyst", "110105", Set.of(Role.ANALYST), PASSWORD, false);
    TokenServiceImpl tokens = new TokenServiceImpl(store, users, Duration.ofMillis(1));
    String token = tokens.issue(user).token();
    Thread.sleep(50);
    assertEquals(Optional.empty(), tokens.resolve(token));
  }

  @Test
  void tamperedOrMalformedTokensResolveToNothing() {
    User user = users.create("analyst", "110105", Set.of(Role.ANALYST), PASSWORD, false);
    TokenServiceImpl tokens = new TokenServiceImpl(store, users, Duration.ofHours(8));
    String token = tokens.issue(user).token();

    char last = token.charAt(42);
    String tampered = token.substring(0, 42) + (last == 'A' ? 'B' : 'A');
    assertEquals(Optional.empty(), tokens.resolve(tampered));
    assertEquals(Optional.empty(), tokens.resolve(token.substring(1)));
    assertEquals(Optional.empty(), tokens.resolve(token + "A"));
    assertEquals(Optional.empty(), tokens.resolve(""));
    assertEquals(Optional.empty(), tokens.resolve(null));
    assertEquals(Optional.of(user), tokens.resolve(token));
  }

  @Test
  void tokenTableNeverHoldsTheToken() throws Exception {
    User user = users.create("analyst", "110105", Set.of(Role.ANALYST), PASSWORD, false);
    TokenServiceImpl tokens = new TokenServiceImpl(store, users, Duration.ofHours(8));
    String token = tokens.issue(user).token();
    tokens.revoke(tokens.issue(user).token());

    List<String> cells = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM tokens")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        for (int i = 1; i <= md.getColumnCount(); i++) {
          cells.add(String.valueOf(rs.getObject(i)));
        }
      }
    }
    assertEquals(2 * 5, cells.size());
    for (String cell : cells) {
      assertFalse(cell.contains(token), cell);
    }
    assertTrue(cells.contains(TokenServiceImpl.hash(token)));
  }

  private List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
