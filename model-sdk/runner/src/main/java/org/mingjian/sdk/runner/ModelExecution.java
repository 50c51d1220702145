package org.mingjian.sdk.runner;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mingjian.sdk.descriptor.ClueFieldSpec;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.EvidenceMapping;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.descriptor.SqlOutput;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.ModelContext;
import org.mingjian.sdk.model.ModelException;
import org.mingjian.sdk.model.Parameters;
import org.mingjian.sdk.model.Row;
import org.mingjian.sdk.model.RowHandler;
import org.mingjian.sdk.model.RunLog;

/**
 * One execution of a model on one connection: creates the per-run views named after the declared
 * datasets (restricted to the run's district and the declared columns), then runs the Java model or
 * the SQL-only model's query, checking every statement and every clue on the way.
 *
 * <p>The connection is used by this run alone while it runs (its temporary views are private to it)
 * and is not closed here; the views are dropped when the run ends, so a pooled connection can serve
 * the next run. The statements are in the common subset of DuckDB and PostgreSQL.
 */
public final class ModelExecution {
  private static final Pattern DISTRICT = Pattern.compile("\\d{6}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

  private final Connection connection;
  private final ModelDescriptor descriptor;
  private final DatasetResolver resolver;
  private final String district;
  private final Parameters parameters;
  private final RunListener listener;
  private final RunControl control;
  private final int maxClues;
  private final Set<String> declared = new LinkedHashSet<>();
  private final List<String> created = new ArrayList<>();
  private int emitted;

  private ModelExecution(Builder b) {
    this.connection = b.connection;
    this.descriptor = b.descriptor;
    this.resolver = b.resolver;
    this.district = b.district;
    this.parameters = b.parameters;
    this.listener = b.listener;
    this.control = b.control;
    this.maxClues = b.maxClues;
    for (DatasetContract d : descriptor.datasets()) {
      declared.add(d.name());
    }
  }

  /**
   * @return a builder for one execution
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs a Java model.
   *
   * @param model the model service
   * @return the number of clues emitted
   * @throws Exception whatever the model or the engine threw
   */
  public int run(Model model) throws Exception {
    try {
      createViews();
      model.run(new Context());
      return emitted;
    } finally {
      dropViews();
    }
  }

  /**
   * Runs a SQL-only model.
   *
   * @param sqlText the contents of the descriptor's SQL file, with {@code :name} parameters
   * @return the number of clues emitted
   * @throws Exception whatever the engine threw
   */
  public int runSql(String sqlText) throws Exception {
    if (descriptor.kind() != ModelKind.SQL || descriptor.sql() == null) {
      throw new ModelException("model " + descriptor.id() + " is not a SQL model");
    }
    try {
      createViews();
      return runQuery(sqlText);
    } finally {
      dropViews();
    }
  }

  private int runQuery(String sqlText) throws Exception {
    NamedParameters np = NamedParameters.parse(stripTrailingSemicolon(sqlText));
    List<Object> args = new ArrayList<>();
    for (String name : np.names()) {
      if (descriptor.parameter(name).isEmpty()) {
        throw new ModelException(
            "the SQL uses :" + name + ", which the descriptor does not declare");
      }
      args.add(parameters.get(name));
    }
    SqlOutput out = descriptor.sql();
    Context ctx = new Context();
    ctx.progress(0.1);
    ctx.query(
        np.sql(),
        args,
        row -> {
          ctx.emit(toClue(out, row));
          return !ctx.isCancelled();
        });
    ctx.progress(1.0);
    return emitted;
  }

  private Clue toClue(SqlOutput out, Row row) {
    Clue.Builder b =
        Clue.builder().subject(row.getString(out.subject())).title(title(out.title(), row));
    if (out.score() != null) {
      Double s = row.getDouble(out.score());
      b.score(s == null ? 0 : Math.max(0, Math.min(1, s)));
    }
    for (EvidenceMapping m : out.evidence()) {
      String key = row.getString(m.key());
      if (key == null) {
        continue;
      }
      Evidence e = Evidence.of(m.dataset(), key);
      for (Map.Entry<String, String> f : m.fields().entrySet()) {
        e = e.with(f.getKey(), row.get(f.getValue()));
      }
      b.evidence(e);
    }
    Set<String> columns = new LinkedHashSet<>(row.columns());
    for (ClueFieldSpec f : descriptor.clueFields()) {
      if (columns.contains(f.name())) {
        b.field(f.name(), row.get(f.name()));
      }
    }
    return b.build();
  }

  private static String title(String template, Row row) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Object v = row.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v.toString()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String stripTrailingSemicolon(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  /**
   * Drops the views this run created, so that the connection can serve another run, of another
   * model, afterwards (a pooled PostgreSQL connection keeps its temporary views until it closes;
   * PostgreSQL's {@code CREATE OR REPLACE VIEW} cannot drop a column, so another model's view of
   * the same dataset with fewer columns would fail).
   */
  private void dropViews() {
    try (Statement st = connection.createStatement()) {
      for (String name : created) {
        try {
          st.execute("DROP VIEW IF EXISTS " + quote(name));
        } catch (SQLException e) {
          // the connection is probably broken; it will not serve another run
        }
      }
    } catch (SQLException e) {
      // as above
    } finally {
      created.clear();
    }
  }

  private void createViews() throws SQLException {
    if (!DISTRICT.matcher(district).matches()) {
      throw new ModelException("district must be a 6-digit code, got '" + district + "'");
    }
    try (Statement st = connection.createStatement()) {
      for (DatasetContract d : descriptor.datasets()) {
        PhysicalDataset p =
            resolver
                .resolve(d.name())
                .orElseThrow(
                    () -> new ModelException("dataset '" + d.name() + "' is not available"));
        StringBuilder sql =
            new StringBuilder("CREATE OR REPLACE TEMPORARY VIEW ")
                .append(quote(d.name()))
                .append(" AS SELECT ");
        for (int i = 0; i < d.columns().size(); i++) {
          sql.append(i == 0 ? "" : ", ").append(quote(d.columns().get(i)));
        }
        sql.append(" FROM ").append(p.table());
        if (p.districtColumn() != null) {
          // the district was checked to be six digits above, so it is safe as a literal
          sql.append(" WHERE ")
              .append(quote(p.districtColumn()))
              .append(" = '")
              .append(district)
              .append('\'');
        }
        try {
          st.execute(sql.toString());
          created.add(d.name());
        } catch (SQLException e) {
          throw new ModelException(
              "dataset '"
                  + d.name()
                  + "' does not provide the declared columns "
                  + d.columns()
                  + ": "
                  + firstLine(e.getMessage()),
              e);
        }
      }
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private final class Context implements ModelContext {
    private final RunLog log =
        new RunLog() {
          @Override
          public void info(String message, Object... args) {
            listener.log("INFO", format(message, args));
          }

          @Override
          public void warn(String message, Object... args) {
            listener.log("WARN", format(message, args));
          }
        };

    @Override
    public String modelId() {
      return descriptor.id();
    }

    @Override
    public String district() {
      return district;
    }

    @Override
    public Parameters parameters() {
      return parameters;
    }

    @Override
    public void query(String sql, List<?> args, RowHandler handler) {
      if (control.isCancelled()) {
        throw new ModelException("the run was cancelled");
      }
      SqlGuard.check(sql, declared);
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        control.running(ps);
        int i = 1;
        for (Object a : args == null ? List.of() : args) {
          ps.setObject(i++, a instanceof BigDecimal d ? d : a);
        }
        if (control.isCancelled()) {
          throw new ModelException("the run was cancelled");
        }
        try (ResultSet rs = ps.executeQuery()) {
          ResultRow row = new ResultRow(rs);
          while (rs.next()) {
            if (control.isCancelled() || !handler.row(row)) {
              break;
            }
          }
        }
      } catch (ModelException e) {
        throw e;
      } catch (SQLException e) {
        if (control.isCancelled()) {
          throw new ModelException("the run was cancelled", e);
        }
        throw new ModelException("query failed: " + firstLine(e.getMessage()), e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ModelException("row handler failed: " + e, e);
      } finally {
        control.running(null);
      }
    }

    @Override
    public List<Row> queryForList(String sql, Object... args) {
      List<Row> rows = new ArrayList<>();
      query(sql, List.of(args), row -> rows.add(((ResultRow) row).copy()));
      return rows;
    }

    @Override
    public void emit(Clue clue) {
      if (clue.district() != null && !clue.district().equals(district)) {
        throw new ModelException(
            "clue for district " + clue.district() + " emitted by a run for district " + district);
      }
      for (Evidence e : clue.evidence()) {
        if (!declared.contains(e.dataset())) {
          throw new ModelException(
              "evidence names dataset '" + e.dataset() + "', which the model does not declare");
        }
      }
      if (emitted >= maxClues) {
        throw new ModelException("the run exceeded its limit of " + maxClues + " clues");
      }
      emitted++;
      Clue withDistrict = clue.district() != null ? clue : copyWithDistrict(clue);
      listener.clue(withDistrict);
    }

    private Clue copyWithDistrict(Clue clue) {
      Clue.Builder b =
          Clue.builder()
              .subject(clue.subject())
              .district(district)
              .title(clue.title())
              .score(clue.score());
      clue.evidence().forEach(b::evidence);
      clue.fields().forEach(b::field);
      return b.build();
    }

    @Override
    public void progress(double fraction) {
      listener.progress(Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction)));
    }

    @Override
    public boolean isCancelled() {
      return control.isCancelled();
    }

    @Override
    public RunLog log() {
      return log;
    }
  }

  static String format(String message, Object... args) {
    if (message == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    int arg = 0;
    int i = 0;
    while (i < message.length()) {
      if (message.startsWith("{}", i) && args != null && arg < args.length) {
        b.append(args[arg++]);
        i += 2;
      } else {
        b.append(message.charAt(i++));
      }
    }
    return b.toString();
  }

  /** Collects what one execution needs. */
  public static final class Builder {
    private Connection connection;
    private ModelDescriptor descriptor;
    private DatasetResolver resolver;
    private String district;
    private Parameters parameters;
    private RunListener listener;
    private RunControl control = new RunControl();
    private int maxClues = 100_000;

    private Builder() {}

    /**
     * @param c a connection used by this run alone @return this builder
     */
    public Builder connection(Connection c) {
      this.connection = c;
      return this;
    }

    /**
     * @param d the model's descriptor @return this builder
     */
    public Builder descriptor(ModelDescriptor d) {
      this.descriptor = d;
      return this;
    }

    /**
     * @param r maps logical datasets to tables @return this builder
     */
    public Builder resolver(DatasetResolver r) {
      this.resolver = r;
      return this;
    }

    /**
     * @param d the 6-digit district code @return this builder
     */
    public Builder district(String d) {
      this.district = d;
      return this;
    }

    /**
     * @param p bound parameters, see {@link ParameterBinder} @return this builder
     */
    public Builder parameters(Parameters p) {
      this.parameters = p;
      return this;
    }

    /**
     * @param l receives clues, progress and log lines @return this builder
     */
    public Builder listener(RunListener l) {
      this.listener = l;
      return this;
    }

    /**
     * @param c lets another thread cancel the run @return this builder
     */
    public Builder control(RunControl c) {
      this.control = c;
      return this;
    }

    /**
     * @param max the most clues one run may emit @return this builder
     */
    public Builder maxClues(int max) {
      this.maxClues = max;
      return this;
    }

    /**
     * @return the execution @throws NullPointerException when a part is missing
     */
    public ModelExecution build() {
      java.util.Objects.requireNonNull(connection, "connection");
      java.util.Objects.requireNonNull(descriptor, "descriptor");
      java.util.Objects.requireNonNull(resolver, "resolver");
      java.util.Objects.requireNonNull(district, "district");
      java.util.Objects.requireNonNull(parameters, "parameters");
      java.util.Objects.requireNonNull(listener, "listener");
      return new ModelExecution(this);
    }
  }
}
