package org.mingjian.platform.clues.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;

/** Revoking a version flags only the clues no good version found; run sets keep what a run saw. */
class RevokeFlagTest {
  @TempDir Path home;

  private StateStoreImpl store() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:revoke-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return new StateStoreImpl(ds, home);
  }

  private static Clue clue(String subject) {
    return Clue.builder()
        .subject(subject)
        .district("110105")
        .title("t " + subject)
        .evidence(Evidence.of("persons", "k-" + subject))
        .build();
  }

  @Test
  void onlyCluesFoundSolelyByRevokedVersionsAreFlagged() throws Exception {
    {
      ClueStoreImpl clues = new ClueStoreImpl(store());
      clues.record("m", "1.0.0", "r1", List.of(clue("a"), clue("b")));
      clues.record("m", "1.1.0", "r2", List.of(clue("b"), clue("c")));
      clues.record("m", "1.0.0", "r3", List.of(clue("a")));

      int flagged = clues.flagRevoked("m", Set.of("1.1.0"), "revoked: 1.1.0");
      assertEquals(1, flagged, "only c was found by 1.1.0 alone");
      var page = clues.list(new ClueFilter(null, null, null), 0, 10);
      for (StoredClue c : page.items()) {
        if (c.subject().equals("c")) {
          assertEquals("revoked: 1.1.0", c.flag());
        } else {
          assertNull(c.flag(), c.subject() + " was also found by 1.0.0");
        }
      }
      assertEquals(2, clues.flagRevoked("m", Set.of("1.0.0", "1.1.0"), "all revoked"));
      assertNotNull(clues.list(new ClueFilter(null, null, null), 0, 10).items().get(0).flag());
    }
  }

  @Test
  void runSetsKeepWhatARunFoundOutsideTheQueue() throws Exception {
    {
      ClueStoreImpl clues = new ClueStoreImpl(store());
      clues.recordRunSet("shadow-1", "m", List.of(clue("a"), clue("a"), clue("z")));
      var set = clues.runSet("shadow-1");
      assertEquals(2, set.size());
      assertEquals(
          0,
          clues.list(new ClueFilter(null, null, null), 0, 10).total(),
          "nothing entered the queue");
    }
  }
}
