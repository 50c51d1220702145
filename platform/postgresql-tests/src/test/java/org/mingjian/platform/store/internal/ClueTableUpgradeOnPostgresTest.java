package org.mingjian.platform.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.mingjian.platform.postgresql.PostgresCluster;

/** {@link ClueTableUpgradeTest} on PostgreSQL, the store of real deployments. */
class ClueTableUpgradeOnPostgresTest extends ClueTableUpgradeTest {
  @Override
  protected Connection open() throws SQLException {
    return PostgresCluster.shared().newDatabase("upgrade").getConnection();
  }
}
