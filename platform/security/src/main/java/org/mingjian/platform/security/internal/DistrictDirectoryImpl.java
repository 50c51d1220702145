package org.mingjian.platform.security.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mingjian.platform.security.District;
import org.mingjian.platform.security.DistrictDirectory;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Districts from the state store's {@code districts} table. */
@Component(service = DistrictDirectory.class)
public final class DistrictDirectoryImpl implements DistrictDirectory {
  private final StateStore store;

  @Activate
  public DistrictDirectoryImpl(@Reference StateStore store) {
    this.store = store;
  }

  @Override
  public List<District> list() {
    return store.inTransaction(
        c -> {
          List<District> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT code, name FROM districts ORDER BY code");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new District(rs.getString(1), rs.getString(2)));
            }
          }
          return out;
        });
  }

  @Override
  public Optional<District> find(String code) {
    if (code == null || !code.matches("\\d{6}")) {
      return Optional.empty();
    }
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT code, name FROM districts WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new District(rs.getString(1), rs.getString(2)))
                  : Optional.<District>empty();
            }
          }
        });
  }
}
