package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.clues.ClueEvent;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.ClueMetrics;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.clues.ClueWorkflowException;
import org.mingjian.platform.clues.Page;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The clue queue: lists and details, personal data masked; the workflow (transitions, comments,
 * bulk transitions), the CSV export and the per-model metrics.
 */
@Component(service = CluesResource.class)
@JaxrsResource
@Path("/api/v1/clues")
@Produces(MediaType.APPLICATION_JSON)
public final class CluesResource {
  private static final Set<String> STATES =
      Set.of("NEW", "ASSIGNED", "VERIFYING", "CONFIRMED", "DISMISSED");
  private static final int MAX_BULK = 500;
  private static final int MAX_COMMENT = 4000;
  private static final int EXPORT_PAGE = 500;
  private static final List<String> CSV_COLUMNS =
      List.of(
          "id",
          "model_id",
          "district",
          "subject",
          "title",
          "score",
          "state",
          "assignee",
          "disposition",
          "first_seen",
          "last_seen",
          "age_days");
  private final ClueStore clues;
  private final DataPool pool;
  private final ModelRegistry registry;

  private final Auditor audit;

  @Activate
  public CluesResource(
      @Reference ClueStore clues,
      @Reference DataPool pool,
      @Reference ModelRegistry registry,
      @Reference Auditor audit) {
    this.clues = clues;
    this.pool = pool;
    this.registry = registry;
    this.audit = audit;
  }

