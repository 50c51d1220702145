package org.mingjian.platform.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mingjian.platform.clues.internal.ClueStoreImpl;
import org.mingjian.plugins.blr.BarredLegalRepresentative;
import org.mingjian.plugins.pic.PensionInCustody;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.runner.DescriptorReader;
import org.mingjian.sdk.runner.ModelExecution;
import org.mingjian.sdk.runner.ParameterBinder;
import org.mingjian.sdk.runner.RunListener;

/**
 * The six reference models as the platform runs them: descriptor and SQL read from each plugin jar,
 * Java models instantiated, executed by the SDK's {@link ModelExecution} on a given connection.
 */
final class ReferenceModels {

  /** One reference model, ready to run. */
  record Ref(ModelDescriptor descriptor, String sql, Model model) {
    String id() {
      return descriptor.id();
    }

    /**
     * Runs the model with its default parameters.
     *
     * @return the clues, in emission order
     */
    List<Clue> run(Connection c, String district) throws Exception {
      List<Clue> clues = new ArrayList<>();
      ModelExecution e =
          ModelExecution.builder()
              .connection(c)
              .descriptor(descriptor)
              .resolver(DemoPools.resolver())
              .district(district)
              .parameters(ParameterBinder.bind(descriptor, Map.of()))
              .listener(
                  new RunListener() {
                    @Override
                    public void clue(Clue clue) {
                      clues.add(clue);
                    }
                  })
              .build();
      if (descriptor.kind() == ModelKind.SQL) {
        e.runSql(sql);
      } else {
        e.run(model);
      }
      return clues;
    }
  }

  private ReferenceModels() {}

  /**
   * @return the six reference models by id, from the plugin jars on the class path
   */
  static Map<String, Ref> all() throws Exception {
    Map<String, Model> java =
        Map.of(
            "pension-in-custody", new PensionInCustody(),
            "barred-legal-representative", new BarredLegalRepresentative());
    Map<String, Ref> refs = new TreeMap<>();
    ClassLoader cl = ReferenceModels.class.getClassLoader();
    for (URL url : Collections.list(cl.getResources("META-INF/mingjian/model.json"))) {
      ModelDescriptor d;
      try (InputStream in = url.openStream()) {
        d = DescriptorReader.read(in);
      }
      String sql = null;
      if (d.kind() == ModelKind.SQL) {
        URL sqlUrl = new URL(url.toString().replace("model.json", d.sql().file()));
        try (InputStream in = sqlUrl.openStream()) {
          sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      refs.put(d.id(), new Ref(d, sql, java.get(d.id())));
    }
    if (refs.size() != 6) {
      throw new IOException(
          "expected the six reference models on the class path, found " + refs.keySet());
    }
    return refs;
  }

  /**
   * What must be equal whatever the engine: per fingerprint (the platform's de-duplication key),
   * the subject, title, score, evidence keys and values, and the clue's fields. Numbers compare by
   * value (DuckDB's BIGINT and PostgreSQL's NUMERIC for the same whole number are the same), dates
   * by their ISO text.
   *
   * @return fingerprint to a comparable description
   */
  static Map<String, String> comparable(String modelId, List<Clue> clues) {
    Map<String, String> out = new TreeMap<>();
    for (Clue c : clues) {
      StringBuilder b =
          new StringBuilder()
              .append("subject=")
              .append(c.subject())
              .append(" district=")
              .append(c.district())
              .append(" title=")
              .append(c.title())
              .append(String.format(" score=%.9f", c.score()));
      for (Evidence e : c.evidence()) {
        b.append(" evidence=").append(e.dataset()).append('/').append(e.rowKey()).append(' ');
        b.append(values(e.fields()));
      }
      b.append(" fields=").append(values(c.fields()));
      String previous = out.put(ClueStoreImpl.fingerprint(modelId, c), b.toString());
      if (previous != null) {
        throw new AssertionError("two clues with one fingerprint: " + previous + " / " + b);
      }
    }
    return out;
  }

  private static Map<String, String> values(Map<String, Object> fields) {
    Map<String, String> out = new TreeMap<>();
    fields.forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number n) {
      BigDecimal d =
          n instanceof BigDecimal bd
              ? bd
              : (n instanceof Double || n instanceof Float)
                  ? BigDecimal.valueOf(n.doubleValue())
                  : new BigDecimal(n.toString());
      return d.stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }
}
