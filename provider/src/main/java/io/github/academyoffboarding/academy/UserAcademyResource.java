package io.github.academyoffboarding.academy;

import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.ErrorRepresentation;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/**
 * {@code /admin/realms/{realm}/academy/users/{userId}}: one user's learning records and
 * certificates. Reads need {@code view-users}, writes {@code manage-users}, both for this very user
 * (fine-grained permissions apply). Writes are recorded as admin events of resource type USER: the
 * data belongs to that user.
 */
final class UserAcademyResource {

  private static final String TOTAL_COUNT = "X-Total-Count";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final UserModel user;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final AcademyStore store;

  UserAcademyResource(
      KeycloakSession session,
      RealmModel realm,
      UserModel user,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent) {
    this.session = session;
    this.realm = realm;
    this.user = user;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.store = AcademyStore.of(session);
  }

  @GET
  @Path("learning-records")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The user's learning records",
      description =
          "Oldest first. Needs view-users for this user. Without first and max the whole list;"
              + " with either a page (first default 0, max default and at most "
              + Paging.MAX_PAGE
              + ") and the X-Total-Count header.")
  @APIResponse(
      responseCode = "200",
      description = "The learning records",
      headers =
          @Header(
              name = TOTAL_COUNT,
              description = "All the user's learning records; only when paged",
              schema = @Schema(type = SchemaType.INTEGER)),
      content =
          @Content(
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = LearningRecordRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description = "academy.invalid-paging: first or max is not a whole number of 0 or more",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response learningRecords(
      @Parameter(
              description = "Index of the first record (0 or more)",
              schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("first")
          String first,
      @Parameter(
              description = "Records per page (0 or more; at most " + Paging.MAX_PAGE + ")",
              schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("max")
          String max) {
    auth.users().requireView(user);
    Paging paging = paging(first, max);
    if (paging == null) {
      return Response.ok(
              store.learningRecords(realm.getId(), user.getId()).stream()
                  .map(LearningRecordRepresentation::from)
                  .toList())
          .build();
    }
    List<LearningRecordRepresentation> page =
        store.learningRecords(realm.getId(), user.getId(), paging.first(), paging.max()).stream()
            .map(LearningRecordRepresentation::from)
            .toList();
    return Response.ok(page)
        .header(TOTAL_COUNT, store.count(realm.getId(), user.getId()).learningRecords())
        .build();
  }

  @POST
  @Path("learning-records")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Add a learning record (a course enrolment or completion)",
      description = "Needs manage-users for this user.")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = LearningRecordRepresentation.class)))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = LearningRecordRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description = "academy.* validation errors",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response addLearningRecord(InputStream body) {
    auth.users().requireManage(user);
    return guarded(
        () -> {
          LearningRecordEntity entity =
              read(body, LearningRecordRepresentation.class).toNewEntity();
          LearningRecordRepresentation created =
              LearningRecordRepresentation.from(
                  store.addLearningRecord(realm.getId(), user.getId(), entity));
          recordCreation(created.getId(), created);
          return Response.status(Response.Status.CREATED).entity(created).build();
        });
  }

  @GET
  @Path("certificates")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The user's certificates",
      description =
          "Oldest first. Needs view-users for this user. Without first and max the whole list;"
              + " with either a page (first default 0, max default and at most "
              + Paging.MAX_PAGE
              + ") and the X-Total-Count header.")
  @APIResponse(
      responseCode = "200",
      description = "The certificates",
      headers =
          @Header(
              name = TOTAL_COUNT,
              description = "All the user's certificates; only when paged",
              schema = @Schema(type = SchemaType.INTEGER)),
      content =
          @Content(
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = CertificateRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description = "academy.invalid-paging: first or max is not a whole number of 0 or more",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response certificates(
      @Parameter(
              description = "Index of the first certificate (0 or more)",
              schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("first")
          String first,
      @Parameter(
              description = "Certificates per page (0 or more; at most " + Paging.MAX_PAGE + ")",
              schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("max")
          String max) {
    auth.users().requireView(user);
    Paging paging = paging(first, max);
    if (paging == null) {
      return Response.ok(
              store.certificates(realm.getId(), user.getId()).stream()
                  .map(CertificateRepresentation::from)
                  .toList())
          .build();
    }
    List<CertificateRepresentation> page =
        store.certificates(realm.getId(), user.getId(), paging.first(), paging.max()).stream()
            .map(CertificateRepresentation::from)
            .toList();
    return Response.ok(page)
        .header(TOTAL_COUNT, store.count(realm.getId(), user.getId()).certificates())
        .build();
  }

  @POST
  @Path("certificates")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a certificate", description = "Needs manage-users for this user.")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = CertificateRepresentation.class)))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = CertificateRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description = "academy.* validation errors",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response addCertificate(InputStream body) {
    auth.users().requireManage(user);
    return guarded(
        () -> {
          CertificateEntity entity =
              read(body, CertificateRepresentation.class).toNewEntity(System.currentTimeMillis());
          if (store.serialExists(realm.getId(), entity.getSerial())) {
            throw duplicateSerial();
          }
          store.addCertificate(realm.getId(), user.getId(), entity);
          try {
            store.flush();
          } catch (PersistenceException e) {
            // The unique key (REALM_ID, SERIAL) caught a concurrent insert of the same serial.
            throw duplicateSerial();
          }
          CertificateRepresentation created = CertificateRepresentation.from(entity);
          recordCreation(created.getId(), created);
          return Response.status(Response.Status.CREATED).entity(created).build();
        });
  }

  @GET
  @Path("summary")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "How many learning records and certificates the user has",
      description = "What deleting the user destroys.")
  public AcademySummaryRepresentation summary() {
    auth.users().requireView(user);
    return AcademySummaryRepresentation.from(store.count(realm.getId(), user.getId()));
  }

  private Paging paging(String first, String max) {
    try {
      return Paging.of(first, max);
    } catch (AcademyException e) {
      throw e.rollback(session);
    }
  }

  private void recordCreation(String id, Object representation) {
    adminEvent
        .operation(OperationType.CREATE)
        .resource(ResourceType.USER)
        .resourcePath(session.getContext().getUri(), id)
        .representation(representation)
        .success();
  }

  private static AcademyException duplicateSerial() {
    return AcademyException.conflict(
        "academy.duplicate-serial", "A certificate with this serial already exists in this realm.");
  }

  private static <T> T read(InputStream body, Class<T> type) {
    T value;
    try {
      value = JsonSerialization.readValue(body, type);
    } catch (IOException e) {
      throw AcademyException.badRequest(
          "academy.invalid-json",
          "The request body is not a valid JSON object of the expected shape.");
    }
    if (value == null) {
      throw AcademyException.badRequest("academy.invalid-json", "The request body is empty.");
    }
    return value;
  }

  /** Our errors carry their own response and so bypass Keycloak's error handler: roll back here. */
  private Response guarded(Supplier<Response> action) {
    try {
      return action.get();
    } catch (AcademyException e) {
      throw e.rollback(session);
    }
  }
}
