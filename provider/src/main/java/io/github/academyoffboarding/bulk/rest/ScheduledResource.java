package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.job.JobScheduler;
import io.github.academyoffboarding.bulk.schedule.ScheduledEntity;
import io.github.academyoffboarding.bulk.schedule.Schedules;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.ErrorRepresentation;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/**
 * {@code /bulk-users/scheduled/{userId}}: an admin's say over one user's dated action or return
 * from leave, before it is due — cancel it, or carry it out now. A user pending deletion is
 * restored or deleted now through its import ({@code restore}, {@code delete-now}).
 */
public final class ScheduledResource {

  private static final String NOT_SCHEDULED = "bulk.scheduled-not-found";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final JobScheduler scheduler;
  private final String userId;

  ScheduledResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      JobScheduler scheduler,
      String userId) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.scheduler = scheduler;
    this.userId = userId;
  }

  /** The body of cancel and now. */
  @Schema(name = "BulkScheduledActionRequest")
  public static final class ActionRequest {
    @Schema(
        description =
            "The action whose schedule changes: DEACTIVATE, DELETE or REACTIVATE (a return from"
                + " leave). May be left out when the user has one scheduled action.")
    public String action;
  }

  /** What cancel and now answer. */
  @Schema(name = "BulkScheduledActionResult")
  public static final class Result {
    public String userId;
    public String action;

    @Schema(description = "DATED or RETURN")
    public String kind;

    @Schema(description = "CANCELLED, or DUE_NOW (the engine carries it out shortly).")
    public String result;

    Result(ScheduledEntity e, String result) {
      this.userId = e.getUserId();
      this.action = e.getAction();
      this.kind = e.getKind().name();
      this.result = result;
    }
  }

  @POST
  @Path("cancel")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Cancel a user's dated action or return from leave",
      description =
          "The entry goes; the import's row reads CANCELLED; nothing is done to the user. Needs"
              + " manage-users, or fine-grained manage permission on the user.")
  @RequestBody(content = @Content(schema = @Schema(implementation = ActionRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "Cancelled",
      content = @Content(schema = @Schema(implementation = Result.class)))
  @APIResponse(
      responseCode = "400",
      description = "bulk.invalid-action: an unknown action, or none while the user has several",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "403",
      description = "bulk.forbidden: the caller may not manage this user",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "404",
      description = "bulk.scheduled-not-found: no such action waits for this user",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response cancel(InputStream body) {
    ScheduledEntity entry = entry(body);
    if (schedules().cancel(List.of(entry)) != 1) {
      throw notScheduled().rollback(session);
    }
    return answered(new Result(entry, "CANCELLED"), Response.Status.OK);
  }

  @POST
  @Path("now")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Carry out a user's dated action or return from leave now",
      description =
          "Moves its due time to now; the engine (on any node) carries it out within a poll"
              + " interval, as it would have on its date: a dated DELETE deactivates now and its"
              + " restore window counts from now. Needs manage-users, or fine-grained manage"
              + " permission on the user.")
  @RequestBody(content = @Content(schema = @Schema(implementation = ActionRequest.class)))
  @APIResponse(
      responseCode = "202",
      description = "Due now",
      content = @Content(schema = @Schema(implementation = Result.class)))
  @APIResponse(
      responseCode = "400",
      description = "bulk.invalid-action: an unknown action, or none while the user has several",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "403",
      description = "bulk.forbidden: the caller may not manage this user",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "404",
      description = "bulk.scheduled-not-found: no such action waits for this user",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response now(InputStream body) {
    ScheduledEntity entry = entry(body);
    schedules().dueNow(List.of(entry), System.currentTimeMillis());
    BulkImportResource.wakeUpAfterCommit(session, scheduler);
    return answered(new Result(entry, "DUE_NOW"), Response.Status.ACCEPTED);
  }

  private Response answered(Result result, Response.Status status) {
    adminEvent
        .operation(OperationType.ACTION)
        .resourcePath(session.getContext().getUri())
        .representation(result)
        .success();
    return Response.status(status).entity(result).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** The user's entry the body names; 404 without one, 403 when the caller may not manage it. */
  private ScheduledEntity entry(InputStream body) {
    Access.requireWrite(realm, auth);
    BulkAction action = ScheduledList.action(actionOf(body));
    List<ScheduledEntity> entries =
        schedules().ofUser(realm.getId(), userId).stream()
            .filter(e -> action == null || e.getAction().equals(action.name()))
            .toList();
    if (entries.isEmpty()) {
      throw notScheduled();
    }
    if (entries.size() > 1) {
      throw AcademyException.badRequest(
          "bulk.invalid-action",
          "The user has several scheduled actions: say which one (DEACTIVATE, DELETE or"
              + " REACTIVATE).");
    }
    UserModel user = session.users().getUserById(realm, userId);
    if (user == null) {
      throw notScheduled();
    }
    if (!auth.users().canManage(user)) {
      throw new AcademyException(
          Response.Status.FORBIDDEN, "bulk.forbidden", "You may not manage this user.");
    }
    return entries.get(0);
  }

  private static String actionOf(InputStream body) {
    try {
      byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
      if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
        return null;
      }
      Object json = JsonSerialization.readValue(bytes, Object.class);
      if (json instanceof Map<?, ?> object
          && (object.get("action") == null || object.get("action") instanceof String)) {
        return (String) object.get("action");
      }
    } catch (IOException e) {
      // named below
    }
    throw AcademyException.badRequest(
        "bulk.invalid-json",
        "The body must be empty or a JSON object such as {\"action\": \"DEACTIVATE\"}.");
  }

  private Schedules schedules() {
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    return new Schedules(em);
  }

  private static AcademyException notScheduled() {
    return AcademyException.notFound(
        NOT_SCHEDULED, "No such action is scheduled for this user (done, cancelled, or never).");
  }
}
