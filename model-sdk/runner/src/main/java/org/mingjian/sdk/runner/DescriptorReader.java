package org.mingjian.sdk.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mingjian.sdk.descriptor.BusinessLine;
import org.mingjian.sdk.descriptor.ClueFieldSpec;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.EvidenceMapping;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.descriptor.ParameterSpec;
import org.mingjian.sdk.descriptor.ParameterType;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.descriptor.SqlOutput;

/**
 * Reads a {@code model.json} descriptor and checks it, reporting every problem at once with the
 * path of the offending field.
 */
public final class DescriptorReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern MODEL_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
  private static final Pattern DISTRICT = Pattern.compile("\\d{6}");

  private final List<String> problems = new ArrayList<>();

  private DescriptorReader() {}

  /**
   * @param in the descriptor JSON; not closed
   * @return the descriptor
   * @throws DescriptorException listing every problem found
   */
  public static ModelDescriptor read(InputStream in) throws DescriptorException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new DescriptorException(
          List.of("not valid JSON: " + e.getOriginalMessage() + " at " + location(e)));
    } catch (IOException e) {
      throw new DescriptorException(List.of("cannot read descriptor: " + e.getMessage()));
    }
    return new DescriptorReader().parse(root);
  }

  /**
   * @param json the descriptor JSON text
   * @return the descriptor
   * @throws DescriptorException listing every problem found
   */
  public static ModelDescriptor read(String json) throws DescriptorException {
    return read(
        new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private ModelDescriptor parse(JsonNode root) throws DescriptorException {
    if (root == null || !root.isObject()) {
      throw new DescriptorException(List.of("the descriptor must be a JSON object"));
    }
    String id = text(root, "id", MODEL_ID, "lower-case words joined by '-'");
    String name = text(root, "name", null, null);
    String version = text(root, "version", VERSION, "major.minor.micro");
    String point = text(root, "supervisionPoint", null, null);
    String legal = text(root, "legalBasis", null, null);
    BusinessLine line = enumValue(root, "businessLine", BusinessLine.class);
    String author = text(root, "authorDistrict", DISTRICT, "a 6-digit district code");
    ModelKind kind = enumValue(root, "kind", ModelKind.class);

    List<DatasetContract> datasets = new ArrayList<>();
    Set<String> datasetNames = new HashSet<>();
    JsonNode ds = root.get("datasets");
    if (ds == null || !ds.isArray() || ds.isEmpty()) {
      problems.add("datasets: at least one dataset must be declared");
    } else {
      for (int i = 0; i < ds.size(); i++) {
        String path = "datasets[" + i + "]";
        JsonNode d = ds.get(i);
        String dn = text(d, "name", IDENTIFIER, "a lower-case identifier", path);
        List<String> cols = new ArrayList<>();
        JsonNode cn = d.get("columns");
        if (cn == null || !cn.isArray() || cn.isEmpty()) {
          problems.add(path + ".columns: at least one column must be declared");
        } else {
          for (int c = 0; c < cn.size(); c++) {
            String col = cn.get(c).asText("");
            if (!IDENTIFIER.matcher(col).matches()) {
              problems.add(
                  path + ".columns[" + c + "]: '" + col + "' is not a lower-case identifier");
            } else if (cols.contains(col)) {
              problems.add(path + ".columns[" + c + "]: '" + col + "' is declared twice");
            } else {
              cols.add(col);
            }
          }
        }
        if (dn != null && !datasetNames.add(dn)) {
          problems.add(path + ".name: dataset '" + dn + "' is declared twice");
        }
        if (dn != null) {
          datasets.add(new DatasetContract(dn, cols));
        }
      }
    }

    List<ParameterSpec> parameters = new ArrayList<>();
    JsonNode ps = root.get("parameters");
    if (ps != null && !ps.isArray()) {
      problems.add("parameters: must be a list");
    } else if (ps != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < ps.size(); i++) {
        ParameterSpec spec = parameter(ps.get(i), "parameters[" + i + "]");
        if (spec != null && !seen.add(spec.name())) {
          problems.add("parameters[" + i + "].name: '" + spec.name() + "' is declared twice");
        } else if (spec != null) {
          parameters.add(spec);
        }
      }
    }

    List<ClueFieldSpec> fields = new ArrayList<>();
    JsonNode fs = root.get("clueFields");
    if (fs != null && fs.isArray()) {
      for (int i = 0; i < fs.size(); i++) {
        String path = "clueFields[" + i + "]";
        JsonNode f = fs.get(i);
        String fn = text(f, "name", IDENTIFIER, "a lower-case identifier", path);
        String desc = f.path("description").asText("");
        Sensitivity s =
            f.has("sensitivity")
                ? enumValue(f, "sensitivity", Sensitivity.class, path)
                : Sensitivity.INTERNAL;
        if (fn != null) {
          fields.add(new ClueFieldSpec(fn, desc, s));
        }
      }
    } else if (fs != null) {
      problems.add("clueFields: must be a list");
    }

    SqlOutput sql = null;
    JsonNode sn = root.get("sql");
    if (kind == ModelKind.SQL) {
      if (sn == null || !sn.isObject()) {
        problems.add(
            "sql: a SQL model must describe its query ('file', 'subject', 'title', 'evidence')");
      } else {
        sql = sqlOutput(sn, datasetNames);
      }
    } else if (kind == ModelKind.JAVA && sn != null) {
      problems.add("sql: only SQL models have a 'sql' section");
    }

    if (!problems.isEmpty()) {
      throw new DescriptorException(problems);
    }
    return new ModelDescriptor(
        id, name, version, point, legal, line, author, kind, datasets, parameters, fields, sql);
  }

  private SqlOutput sqlOutput(JsonNode sn, Set<String> datasetNames) {
    String file = text(sn, "file", null, null, "sql");
    if (file != null && (file.startsWith("/") || file.contains("..") || file.contains("\\"))) {
      problems.add("sql.file: must be a relative path inside the bundle without '..'");
    }
    String subject = text(sn, "subject", IDENTIFIER, "a result column", "sql");
    String title = text(sn, "title", null, null, "sql");
    String score = sn.hasNonNull("score") ? sn.get("score").asText() : null;
    List<EvidenceMapping> evidence = new ArrayList<>();
    JsonNode en = sn.get("evidence");
    if (en == null || !en.isArray() || en.isEmpty()) {
      problems.add("sql.evidence: each clue needs at least one piece of evidence");
    } else {
      for (int i = 0; i < en.size(); i++) {
        String path = "sql.evidence[" + i + "]";
        JsonNode e = en.get(i);
        String dataset = text(e, "dataset", IDENTIFIER, "a declared dataset", path);
        if (dataset != null && !datasetNames.contains(dataset)) {
          problems.add(path + ".dataset: '" + dataset + "' is not a declared dataset");
        }
        String key = text(e, "key", IDENTIFIER, "a result column", path);
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode fm = e.get("fields");
        if (fm != null && fm.isObject()) {
          fm.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText()));
        } else if (fm != null) {
          problems.add(path + ".fields: must map evidence fields to result columns");
        }
        if (dataset != null && key != null) {
          evidence.add(new EvidenceMapping(dataset, key, map));
        }
      }
    }
    return new SqlOutput(file, subject, title, score, evidence);
  }

  private ParameterSpec parameter(JsonNode p, String path) {
    String name =
        text(p, "name", Pattern.compile("[a-zA-Z][a-zA-Z0-9]*"), "a camelCase identifier", path);
    ParameterType type = enumValue(p, "type", ParameterType.class, path);
    String desc = p.path("description").asText("");
    Double min = p.hasNonNull("min") ? p.get("min").asDouble() : null;
    Double max = p.hasNonNull("max") ? p.get("max").asDouble() : null;
    if ((min != null || max != null)
        && type != ParameterType.INTEGER
        && type != ParameterType.DECIMAL) {
      problems.add(path + ": only INTEGER and DECIMAL parameters have bounds");
    }
    if (min != null && max != null && min > max) {
      problems.add(path + ": min " + min + " is above max " + max);
    }
    Object def = null;
    JsonNode dn = p.get("default");
    if (dn == null || dn.isNull()) {
      problems.add(path + ".default: every parameter needs a default");
    } else if (type != null) {
      try {
        def = ParameterBinder.convert(type, MAPPER.convertValue(dn, Object.class));
        ParameterBinder.checkBounds(min, max, def);
      } catch (IllegalArgumentException e) {
        problems.add(path + ".default: " + e.getMessage());
      }
    }
    if (name == null || type == null) {
      return null;
    }
    return new ParameterSpec(name, type, def, min, max, desc);
  }

  private String text(JsonNode node, String field, Pattern pattern, String expected) {
    return text(node, field, pattern, expected, null);
  }

  private String text(
      JsonNode node, String field, Pattern pattern, String expected, String parent) {
    String path = parent == null ? field : parent + "." + field;
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
      problems.add(path + ": required");
      return null;
    }
    String s = v.asText().trim();
    if (pattern != null && !pattern.matcher(s).matches()) {
      problems.add(path + ": '" + s + "' is not " + expected);
      return null;
    }
    return s;
  }

  private <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type) {
    return enumValue(node, field, type, null);
  }

  private <E extends Enum<E>> E enumValue(
      JsonNode node, String field, Class<E> type, String parent) {
    String s = text(node, field, null, null, parent);
    if (s == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      problems.add(
          (parent == null ? field : parent + "." + field)
              + ": '"
              + s
              + "' is not one of "
              + Arrays.toString(type.getEnumConstants()));
      return null;
    }
  }
}
