package org.mingjian.platform.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness fails loudly without PostgreSQL, and its cluster really runs. */
class PostgresClusterTest {
  @TempDir Path empty;

  @Test
  void withoutTheBinariesTheTestsFailSayingWhatToInstall() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> PostgresCluster.binaries(List.of(empty)));
    assertTrue(
        e.getMessage().endsWith("install PostgreSQL: apt-get install -y postgresql"),
        e.getMessage());
  }

  @Test
  void theSharedClusterAnswersOnLoopback() throws Exception {
    PostgresCluster pg = PostgresCluster.shared();
    try (var c = pg.newDatabase("probe").getConnection();
        var rs = c.createStatement().executeQuery("SELECT current_setting('fsync'), 1 + 1")) {
      rs.next();
      assertEquals("off", rs.getString(1));
      assertEquals(2, rs.getInt(2));
    }
  }
}
