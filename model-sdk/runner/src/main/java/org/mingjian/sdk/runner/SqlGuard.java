package org.mingjian.sdk.runner;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.mingjian.sdk.model.ModelException;

/**
 * Checks that a model's SQL is a single read-only query over the datasets its descriptor declares:
 * no DDL or DML, no schema-qualified or undeclared tables, no table functions (which could read
 * files).
 */
public final class SqlGuard {
  private SqlGuard() {}

  /**
   * @param sql the statement, with {@code ?} placeholders
   * @param declared the logical dataset names the model may read
   * @throws ModelException explaining why the statement is refused
   */
  public static void check(String sql, Set<String> declared) {
    Statement statement;
    try {
      Statements all = CCJSqlParserUtil.parseStatements(sql, parser -> parser.withTimeOut(5_000));
      if (all == null || all.isEmpty()) {
        throw new ModelException("SQL does not parse: no statement");
      }
      if (all.size() != 1) {
        throw new ModelException("exactly one statement is allowed, got " + all.size());
      }
      statement = all.get(0);
    } catch (JSQLParserException e) {
      String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new ModelException("SQL does not parse: " + firstLine(reason));
    } catch (StackOverflowError e) {
      throw new ModelException("SQL is too deeply nested to check");
    }
    if (!(statement instanceof Select)) {
      throw new ModelException(
          "only SELECT queries are allowed, got "
              + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
    }
    Finder finder = new Finder();
    Set<String> tables;
    try {
      tables = finder.getTables(statement);
    } catch (StackOverflowError e) {
      throw new ModelException("SQL is too deeply nested to check");
    }
    if (!finder.functions.isEmpty()) {
      throw new ModelException("table functions are not allowed: " + finder.functions);
    }
    Set<String> undeclared = new TreeSet<>();
    for (String t : tables) {
      String name = unquote(t);
      if (name.contains(".") || !declared.contains(name)) {
        undeclared.add(t);
      }
    }
    if (!undeclared.isEmpty()) {
      throw new ModelException(
          "the query reads datasets the model does not declare: "
              + undeclared
              + " (declared: "
              + new TreeSet<>(declared)
              + ")");
    }
  }

  private static String unquote(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.split("\\.")) {
      if (b.length() > 0) {
        b.append('.');
      }
      String p = part;
      if (p.length() >= 2
          && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("`") && p.endsWith("`"))) {
        p = p.substring(1, p.length() - 1);
      }
      b.append(p.toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static final class Finder extends TablesNamesFinder<Void> {
    final Set<String> functions = new TreeSet<>();

    @Override
    public <S> Void visit(TableFunction tableFunction, S context) {
      functions.add(tableFunction.getFunction().getName());
      return null;
    }

    @Override
    public <S> Void visit(Table table, S context) {
      return super.visit(table, context);
    }
  }
}