  /**
   * Shows a clue's personal data to an analyst of its district who states why. Every reveal is in
   * the audit chain with its reason; a reveal of SENSITIVE data is also queued for the auditors'
   * review (action {@code clue.revealed.sensitive}).
   */
  @POST
  @Path("{id}/reveal")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reveal(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.ANALYST);
    StoredClue c = clues.get(id).orElseThrow(() -> ApiException.notFound("no clue '" + id + "'"));
    if (!caller.user().district().equals(c.district())) {
      throw ApiException.forbidden(
          "only analysts of district " + c.district() + " may reveal this clue");
    }
    String reason = Json.text(Json.object(body), "reason");
    if (reason == null || reason.strip().length() < 5) {
      throw ApiException.invalid(
          "state why you need the personal data (at least 5 characters)",
          Map.of("reason", "required"));
    }
    if (reason.length() > 1000) {
      throw ApiException.invalid(
          "the reason is longer than 1000 characters", Map.of("reason", "too long"));
    }
    var model = registry.model(c.modelId());
    boolean sensitive = Views.hasSensitive(c, pool, model);
    audit.record(
        caller,
        sensitive ? "clue.revealed.sensitive" : "clue.revealed",
        id,
        Map.of(
            "reason",
            reason.strip(),
            "modelId",
            c.modelId(),
            "district",
            c.district(),
            "reviewRequired",
            sensitive));
    return Json.ok(Views.clue(c, true, pool, model, true));
  }

  @GET
  public Response list(
      @Context SecurityContext sc,
      @QueryParam("district") String district,
      @QueryParam("modelId") String modelId,
      @QueryParam("state") String state,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN, Role.REVIEWER);
    Paging paging = Paging.of(page, size);
    if (state != null && !STATES.contains(state)) {
      throw ApiException.badRequest("unknown clue state '" + state + "'");
    }
    if (district != null && !district.matches("\\d{6}")) {
      throw ApiException.badRequest("'district' must be a 6-digit code");
    }
    String scope = district;
    if (!caller.mayAccess(district == null ? caller.user().district() : district)) {
      throw ApiException.forbidden("district " + district + " is not yours");
    }
    if (!caller.user().district().equals(org.mingjian.platform.security.User.CITY_OFFICE)) {
      scope = caller.user().district();
    }
    Page<StoredClue> p =
        clues.list(new ClueFilter(scope, modelId, state), paging.page(), paging.size());
    List<Map<String, Object>> items =
        p.items().stream()
            .map(c -> Views.clue(c, false, pool, registry.model(c.modelId())))
            .toList();
    return Json.ok(paging.body(items, p.total()));
  }

  @GET
  @Path("{id}")
  public Response get(@Context SecurityContext sc, @PathParam("id") String id) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN, Role.REVIEWER);
    StoredClue c = clues.get(id).orElseThrow(() -> ApiException.notFound("no clue '" + id + "'"));
    caller.requireDistrict(c.district());
    return Json.ok(detail(c));
  }

  /** The masked detail with the clue's history, as GET /clues/{id} answers. */
  private Map<String, Object> detail(StoredClue c) {
    Map<String, Object> m = Views.clue(c, true, pool, registry.model(c.modelId()));
    m.put("history", Views.history(clues.events(c.id())));
    return m;
  }

  /** The clue, 404 when unknown, 403 unless the caller is an ANALYST of its district. */
  private StoredClue ownClue(Caller caller, String id) {
    StoredClue c = clues.get(id).orElseThrow(() -> ApiException.notFound("no clue '" + id + "'"));
    if (!caller.user().district().equals(c.district())) {
      throw ApiException.forbidden(
          "only analysts of district " + c.district() + " may work on this clue");
    }
    return c;
  }

  private static ApiException refused(ClueWorkflowException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> ApiException.notFound(e.getMessage());
      case CONFLICT ->
          new ApiException(409, "conflict", e.getMessage(), Map.of("ids", e.clueIds()));
      case INVALID -> ApiException.invalid(e.getMessage(), Map.of());
    };
  }

  /** The fields of a transition request. */
  private record Step(String to, String note, String disposition, String assignee) {
    static Step of(JsonNode body) {
      String to = Json.text(body, "to");
      if (to == null || to.isBlank()) {
        throw ApiException.invalid("say which state to move to", Map.of("to", "required"));
      }
      if (!STATES.contains(to)) {
        throw ApiException.invalid(
            "unknown clue state '" + to + "'", Map.of("to", "one of " + ClueStore.STATES));
      }
      String note = Json.text(body, "note");
      if (note != null && note.length() > MAX_COMMENT) {
        throw ApiException.invalid(
            "the note is longer than " + MAX_COMMENT + " characters", Map.of("note", "too long"));
      }
      return new Step(
          to,
          note,
          blankToNull(Json.text(body, "disposition")),
          blankToNull(Json.text(body, "assignee")));
    }

    Map<String, Object> audit() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("to", to);
      if (disposition != null) {
        m.put("disposition", disposition);
      }
      if (assignee != null) {
        m.put("assignee", assignee);
      }
      if (note != null && !note.isBlank()) {
        m.put("note", note.strip());
      }
      return m;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * Moves a clue along the workflow. 409 when the step is not allowed from its state, 422 for a
   * missing or unknown disposition (CONFIRMED) or assignee (ASSIGNED).
   */
  @POST
  @Path("{id}/transitions")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response transition(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.ANALYST);
    StoredClue before = ownClue(caller, id);
    Step step = Step.of(Json.object(body));
    StoredClue after;
    try {
      after =
          clues.transition(
              id, step.to(), step.note(), step.disposition(), step.assignee(), caller.getName());
    } catch (ClueWorkflowException e) {
      throw refused(e);
    }
    Map<String, Object> details = step.audit();
    details.put("from", before.state());
    details.put("modelId", before.modelId());
    audit.record(caller, "clue.transition", id, details);
    return Json.ok(detail(after));
  }

  /** Adds a comment to a clue's history: joint analysis (研判会商) among the district's analysts. */
  @POST
  @Path("{id}/comments")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response comment(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.ANALYST);
    ownClue(caller, id);
    String text = Json.text(Json.object(body), "text");
    if (text == null || text.isBlank()) {
      throw ApiException.invalid("the comment is empty", Map.of("text", "required"));
    }
    if (text.length() > MAX_COMMENT) {
      throw ApiException.invalid(
          "the comment is longer than " + MAX_COMMENT + " characters", Map.of("text", "too long"));
    }
    ClueEvent event;
    try {
      event = clues.comment(id, text, caller.getName());
    } catch (ClueWorkflowException e) {
      throw refused(e);
    }
    audit.record(
        caller, "clue.comment", id, Map.of("eventId", event.id(), "length", text.length()));
    return Json.status(201, Views.event(event));
  }

  /**
   * Moves up to 500 clues of the caller's district at once, all or nothing: an unknown clue is 404,
   * a clue of another district 403, a step not allowed for some clue 409 listing them; nothing
   * changes then.
   */
  @POST
  @Path("transitions/bulk")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response bulk(@Context SecurityContext sc, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.ANALYST);
    JsonNode json = Json.object(body);
    JsonNode idsNode = json.get("ids");
    if (idsNode == null || !idsNode.isArray() || idsNode.isEmpty()) {
      throw ApiException.invalid("list the clues to move", Map.of("ids", "required"));
    }
    if (idsNode.size() > MAX_BULK) {
      throw ApiException.invalid(
          "at most " + MAX_BULK + " clues at once", Map.of("ids", "more than " + MAX_BULK));
    }
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode n : idsNode) {
      if (!n.isTextual()) {
        throw ApiException.badRequest("'ids' must hold strings");
      }
      ids.add(n.asText());
    }
    Step step = Step.of(json);
    List<String> missing = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    for (String id : ids) {
      clues
          .get(id)
          .ifPresentOrElse(
              c -> {
                if (!caller.user().district().equals(c.district())) {
                  foreign.add(id);
                }
              },
              () -> missing.add(id));
    }
    if (!missing.isEmpty()) {
      throw new ApiException(404, "not_found", "no clue " + missing, Map.of("ids", missing));
    }
    if (!foreign.isEmpty()) {
      throw new ApiException(
          403, "forbidden", "clues of another district: " + foreign, Map.of("ids", foreign));
    }
    List<StoredClue> moved;
    try {
      moved =
          clues.transitionAll(
              List.copyOf(ids),
              step.to(),
              step.note(),
              step.disposition(),
              step.assignee(),
              caller.getName());
    } catch (ClueWorkflowException e) {
      throw refused(e);
    }
    Map<String, Object> details = step.audit();
    details.put("ids", List.copyOf(ids));
    details.put("count", ids.size());
    audit.record(caller, "clue.transition.bulk", step.to(), details);
    List<Map<String, Object>> items =
        moved.stream().map(c -> Views.clue(c, false, pool, registry.model(c.modelId()))).toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("count", items.size());
    answer.put("items", items);
    return Json.ok(answer);
  }

  /**
   * The caller's district's clues as CSV, personal data masked as in the JSON list; every export is
   * in the audit chain with its filter and row count.
   */
  @GET
  @Path("export")
  @Produces({"text/csv", MediaType.APPLICATION_JSON})
  public Response export(
      @Context SecurityContext sc,
      @QueryParam("district") String district,
      @QueryParam("modelId") String modelId,
      @QueryParam("state") String state) {
    Caller caller = Caller.of(sc).require(Role.ANALYST);
    if (state != null && !STATES.contains(state)) {
      throw ApiException.badRequest("unknown clue state '" + state + "'");
    }
    if (district != null && !district.matches("\\d{6}")) {
      throw ApiException.badRequest("'district' must be a 6-digit code");
    }
    String own = caller.user().district();
    if (district != null && !district.equals(own)) {
      throw ApiException.forbidden("district " + district + " is not yours");
    }
    ClueFilter filter = new ClueFilter(own, modelId, state);
    StringBuilder csv = new StringBuilder();
    csv.append(String.join(",", CSV_COLUMNS)).append("\r\n");
    int rows = 0;
    for (int page = 0; ; page++) {
      Page<StoredClue> p = clues.list(filter, page, EXPORT_PAGE);
      for (StoredClue c : p.items()) {
        Map<String, Object> v = Views.clue(c, false, pool, registry.model(c.modelId()));
        List<Object> cells =
            List.of(
                nz(v.get("id")),
                nz(v.get("modelId")),
                nz(v.get("district")),
                nz(v.get("subject")),
                nz(v.get("title")),
                nz(v.get("score")),
                nz(v.get("state")),
                nz(v.get("assignee")),
                nz(v.get("disposition")),
                nz(v.get("firstSeen")),
                nz(v.get("lastSeen")),
                nz(v.get("ageDays")));
        csv.append(String.join(",", cells.stream().map(x -> Views.csv(x.toString())).toList()))
            .append("\r\n");
        rows++;
      }
      if (p.items().size() < EXPORT_PAGE) {
        break;
      }
    }
    Map<String, Object> filterDetails = new LinkedHashMap<>();
    filterDetails.put("district", own);
    if (modelId != null) {
      filterDetails.put("modelId", modelId);
    }
    if (state != null) {
      filterDetails.put("state", state);
    }
    audit.record(caller, "clue.exported", "clues", Map.of("filter", filterDetails, "rows", rows));
    return Response.ok(csv.toString())
        .type("text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"clues-" + own + ".csv\"")
        .build();
  }

  private static Object nz(Object o) {
    return o == null ? "" : o;
  }

  /**
   * Per model and district: clue counts, conversion rate (confirmed ÷ decided) and median days to
   * disposition. The city office sees every district, an analyst their own.
   */
  @GET
  @Path("metrics")
  public Response metrics(
      @Context SecurityContext sc,
      @QueryParam("modelId") String modelId,
      @QueryParam("district") String district) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN, Role.REVIEWER);
    if (district != null && !district.matches("\\d{6}")) {
      throw ApiException.badRequest("'district' must be a 6-digit code");
    }
    String scope = district;
    boolean cityWide =
        caller.user().hasAny(Role.CITY_ADMIN, Role.REVIEWER)
            && caller.user().district().equals(org.mingjian.platform.security.User.CITY_OFFICE);
    if (!cityWide) {
      String own = caller.user().district();
      if (district != null && !district.equals(own)) {
        throw ApiException.forbidden("district " + district + " is not yours");
      }
      scope = own;
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (ClueMetrics m : clues.metrics(blankToNull(modelId), scope)) {
      items.add(Views.metrics(m));
    }
    return Json.ok(Map.of("items", items));
  }
}
