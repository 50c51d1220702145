package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.ColumnQuality;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.data.Ingestion;
import org.mingjian.platform.data.Ingestions;
import org.mingjian.platform.data.QualityReport;
import org.mingjian.platform.data.RunRef;
import org.mingjian.platform.data.VersionInfo;
import org.mingjian.platform.security.Role;
import org.mingjian.sdk.connector.ConfigField;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The datasets of the data pool: schema, sensitivity, current version; registration and CSV
 * ingestion by data stewards.
 */
@Component(service = DatasetsResource.class)
@JaxrsResource
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetsResource {
  private final DataPool pool;
  private final Ingestions ingestions;
  private final Auditor audit;

  @Activate
  public DatasetsResource(
      @Reference DataPool pool, @Reference Ingestions ingestions, @Reference Auditor audit) {
    this.pool = pool;
    this.ingestions = ingestions;
    this.audit = audit;
  }

  @GET
  public Response list(@Context SecurityContext sc) {
    Caller.of(sc);
    List<Map<String, Object>> items = pool.datasets().stream().map(DatasetsResource::view).toList();
    return Json.ok(new Paging(0, Math.max(1, items.size())).body(items, items.size()));
  }

  /** How many runs per version the lineage lists. */
  static final int LINEAGE_RUNS = 50;

  /**
   * The dataset with its versions (newest first), the quality report of the current version, and
   * its lineage: the latest runs that read each version (a district user sees their district's runs
   * only).
   */
  @GET
  @Path("{name}")
  public Response get(@Context SecurityContext sc, @PathParam("name") String name) {
    Caller caller = Caller.of(sc);
    DatasetInfo info =
        pool.dataset(name).orElseThrow(() -> ApiException.notFound("no dataset '" + name + "'"));
    Map<String, Object> m = view(info);
    List<Map<String, Object>> versions = new ArrayList<>();
    for (VersionInfo v : pool.versions(name)) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("version", v.version());
      vm.put("rows", v.rows());
      vm.put("sha256", v.sha256());
      vm.put("source", v.source());
      vm.put("loadedAt", v.loadedAt() == null ? null : v.loadedAt().toString());
      vm.put("loadedBy", v.loadedBy());
      vm.put("rowsRead", v.rowsRead());
      vm.put("rowsRejected", v.rowsRejected());
      versions.add(vm);
    }
    m.put("versions", versions);
    m.put(
        "quality",
        info.currentVersion() == null
            ? null
            : pool.quality(name, info.currentVersion())
                .map(DatasetsResource::quality)
                .orElse(null));
    List<Map<String, Object>> lineage = new ArrayList<>();
    for (Map.Entry<Integer, List<RunRef>> e : pool.lineage(name, LINEAGE_RUNS).entrySet()) {
      List<Map<String, Object>> runs = new ArrayList<>();
      for (RunRef r : e.getValue()) {
        if (!caller.mayAccess(r.district())) {
          continue;
        }
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("runId", r.runId());
        rm.put("modelId", r.modelId());
        rm.put("district", r.district());
        rm.put("requestedAt", r.requestedAt() == null ? null : r.requestedAt().toString());
        rm.put("state", r.state());
        runs.add(rm);
      }
      if (!runs.isEmpty()) {
        lineage.add(Map.of("version", e.getKey(), "runs", runs));
      }
    }
    m.put("lineage", lineage);
    return Json.ok(m);
  }

  static Map<String, Object> quality(QualityReport q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", q.version());
    m.put("keyColumn", q.keyColumn());
    List<Map<String, Object>> cols = new ArrayList<>();
    for (ColumnQuality c : q.columns()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("column", c.column());
      cm.put("nulls", c.nulls());
      cm.put("nullRate", c.nullRate());
      cm.put("invalid", c.invalid());
      cm.put("invalidRate", c.invalidRate());
      cm.put("distinctValues", c.distinctValues());
      cm.put("duplicates", c.duplicates());
      cm.put("duplicateRate", c.duplicateRate());
      cols.add(cm);
    }
    m.put("rowsRead", q.columns().isEmpty() ? 0 : q.columns().get(0).rows());
    m.put("rowsLoaded", q.columns().isEmpty() ? 0 : q.columns().get(0).loaded());
    m.put("columns", cols);
    return m;
  }

  /** Registers a dataset: 201 when new, 200 when the same definition is registered already. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(@Context SecurityContext sc, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.DATA_STEWARD);
    DatasetDefinition def = definition(Json.object(body));
    boolean existed = pool.dataset(def.name()).isPresent();
    try {
      pool.register(def);
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw invalid(List.of(e.getMessage()));
    }
    DatasetInfo info = pool.dataset(def.name()).orElseThrow();
    if (existed) {
      return Json.ok(view(info));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("owner", String.valueOf(def.owner()));
    details.put("cityWide", def.districtColumn() == null);
    details.put("columns", def.columns().size());
    details.put("purpose", String.valueOf(def.purpose()));
    details.put("retentionUntil", String.valueOf(def.retentionUntil()));
    audit.record(caller, "dataset.registered", def.name(), details);
    return Json.status(201, view(info));
  }

  /**
   * Queues the load of a CSV body ({@code text/csv}) or of a connector's rows ({@code
   * application/json} {@code {connector, config}}) as the dataset's next version; 202 with the
   * ingestion, which {@code GET /ingestions/{id}} follows.
   */
  @POST
  @Path("{name}/ingestions")
  public Response ingest(
      @Context SecurityContext sc,
      @PathParam("name") String name,
      @QueryParam("encoding") String encoding,
      @QueryParam("force") String force,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body) {
    Caller caller = Caller.of(sc).require(Role.DATA_STEWARD);
    if (pool.dataset(name).isEmpty()) {
      throw ApiException.notFound("no dataset '" + name + "'");
    }
    if (isJson(contentType)) {
      if (encoding != null || force != null) {
        throw ApiException.badRequest(
            "encoding and force go in the JSON body of a connector load (config.encoding, force)");
      }
      return connector(caller, name, body);
    }
    boolean forced = flag("force", force);
    if (!isCsv(contentType)) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "send a file as text/csv, or {connector, config} as application/json",
          Map.of());
    }
    Charset charset;
    try {
      charset = Ingestions.encoding(encoding);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (body == null) {
      throw ApiException.badRequest("a CSV body is required");
    }
    audit.record(
        caller,
        "data.ingestion.requested",
        name,
        Map.of("encoding", charset.name(), "force", forced));
    Ingestion queued;
    try {
      queued =
          ingestions.submit(
              name, body, charset, caller.getName(), caller.user().district(), forced);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("the upload could not be read: " + e.getMessage());
    } catch (WebApplicationException e) {
      throw e; // 413 from the body limit
    }
    return Json.status(202, IngestionsResource.view(queued));
  }

  private Response connector(Caller caller, String name, InputStream body) {
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : body.readNBytes(MAX_JSON_BYTES + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("the body could not be read: " + e.getMessage());
    }
    if (bytes.length > MAX_JSON_BYTES) {
      throw new ApiException(413, "payload_too_large", "the body is larger than 1 MiB", Map.of());
    }
    JsonNode json = Json.object(bytes);
    String connector = Json.text(json, "connector");
    if (connector == null || connector.isBlank()) {
      throw ApiException.badRequest("'connector' is required");
    }
    Map<String, Object> config = Json.map(json, "config");
    JsonNode forceNode = json.get("force");
    if (forceNode != null && !forceNode.isNull() && !forceNode.isBoolean()) {
      throw ApiException.badRequest("'force' must be true or false");
    }
    boolean forced = forceNode != null && forceNode.asBoolean(false);
    Ingestion queued;
    try {
      queued =
          ingestions.submit(
              name, connector, config, caller.getName(), caller.user().district(), forced);
    } catch (java.util.NoSuchElementException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (Ingestions.InvalidConfigException e) {
      throw ApiException.invalid(
          "the connector configuration is invalid: " + e.getMessage(),
          Map.of("report", Map.of("valid", false, "reasons", e.reasons())));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ingestion", queued.id());
    details.put("connector", connector);
    details.put("config", publicConfig(connector, config));
    details.put("force", forced);
    audit.record(caller, "data.ingestion.requested", name, details);
    return Json.status(202, IngestionsResource.view(queued));
  }

  /** The configuration without its secret fields, for the audit trail. */
  private Map<String, Object> publicConfig(String connector, Map<String, Object> config) {
    Map<String, Object> out = new LinkedHashMap<>(config);
    ingestions.connectors().stream()
        .filter(c -> c.name().equals(connector))
        .flatMap(c -> c.configSchema().stream())
        .filter(ConfigField::secret)
        .forEach(f -> out.computeIfPresent(f.name(), (k, v) -> "***"));
    return out;
  }

  private static final int MAX_JSON_BYTES = 1 << 20;

  /** A yes/no query parameter: absent is false; anything but true or false is a 400. */
  private static boolean flag(String name, String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw ApiException.badRequest("'" + name + "' must be true or false, not '" + value + "'");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType t = MediaType.valueOf(contentType);
      return t.getType().equalsIgnoreCase("application") && t.getSubtype().equalsIgnoreCase("json");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isCsv(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType t = MediaType.valueOf(contentType);
      return t.getType().equalsIgnoreCase("text") && t.getSubtype().equalsIgnoreCase("csv");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The dataset as {@link Views#dataset} shows it, plus its governance facts. */
  static Map<String, Object> view(DatasetInfo d) {
    Map<String, Object> m = new LinkedHashMap<>(Views.dataset(d));
    m.put("purpose", d.definition().purpose());
    m.put(
        "retentionUntil",
        d.definition().retentionUntil() == null
            ? null
            : d.definition().retentionUntil().toString());
    return m;
  }

  private static ApiException invalid(List<String> reasons) {
    return ApiException.invalid(
        "the dataset definition is invalid: " + String.join("; ", reasons),
        Map.of("report", Map.of("valid", false, "reasons", reasons)));
  }

  /** Reads a definition, collecting every problem; 400 for wrong JSON types, 422 for the rest. */
  static DatasetDefinition definition(JsonNode node) {
    List<String> reasons = new ArrayList<>();
    String name = Json.text(node, "name");
    String description = Json.text(node, "description");
    String owner = Json.text(node, "owner");
    String districtColumn = Json.text(node, "districtColumn");
    String keyColumn = Json.text(node, "keyColumn");
    String purpose = Json.text(node, "purpose");
    String retention = Json.text(node, "retentionUntil");
    if (name == null || name.isBlank()) {
      reasons.add("name is required");
    } else if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
      reasons.add("name '" + name + "' is not a lower-case identifier ([a-z][a-z0-9_]*, ≤ 63)");
    }
    if (owner == null || owner.isBlank()) {
      reasons.add("owner (the department owning the data) is required");
    }
    if (keyColumn == null || keyColumn.isBlank()) {
      reasons.add("keyColumn is required");
    }
    if (purpose == null || purpose.isBlank()) {
      reasons.add("purpose is required");
    }
    LocalDate retentionUntil = null;
    if (retention == null || retention.isBlank()) {
      reasons.add("retentionUntil (yyyy-MM-dd) is required");
    } else {
      try {
        retentionUntil = LocalDate.parse(retention);
        if (retentionUntil.isBefore(LocalDate.now())) {
          reasons.add("retentionUntil " + retention + " is in the past");
        }
      } catch (DateTimeParseException e) {
        reasons.add("retentionUntil '" + retention + "' is not a date (yyyy-MM-dd)");
      }
    }
    if (districtColumn != null && districtColumn.isBlank()) {
      districtColumn = null;
    }
    List<ColumnInfo> columns = new ArrayList<>();
    JsonNode cols = node.get("columns");
    if (cols == null || cols.isNull() || (cols.isArray() && cols.isEmpty())) {
      reasons.add("columns are required");
    } else if (!cols.isArray()) {
      throw ApiException.badRequest("'columns' must be an array");
    } else if (cols.size() > 500) {
      reasons.add("a dataset has at most 500 columns");
    } else {
      for (int i = 0; i < cols.size(); i++) {
        JsonNode c = cols.get(i);
        if (!c.isObject()) {
          throw ApiException.badRequest("each column must be an object");
        }
        String cname = Json.text(c, "name");
        String type = Json.text(c, "type");
        String sensitivity = Json.text(c, "sensitivity");
        Optional<Sensitivity> grade = grade(sensitivity);
        if (grade.isEmpty()) {
          reasons.add(
              "column "
                  + (cname == null ? "#" + (i + 1) : "'" + cname + "'")
                  + ": sensitivity must be one of PUBLIC, INTERNAL, PERSONAL, SENSITIVE");
        }
        columns.add(
            new ColumnInfo(
                cname,
                type == null ? null : type.strip().toUpperCase(Locale.ROOT),
                grade.orElse(null)));
      }
    }
    if (!reasons.isEmpty()) {
      throw invalid(reasons);
    }
    return new DatasetDefinition(
        name, description, owner, districtColumn, keyColumn, columns, purpose, retentionUntil);
  }

  private static Optional<Sensitivity> grade(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Sensitivity.valueOf(s.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
