package org.mingjian.platform.clues.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mingjian.platform.clues.Recommendation;
import org.mingjian.platform.clues.Recommendations;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Recommendations in the state store: the header in {@code recommendations}, every text in {@code
 * recommendation_revisions} (revision 1 is the draft; the highest revision is the current text).
 */
@Component(service = Recommendations.class)
public final class RecommendationsImpl implements Recommendations {
  private final StateStore store;

  @Activate
  public RecommendationsImpl(@Reference StateStore store) {
    this.store = store;
  }

  @Override
  public Recommendation create(
      String key, String modelId, String pattern, String title, String markdown, String actor) {
    check(markdown);
    if (title == null || title.isBlank() || title.length() > 500) {
      throw new IllegalArgumentException("a title of 1 to 500 characters is required");
    }
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO recommendations (id, group_key, model_id, pattern, title, created_at,"
                      + " created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(ps, id, key, modelId, pattern, title, now, actor).executeUpdate();
          }
          revision(c, id, 1, now, actor, markdown);
          return read(c, id).orElseThrow();
        });
  }

  @Override
  public Optional<Recommendation> get(String id) {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    return store.inTransaction(c -> read(c, id));
  }

  @Override
  public Optional<Recommendation> update(String id, String markdown, String actor) {
    check(markdown);
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id FROM recommendations WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Recommendation>empty();
              }
            }
          }
          int latest;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT MAX(revision) FROM recommendation_revisions WHERE recommendation_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              latest = rs.getInt(1);
            }
          }
          revision(c, id, latest + 1, now, actor, markdown);
          return read(c, id);
        });
  }

  private static void check(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      throw new IllegalArgumentException("the document is empty");
    }
    if (markdown.length() > MAX_MARKDOWN) {
      throw new IllegalArgumentException(
          "the document is longer than " + MAX_MARKDOWN + " characters");
    }
  }

  private static void revision(
      Connection c, String id, int revision, Instant at, String actor, String markdown)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO recommendation_revisions (recommendation_id, revision, at, actor, markdown)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      Jdbc.bind(ps, id, revision, at, actor, markdown).executeUpdate();
    }
  }

  private static Optional<Recommendation> read(Connection c, String id) throws SQLException {
    String key;
    String modelId;
    String pattern;
    String title;
    Instant createdAt;
    String createdBy;
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM recommendations WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        key = rs.getString("group_key");
        modelId = rs.getString("model_id");
        pattern = rs.getString("pattern");
        title = rs.getString("title");
        createdAt = Jdbc.instant(rs, "created_at");
        createdBy = rs.getString("created_by");
      }
    }
    List<Recommendation.Edit> edits = new ArrayList<>();
    String markdown = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT revision, at, actor, markdown FROM recommendation_revisions"
                + " WHERE recommendation_id = ? ORDER BY revision")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int revision = rs.getInt("revision");
          if (revision > 1) {
            edits.add(
                new Recommendation.Edit(revision, Jdbc.instant(rs, "at"), rs.getString("actor")));
          }
          markdown = rs.getString("markdown");
        }
      }
    }
    return Optional.of(
        new Recommendation(
            id, key, modelId, pattern, title, markdown, createdAt, createdBy, edits));
  }
}
