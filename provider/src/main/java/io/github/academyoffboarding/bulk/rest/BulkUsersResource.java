package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.ImportOrigin;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.RealmTimeZone;
import io.github.academyoffboarding.bulk.RestoreWindow;
import io.github.academyoffboarding.bulk.dates.LeaveDate;
import io.github.academyoffboarding.bulk.job.JobScheduler;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.parse.BulkFileException;
import io.github.academyoffboarding.bulk.parse.FileFormat;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import io.github.academyoffboarding.bulk.parse.ParseResult;
import io.github.academyoffboarding.bulk.parse.UploadedFileReader;
import io.github.academyoffboarding.bulk.plan.KeycloakUserDirectory;
import io.github.academyoffboarding.bulk.plan.PreviewBuilder;
import io.github.academyoffboarding.bulk.report.TemplateWriter;
import io.github.academyoffboarding.bulk.retention.RealmHistoryRetention;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.ErrorRepresentation;
import io.github.academyoffboarding.common.TempFiles;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.http.FormPartValue;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/bulk-users}: template, imports (preview, then commit), reports. */
@Tag(
    name = "Bulk offboarding",
    description =
        "Delete, deactivate or reactivate many users from a file: preview, commit, report.")
public final class BulkUsersResource {

  static final String EVENT_RESOURCE = "ACADEMY_BULK_IMPORT";
  private static final Logger LOG = Logger.getLogger(BulkUsersResource.class);
  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final BulkSettings settings;
  private final JobScheduler scheduler;

  BulkUsersResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      BulkSettings settings,
      JobScheduler scheduler) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent.resource(EVENT_RESOURCE);
    this.settings = settings;
    this.scheduler = scheduler;
  }

  @GET
  @Path("template")
  @Operation(
      summary = "The template to fill in",
      description =
          "A workbook with a 'users' sheet headed 'email' and an"
              + " instructions sheet, or the same header as CSV (UTF-8 with BOM). Needs view-users.")
  @APIResponse(
      responseCode = "200",
      description = "The template file",
      content = {
        @Content(mediaType = XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "text/csv",
            schema = @Schema(type = SchemaType.STRING, format = "binary"))
      })
  @APIResponse(
      responseCode = "400",
      description = "bulk.invalid-format",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response template(@QueryParam("format") String format) {
    Access.requireRead(realm, auth);
    boolean csv = "csv".equalsIgnoreCase(format);
    if (format != null && !csv && !"xlsx".equalsIgnoreCase(format)) {
      throw AcademyException.badRequest("bulk.invalid-format", "format must be xlsx or csv.");
    }
    StreamingOutput body =
        out -> {
          if (csv) {
            TemplateWriter.writeCsv(out);
          } else {
            TemplateWriter.writeXlsx(out, settings.maxRows());
          }
        };
    return Response.ok(body, csv ? "text/csv; charset=UTF-8" : XLSX)
        .header(
            "Content-Disposition",
            "attachment; filename=\"offboarding-template." + (csv ? "csv" : "xlsx") + "\"")
        .build();
  }

  /** Upload of a filled-in template, as the console's wizard (or {@code curl -F}) sends it. */
  @POST
  @Path("imports")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a preview from a file or from a list of identifiers",
      description =
          "multipart/form-data with"
              + " the filled-in .xlsx or .csv template, or application/json with the identifiers (for automation: kcadm.sh create"
              + " bulk-users/imports -f request.json -i prints the id). Each row is matched to a user; no user is changed. Rows hidden in the spreadsheet (by a filter or"
              + " by hand) are HIDDEN and left out unless includeHidden is true. Optional columns date"
              + " and until (YYYY-MM-DD, or an xlsx date cell; JSON: rows) give each row its due time"
              + " in the server's time-zone; a row with a date that is not ISO is INVALID"
              + " (bulk.row.invalid-date). The header is the first row naming an email, username or"
              + " id column among the first 20 rows with content, on the sheet named users or else"
              + " the first visible sheet that has one (sheet, sheetCount and headerRow say where)."
              + " A value with an invisible character (zero-width space, soft hyphen, bidi mark) is"
              + " INVALID (bulk.row.invisible-character, with the character and its position)."
              + " Answers"
              + " 201 with the import and a Location header ending in its id. Needs manage-users.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.MULTIPART_FORM_DATA,
              schema = @Schema(implementation = FileUploadForm.class)))
  @APIResponse(
      responseCode = "201",
      description = "The preview",
      content = @Content(schema = @Schema(implementation = BulkImportRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "bulk.missing-file, bulk.invalid-action, bulk.invalid-match-by,"
              + " bulk.no-identifiers, bulk.empty-file, bulk.no-header, bulk.missing-column, bulk.no-rows, bulk.corrupt-file,"
              + " bulk.encrypted-file, bulk.invalid-encoding, bulk.invalid-include-hidden,"
              + " bulk.invalid-delete-after, bulk.delete-after-not-delete,"
              + " bulk.delete-after-below-minimum (shorter than the server's restore-window-min)",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "413",
      description =
          "bulk.file-too-large, bulk.too-many-rows, bulk.file-too-complex (a body"
              + " above Quarkus's own limit, quarkus.http.limits.max-body-size, 10 MiB by default, is refused by the server with an"
              + " empty 413 before the extension sees it)",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "415",
      description = "bulk.unsupported-format (.xls, .ods, other files)",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response createFromFile() {
    Access.requireWrite(realm, auth);
    String length = session.getContext().getRequestHeaders().getHeaderString("Content-Length");
    if (length != null
        && length.matches("\\d{1,18}")
        && Long.parseLong(length) > settings.maxUploadBytes() + 64 * 1024) {
      throw tooLarge();
    }
    MultivaluedMap<String, FormPartValue> form =
        session.getContext().getHttpRequest().getMultiPartFormParameters();
    FormPartValue file = form.getFirst("file");
    if (file == null) {
      throw AcademyException.badRequest(
          "bulk.missing-file", "Send the file in the form field 'file'.");
    }
    BulkAction action = action(text(form, "action"));
    MatchBy matchBy = matchBy(text(form, "matchBy"));
    boolean includeHidden = includeHidden(text(form, "includeHidden"));
    String deleteAfter =
        DeleteAfter.forUpload(
            action, text(form, "deleteAfter"), restoreWindow(), settings.restoreWindowMin());
    String fileName =
        cleanName(firstNonNull(MultipartFileNames.of("file"), text(form, "fileName")));
    java.nio.file.Path temp = null;
    try {
      // In the extension's own folder: deleted below however the request ends, swept at start
      // if the node was killed meanwhile (TempFiles).
      temp = TempFiles.newUpload();
      copyLimited(file.asInputStream(), temp);
      BulkImportEntity preview =
          newImport(action, matchBy, fileName, includeHidden, deleteAfter, ImportOrigin.FILE);
      PreviewBuilder builder = builder(preview);
      ParseResult read =
          UploadedFileReader.read(
              temp,
              fileName,
              matchBy,
              settings.parseLimits(),
              row ->
                  builder.accept(
                      row.rowNumber(), row.value(), row.hidden(), row.date(), row.until()));
      preview.setSheetName(clip(read.sheetName(), 255));
      preview.setSheetCount(read.format() == FileFormat.XLSX ? read.sheetCount() : null);
      preview.setHeaderRow(read.headerRowNumber());
      return created(builder.finish());
    } catch (BulkFileException e) {
      throw new AcademyException(
              Response.Status.fromStatusCode(e.httpStatus()), e.messageKey(), e.getMessage())
          .rollback(session);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warnf(
              "Could not delete the uploaded file %s (%s); it holds the upload's identifiers: the"
                  + " next start of this node deletes it, or delete it by hand",
              temp, e.toString());
        }
      }
    }
  }

  /** The JSON variant, for automation: {@code {"action", "matchBy", "identifiers": [...]}}. */
  @POST
  @Path("imports")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  // Documented with createFromFile: OpenAPI has one POST per path, the scanner merges the two
  // request bodies.
  @Operation(summary = "Create a preview from a list of identifiers")
  @APIResponse(
      responseCode = "201",
      description = "The preview",
      content = @Content(schema = @Schema(implementation = BulkImportRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "bulk.no-identifiers, bulk.identifiers-and-rows, bulk.invalid-action,"
              + " bulk.invalid-match-by, bulk.invalid-include-hidden, bulk.invalid-delete-after, bulk.delete-after-not-delete,"
              + " bulk.delete-after-below-minimum, bulk.invalid-origin",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "413",
      description = "bulk.too-many-rows",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response createFromJson(JsonImportRequest request) {
    Access.requireWrite(realm, auth);
    if (request != null && request.identifiers != null && request.rows != null) {
      throw AcademyException.badRequest(
          "bulk.identifiers-and-rows",
          "Send the users either in 'identifiers' or in 'rows' (with dates), not both.");
    }
    if (request == null || (request.identifiers == null && request.rows == null)) {
      throw AcademyException.badRequest(
          "bulk.no-identifiers", "Send the users in the field 'identifiers' (or 'rows').");
    }
    int size = request.rows != null ? request.rows.size() : request.identifiers.size();
    if (size == 0) {
      throw AcademyException.badRequest(
          "bulk.no-identifiers",
          "The list '" + (request.rows != null ? "rows" : "identifiers") + "' is empty.");
    }
    if (size > settings.maxRows()) {
      throw new AcademyException(
          Response.Status.REQUEST_ENTITY_TOO_LARGE,
          "bulk.too-many-rows",
          "At most " + settings.maxRows() + " identifiers can be sent at once.");
    }
    BulkAction action = action(request.action);
    ImportOrigin origin = ImportOrigin.fromJson(request.origin);
    if (origin == null) {
      throw AcademyException.badRequest(
          "bulk.invalid-origin", "origin must be API or USER_LIST (or left out, for API).");
    }
    BulkImportEntity preview =
        newImport(
            action,
            matchBy(request.matchBy),
            cleanName(request.name),
            includeHidden(request.includeHidden),
            DeleteAfter.forUpload(
                action, request.deleteAfter, restoreWindow(), settings.restoreWindowMin()),
            origin);
    PreviewBuilder builder = builder(preview);
    if (request.rows != null) {
      List<JsonImportRequest.Row> rows = request.rows;
      for (int i = 0; i < rows.size(); i++) {
        JsonImportRequest.Row row = rows.get(i);
        builder.accept(
            i + 1,
            row == null ? null : row.identifier,
            false,
            LeaveDate.parse(row == null ? null : IdentifierNormalizer.clean(row.date)),
            LeaveDate.parse(row == null ? null : IdentifierNormalizer.clean(row.until)));
      }
    } else {
      List<String> ids = request.identifiers;
      for (int i = 0; i < ids.size(); i++) {
        builder.accept(i + 1, ids.get(i));
      }
    }
    return created(builder.finish());
  }

  /** Any other body: a clear 415 in the extension's error format rather than the framework's. */
  @POST
  @Path("imports")
  @Consumes({MediaType.WILDCARD})
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public Response createFromOther() {
    Access.requireWrite(realm, auth);
    throw new AcademyException(
        Response.Status.UNSUPPORTED_MEDIA_TYPE,
        "bulk.unsupported-media-type",
        "Send multipart/form-data with a file, or application/json with identifiers.");
  }

  @GET
  @Path("imports")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The realm's imports, newest first",
      description =
          "Paged with first (default 0) and max (default 20," + " at most 500). Needs view-users.")
  public List<BulkImportRepresentation> list(
      @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
    Access.requireRead(realm, auth);
    long now = System.currentTimeMillis();
    String onlyFrom = Access.restrictedTo(realm, auth);
    var query =
        onlyFrom == null
            ? em().createNamedQuery("academyBulkImportsByRealm", BulkImportEntity.class)
            : em().createNamedQuery("academyBulkImportsByRealmAndCreator", BulkImportEntity.class)
                .setParameter("createdBy", onlyFrom);
    return query
        .setParameter("realmId", realm.getId())
        .setFirstResult(first == null || first < 0 ? 0 : first)
        .setMaxResults(max == null || max <= 0 ? 20 : Math.min(max, 500))
        .getResultStream()
        .map(
            e ->
                BulkImportRepresentation.of(e, now, null).withPending(em(), e).withRestore(em(), e))
        .toList();
  }

  @GET
  @Path("settings")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The bulk settings a client needs before it uploads",
      description =
          "restoreWindow: the default deleteAfter of a DELETE in this realm: the realm attribute"
              + " academy.restore-window when it is set and valid, else the server's SPI option"
              + " restore-window (restoreWindowSource says which), never below restoreWindowMin, the"
              + " server's restore-window-min: the shortest deleteAfter it accepts and the least time"
              + " between scheduling users and a delete-now of them. Needs view-users.")
  @APIResponse(
      responseCode = "200",
      description = "The settings",
      content = @Content(schema = @Schema(implementation = BulkSettingsRepresentation.class)))
  public BulkSettingsRepresentation settings() {
    Access.requireRead(realm, auth);
    RestoreWindow window = restoreWindow();
    BulkSettingsRepresentation r = new BulkSettingsRepresentation();
    r.restoreWindow = DeleteAfter.format(window.window());
    r.restoreWindowSource = window.source().name();
    r.restoreWindowMin = settings.restoreWindowMin().text();
    r.timeZone = RealmTimeZone.of(realm, settings.timeZone()).getId();
    r.historyRetention =
        DeleteAfter.format(RealmHistoryRetention.of(realm, settings.historyRetention()));
    return r;
  }

  private RestoreWindow restoreWindow() {
    return RestoreWindow.of(realm, settings.restoreWindow(), settings.restoreWindowMin());
  }

  @GET
  @Path("pending-deletions")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The realm's users pending deletion (restore window), soonest first",
      description =
          "Ordered by due time, then username. search: a case-insensitive part of the username,"
              + " e-mail, first or last name, or an exact user id. Paged with first (default 0)"
              + " and max (default 20, at most 500); the X-Total-Count header gives the number of"
              + " matching users. Needs view-users; with fine-grained admin permissions, only the"
              + " users the caller may view are listed and counted.")
  @APIResponse(
      responseCode = "200",
      description = "The pending users",
      content =
          @Content(
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = PendingDeletionRepresentation.class)))
  public Response pendingDeletions(
      @QueryParam("first") Integer first,
      @QueryParam("max") Integer max,
      @QueryParam("search") String search) {
    return new PendingDeletionList(session, realm, auth).list(first, max, search);
  }

  @GET
  @Path("scheduled")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Every user of the realm with a future action, soonest first",
      description =
          "Dated deactivations, deletions and reactivations not yet carried out (kind DATED),"
              + " returns from leave (kind RETURN) and users pending deletion (kind"
              + " PENDING_DELETION), ordered by due time, then username. search: a"
              + " case-insensitive part of the username, e-mail, first or last name, or an exact"
              + " user id; action: DEACTIVATE, DELETE or REACTIVATE; userId: one user's. Paged"
              + " with first (default 0) and max (default 20, at most 500); the X-Total-Count"
              + " header gives the number of matching entries. Needs view-users; with"
              + " fine-grained admin permissions, only the users the caller may view are listed"
              + " and counted.")
  @APIResponse(
      responseCode = "200",
      description = "The scheduled actions",
      content =
          @Content(
              schema =
                  @Schema(type = SchemaType.ARRAY, implementation = ScheduledRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description = "bulk.invalid-action: not DEACTIVATE, DELETE or REACTIVATE",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response scheduled(
      @QueryParam("first") Integer first,
      @QueryParam("max") Integer max,
      @QueryParam("search") String search,
      @QueryParam("action") String action,
      @QueryParam("userId") String userId) {
    return new ScheduledList(session, realm, auth).list(first, max, search, action, userId);
  }

  @Path("scheduled/{userId}")
  public ScheduledResource scheduledOf(@PathParam("userId") String userId) {
    return new ScheduledResource(session, realm, auth, adminEvent, scheduler, userId);
  }

  @GET
  @Path("needs-attention")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Users the purge left disabled (skipped or failed), latest first",
      description =
          "Users a DELETE's restore window disabled that were neither restored nor deleted nor"
              + " kept: the purge skipped them (they became protected, or the admin who committed"
              + " may no longer manage them) or failed them (after max-attempts). Each with the"
              + " reason key and the import; restore or delete-now them under"
              + " needs-attention/{userId}. Paged with first (default 0) and max (default 20, at"
              + " most 500); the X-Total-Count header gives the number of users. Needs view-users;"
              + " with fine-grained admin permissions, only the users the caller may view are"
              + " listed and counted.")
  @APIResponse(
      responseCode = "200",
      description = "The users needing attention",
      content =
          @Content(
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = NeedsAttentionRepresentation.class)))
  public Response needsAttention(
      @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
    return new NeedsAttentionList(session, realm, auth).list(first, max);
  }

  @Path("needs-attention/{userId}")
  public NeedsAttentionResource needingAttention(@PathParam("userId") String userId) {
    return new NeedsAttentionResource(session, realm, auth, adminEvent, settings, userId);
  }

  @Path("imports/{id}")
  public BulkImportResource item(@PathParam("id") String id) {
    Access.requireRead(realm, auth);
    BulkImportEntity entity = em().find(BulkImportEntity.class, id);
    String onlyFrom = Access.restrictedTo(realm, auth);
    if (entity == null
        || !entity.getRealmId().equals(realm.getId())
        || (onlyFrom != null && !onlyFrom.equals(entity.getCreatedBy()))) {
      throw AcademyException.notFound(
          "bulk.import-not-found", "There is no import with this id in this realm.");
    }
    return new BulkImportResource(session, realm, auth, adminEvent, entity, scheduler, settings);
  }

  private BulkImportEntity newImport(
      BulkAction action,
      MatchBy matchBy,
      String fileName,
      boolean includeHidden,
      String deleteAfter,
      ImportOrigin origin) {
    long now = System.currentTimeMillis();
    BulkImportEntity e = new BulkImportEntity();
    e.setId(UUID.randomUUID().toString());
    e.setRealmId(realm.getId());
    e.setAction(action.name());
    e.setMatchBy(matchBy.name());
    ImportLife.begin(e);
    e.setFileName(fileName);
    e.setIncludeHidden(includeHidden);
    e.setDeleteAfter(deleteAfter);
    e.setOrigin(origin.name());
    e.setCreatedBy(auth.adminAuth().getUser().getId());
    e.setCreatedByUsername(auth.adminAuth().getUser().getUsername());
    e.setCreatedAt(now);
    e.setExpiresAt(now + settings.previewLifetime().toMillis());
    return e;
  }

  private PreviewBuilder builder(BulkImportEntity preview) {
    KeycloakUserDirectory directory =
        new KeycloakUserDirectory(
            session,
            realm,
            MatchBy.valueOf(preview.getMatchBy()),
            auth.adminAuth().getUser().getId(),
            auth,
            settings.protectAdmins());
    return new PreviewBuilder(
        session,
        realm,
        preview,
        directory,
        settings.batchSize(),
        RealmTimeZone.of(realm, settings.timeZone()));
  }

  private Response created(BulkImportEntity preview) {
    BulkImportRepresentation rep =
        BulkImportRepresentation.of(preview, System.currentTimeMillis(), null)
            .withCalendar(em(), preview)
            .withMoves(em(), preview);
    adminEvent
        .operation(OperationType.CREATE)
        .resourcePath(session.getContext().getUri(), preview.getId())
        .representation(rep)
        .success();
    LOG.debugf(
        "Bulk import %s: preview of %d rows, %d to process",
        preview.getId(), preview.getTotalRows(), preview.getToProcess());
    return Response.created(
            session.getContext().getUri().getAbsolutePathBuilder().path(preview.getId()).build())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(rep)
        .build();
  }

  private void copyLimited(InputStream in, java.nio.file.Path target) throws IOException {
    try (in;
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > settings.maxUploadBytes()) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private AcademyException tooLarge() {
    return new AcademyException(
            Response.Status.REQUEST_ENTITY_TOO_LARGE,
            "bulk.file-too-large",
            "The file is larger than " + settings.maxUploadBytes() / (1024 * 1024) + " MiB.")
        .rollback(session);
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  private static String text(MultivaluedMap<String, FormPartValue> form, String name) {
    FormPartValue v = form.getFirst(name);
    return v == null ? null : v.asString();
  }

  private static BulkAction action(String value) {
    try {
      return BulkAction.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw AcademyException.badRequest(
          "bulk.invalid-action", "action must be DELETE, DEACTIVATE or REACTIVATE.");
    }
  }

  private static MatchBy matchBy(String value) {
    if (value == null || value.isBlank()) {
      return MatchBy.EMAIL;
    }
    try {
      return MatchBy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw AcademyException.badRequest(
          "bulk.invalid-match-by", "matchBy must be EMAIL, USERNAME or ID.");
    }
  }

  /**
   * {@code includeHidden}: absent is false; true or false in any case (a JSON boolean or string);
   * anything else, blank included, is refused rather than guessed: it decides whether hidden rows
   * are acted on.
   */
  static boolean includeHidden(Object value) {
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    if (value instanceof String text) {
      String t = text.strip();
      if (t.equalsIgnoreCase("false")) {
        return false;
      }
      if (t.equalsIgnoreCase("true")) {
        return true;
      }
    }
    throw AcademyException.badRequest(
        "bulk.invalid-include-hidden", "includeHidden must be true or false.");
  }

  private static String clip(String value, int length) {
    return value == null || value.length() <= length ? value : value.substring(0, length);
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  /** A file name as shown in the list of imports: no path, at most 255 characters. */
  private static String cleanName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    name = name.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1).strip();
    return name.length() > 255 ? name.substring(0, 255) : name;
  }

  /**
   * Reads a multipart part's file name from RESTEasy Reactive, which Keycloak's own form API does
   * not expose.
   */
  static final class MultipartFileNames {
    static String of(String field) {
      try {
        Class<?> manager =
            Class.forName("org.jboss.resteasy.reactive.server.core.CurrentRequestManager");
        Object context = manager.getMethod("get").invoke(null);
        Object formData = context.getClass().getMethod("getFormData").invoke(context);
        Object values = formData.getClass().getMethod("get", String.class).invoke(formData, field);
        if (values instanceof Deque<?> d && !d.isEmpty()) {
          // Through the public interface: the implementation class is not accessible.
          Class<?> formValue =
              Class.forName(
                  "org.jboss.resteasy.reactive.server.multipart.FormValue",
                  false,
                  formData.getClass().getClassLoader());
          return (String) formValue.getMethod("getFileName").invoke(d.getFirst());
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        LOG.debugf("No multipart file name available: %s", e);
      }
      return null;
    }
  }
}
