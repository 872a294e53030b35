package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.export.AcademyDataSource;
import io.github.academyoffboarding.bulk.export.AcademyDataWriter;
import io.github.academyoffboarding.bulk.job.JobScheduler;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.plan.RowStatus;
import io.github.academyoffboarding.bulk.report.ReportLine;
import io.github.academyoffboarding.bulk.report.ReportWriter;
import io.github.academyoffboarding.bulk.report.TemporaryReport;
import io.github.academyoffboarding.bulk.retention.HistoryRetention;
import io.github.academyoffboarding.bulk.retention.RealmHistoryRetention;
import io.github.academyoffboarding.bulk.schedule.ScheduleKind;
import io.github.academyoffboarding.bulk.schedule.ScheduledEntity;
import io.github.academyoffboarding.bulk.schedule.Schedules;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.AfterCommit;
import io.github.academyoffboarding.common.ErrorRepresentation;
import io.github.academyoffboarding.common.IsoTimes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /bulk-users/imports/{id}}: one import, its rows, commit, cancel and report. */
public final class BulkImportResource {

  private static final int REPORT_PAGE = 1000;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final BulkImportEntity entity;
  private final JobScheduler scheduler;
  private final BulkSettings settings;

  BulkImportResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      BulkImportEntity entity,
      JobScheduler scheduler,
      BulkSettings settings) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.entity = entity;
    this.scheduler = scheduler;
    this.settings = settings;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "One import: status, summary, progress and, once committed, the count per outcome")
  @APIResponse(
      responseCode = "200",
      description = "The import",
      content = @Content(schema = @Schema(implementation = BulkImportRepresentation.class)))
  @APIResponse(
      responseCode = "404",
      description = "bulk.import-not-found",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public BulkImportRepresentation get() {
    return representation();
  }

  @GET
  @Path("rows")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The import's rows in file order",
      description =
          "Filtered by status (MATCHED, NOT_FOUND, DUPLICATE,"
              + " INVALID, PROTECTED, UNCHANGED; repeat or comma-separate), paged with first and max (default 100, at most 1000);"
              + " the X-Total-Count header gives the number of matching rows. Once the import's history is erased"
              + " (history-retention after it ended), rows keep their status, outcome and message key, without identifier,"
              + " user id or message.")
  @APIResponse(
      responseCode = "200",
      description = "The rows",
      content =
          @Content(
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = BulkImportRowRepresentation.class)))
  public Response rows(
      @QueryParam("status") List<String> status,
      @QueryParam("first") Integer first,
      @QueryParam("max") Integer max) {
    List<String> statuses = statuses(status);
    TypedQuery<BulkImportRowEntity> query;
    long total;
    if (statuses.isEmpty()) {
      query = em().createNamedQuery("academyBulkRows", BulkImportRowEntity.class);
      total =
          em().createNamedQuery("academyBulkRowsCount", Long.class)
              .setParameter("importId", entity.getId())
              .getSingleResult();
    } else {
      query =
          em().createNamedQuery("academyBulkRowsByStatus", BulkImportRowEntity.class)
              .setParameter("statuses", statuses);
      total =
          em().createNamedQuery("academyBulkRowsCountByStatus", Long.class)
              .setParameter("importId", entity.getId())
              .setParameter("statuses", statuses)
              .getSingleResult();
    }
    boolean erased = historyGone();
    List<BulkImportRowRepresentation> rows =
        query
            .setParameter("importId", entity.getId())
            .setFirstResult(first == null || first < 0 ? 0 : first)
            .setMaxResults(max == null || max <= 0 ? 100 : Math.min(max, 1000))
            .getResultStream()
            .map(e -> row(e, erased))
            .toList();
    if (ImportLife.isPreview(entity) && !rows.isEmpty()) {
      // Which rows would move another import's schedule of the same user (one join for the page).
      Map<Integer, BulkImportRowRepresentation> byNo = new java.util.HashMap<>();
      rows.forEach(r -> byNo.put(r.rowNumber, r));
      for (Schedules.Replaced replaced :
          new Schedules(em())
              .replacedBy(
                  realm.getId(),
                  entity.getId(),
                  BulkAction.valueOf(entity.getAction()),
                  rows.get(0).rowNumber,
                  rows.get(rows.size() - 1).rowNumber)) {
        BulkImportRowRepresentation r = byNo.get(replaced.rowNo());
        if (r != null) {
          r.replacesImportId = replaced.importId();
          r.replacesDueAt = IsoTimes.format(replaced.dueAt());
        }
      }
    }
    return Response.ok(rows).header("X-Total-Count", total).build();
  }

  /** Starts the job. Calling it again, on any node, changes nothing: the first call wins. */
  @POST
  @Path("commit")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Start the job",
      description =
          "Acts on exactly the users the preview matched, in batches on the"
              + " server; survives a node crash. Calling it again (from anywhere) changes nothing. Needs manage-users.")
  @APIResponse(
      responseCode = "202",
      description = "The job is running (or has already run)",
      content = @Content(schema = @Schema(implementation = BulkImportRepresentation.class)))
  @APIResponse(
      responseCode = "409",
      description = "bulk.import-expired, bulk.not-a-preview (cancelled)",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "bulk.invalid-delete-after, bulk.delete-after-not-delete, bulk.invalid-json,"
              + " bulk.delete-after-below-minimum (the body's deleteAfter, or the upload's, is shorter"
              + " than the server's restore-window-min)",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response commit(
      @RequestBody(
              required = false,
              content = @Content(schema = @Schema(implementation = CommitRequest.class)))
          InputStream body) {
    Access.requireWrite(realm, auth, entity);
    java.time.Duration window =
        DeleteAfter.forCommit(
            entity, CommitRequest.read(body).deleteAfter, settings.restoreWindowMin());
    long now = System.currentTimeMillis();
    if (BulkImportRepresentation.isExpired(entity, now)) {
      throw expired();
    }
    if (ImportLife.isCancelled(entity)) {
      throw AcademyException.conflict("bulk.not-a-preview", "The import was cancelled.")
          .rollback(session);
    }
    if (ImportLife.isPreview(entity)) {
      boolean started =
          new ImportLife(em())
              .commit(
                  entity.getId(),
                  new ImportLife.Committer(
                      auth.adminAuth().getUser().getId(),
                      auth.adminAuth().getRealm().getId(),
                      auth.adminAuth().getClient() == null
                          ? null
                          : auth.adminAuth().getClient().getId(),
                      session.getContext().getConnection().getRemoteAddr(),
                      requestBaseUri()),
                  now);
      try {
        em().refresh(entity);
      } catch (EntityNotFoundException e) {
        // Purged by a node's scheduler since it was read: it had expired.
        throw expired();
      }
      if (!started && ImportLife.isPreview(entity)) {
        throw expired(); // expired between the check above and the update
      }
      if (started && BulkAction.DELETE.name().equals(entity.getAction())) {
        DeleteAfter.atCommit(entity, window, now);
      }
      if (started) {
        adminEvent
            .operation(OperationType.ACTION)
            .resourcePath(session.getContext().getUri())
            .representation(BulkImportRepresentation.of(entity, now, null))
            .success();
        wakeUpAfterCommit(); // the job starts at once on this node
      }
    }
    return Response.accepted(representation()).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  /**
   * The commit's base URI as it reached Keycloak, before the hostname settings: the job signs users
   * out with it as if from this request (JobRequest).
   */
  private String requestBaseUri() {
    String base = session.getContext().getHttpRequest().getUri().getBaseUri().toString();
    return base.length() > 1024 ? null : base;
  }

  /**
   * Brings the import's dated deactivations forward to now: all of them, or the users the body
   * names ({@code {"userIds": [...]}}), of those the caller may manage.
   */
  @POST
  @Path("deactivate-now")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Deactivate the import's users with a future leave date now",
      description =
          "Moves the due time of the import's waiting DEACTIVATE entries (all, or the userIds of"
              + " the body) to now; the engine (on any node) deactivates and signs the users out"
              + " within a poll interval, and a leave's return stays at the end of its until."
              + " Calling it again changes nothing. Needs manage-users, or fine-grained manage"
              + " permission on the users (the others are counted in notAllowed).")
  @APIResponse(
      responseCode = "202",
      description = "The entries are due: {changed, notAllowed}",
      content = @Content(schema = @Schema(implementation = ScheduledChanges.Result.class)))
  @APIResponse(
      responseCode = "400",
      description = "bulk.invalid-json: the body is not empty nor {\"userIds\": [...]}",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response deactivateNow(InputStream body) {
    Access.requireWrite(realm, auth, entity);
    java.util.Set<String> userIds = RestoreRequest.read(body);
    Schedules schedules = new Schedules(em());
    List<ScheduledEntity> waiting =
        schedules.ofImport(entity.getId(), BulkAction.DEACTIVATE, userIds).stream()
            .filter(e -> e.getKind() == ScheduleKind.DATED)
            .toList();
    ScheduledChanges.Result result =
        new ScheduledChanges(session, realm, auth, schedules)
            .dueNow(waiting, System.currentTimeMillis());
    adminEvent
        .operation(OperationType.ACTION)
        .resourcePath(session.getContext().getUri())
        .representation(result)
        .success();
    if (result.changed > 0) {
      wakeUpAfterCommit();
    }
    return Response.accepted(result).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** Ends the restore window of the import's pending users the caller may manage. */
  @POST
  @Path("delete-now")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Delete the import's pending users now",
      description =
          "Moves the due time of the import's users pending deletion that the caller may manage"
              + " to now; the scheduled purge (on any node) deletes them within a poll interval."
              + " Calling it again changes nothing. Refused while the users were scheduled less"
              + " than the server's restore-window-min ago. Needs manage-users.")
  @APIResponse(
      responseCode = "202",
      description = "The users are due: {deleting, notAllowed}",
      content = @Content(schema = @Schema(implementation = DeleteNow.Result.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "bulk.import-not-scheduled: a preview (or an expired one);"
              + " bulk.delete-now-below-minimum: the users were scheduled less than the server's"
              + " restore-window-min ago, or the job is still scheduling them (the description"
              + " says from when it is possible)",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response deleteNow() {
    Access.requireWrite(realm, auth, entity);
    DeleteNow.Result result =
        new DeleteNow(session, realm, auth, em(), settings.restoreWindowMin())
            .apply(entity, System.currentTimeMillis());
    adminEvent
        .operation(OperationType.ACTION)
        .resourcePath(session.getContext().getUri())
        .representation(result)
        .success();
    if (result.deleting > 0) {
      wakeUpAfterCommit();
    }
    return Response.accepted(result).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  private void wakeUpAfterCommit() {
    wakeUpAfterCommit(session, scheduler);
  }

  /** Looks for work on this node once this transaction has committed, not at the next tick. */
  static void wakeUpAfterCommit(KeycloakSession session, JobScheduler scheduler) {
    AfterCommit.run(session, scheduler::wakeUp);
  }

  private AcademyException expired() {
    return AcademyException.conflict(
            "bulk.import-expired", "The preview has expired: upload the file again.")
        .rollback(session);
  }

  /** Discards a preview, or asks a running job to stop after its current batch. */
  @POST
  @Path("cancel")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Discard a preview, stop a running job after its current batch, or cancel a scheduled"
              + " import's dated actions",
      description =
          "On a scheduled import, the dated actions and returns from leave not yet carried out"
              + " are cancelled (their rows read CANCELLED); users pending deletion are restored"
              + " with restore instead. Needs manage-users.")
  @APIResponse(
      responseCode = "202",
      description = "Cancelled, or asked to stop",
      content = @Content(schema = @Schema(implementation = BulkImportRepresentation.class)))
  @APIResponse(
      responseCode = "409",
      description = "bulk.not-cancellable: the import has already ended",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response cancel() {
    Access.requireWrite(realm, auth, entity);
    ImportLife life = new ImportLife(em());
    if (!life.cancelPreview(entity.getId(), System.currentTimeMillis())
        && !life.requestCancel(entity.getId())
        && !cancelWaiting()) {
      throw AcademyException.conflict("bulk.not-cancellable", "The import has already ended.")
          .rollback(session);
    }
    em().refresh(entity);
    adminEvent
        .operation(OperationType.ACTION)
        .resourcePath(session.getContext().getUri())
        .success();
    return Response.accepted(representation()).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  /**
   * A SCHEDULED import's dated actions and returns not yet due are cancelled (the users the caller
   * may manage); users pending deletion are not: restore is their way back. Whether any was.
   */
  private boolean cancelWaiting() {
    Schedules schedules = new Schedules(em());
    List<ScheduledEntity> waiting = schedules.ofImport(entity.getId(), null, null);
    return !waiting.isEmpty()
        && new ScheduledChanges(session, realm, auth, schedules).cancel(waiting).changed > 0;
  }

  /**
   * Restores users of a bulk DELETE still in its restore window, as work of the engine: answers 202
   * at once; safe to call again.
   */
  @POST
  @Path("restore")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Restore users a DELETE import deactivated and scheduled for deletion",
      description =
          "Asks for every pending user of the import, or those of userIds, and answers at once"
              + " (202) with the restore, whose progress GET imports/{id}/restores/{restoreId}"
              + " (the Location) and the import's restore field show. The engine restores them in"
              + " batches on any node: for each user the caller may manage, the mark goes, the row"
              + " reads RESTORED, and a user enabled before the import is enabled again as PUT"
              + " /users/{id} with enabled true does (admin event UPDATE naming the caller); users"
              + " disabled before stay disabled. Users asked for are no longer deleted at their"
              + " due time. Calling again is harmless: users asked for already, or not pending,"
              + " count as notPending. Needs manage-users, or fine-grained manage permission on"
              + " each user (the others count as notAllowed and stay pending).")
  @APIResponse(
      responseCode = "202",
      description = "The restore, as recorded; the engine goes on",
      content = @Content(schema = @Schema(implementation = RestoreRepresentation.class)))
  @APIResponse(
      responseCode = "400",
      description = "bulk.invalid-json, bulk.too-many-user-ids",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "409",
      description = "bulk.import-not-scheduled: a preview (expired or not), never started",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response restore(
      @RequestBody(
              required = false,
              content = @Content(schema = @Schema(implementation = RestoreRequest.class)))
          InputStream body) {
    RestoreRepresentation restore =
        new RestoreAction(session, realm, auth, adminEvent, entity).ask(body);
    if (!restore.done) {
      wakeUpAfterCommit(); // the engine starts at once on this node
    }
    return Response.accepted(restore)
        .location(
            session
                .getContext()
                .getUri()
                .getAbsolutePathBuilder()
                .path("..")
                .path("restores")
                .path(restore.id)
                .build()
                .normalize())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  /** One restore of this import and how far the engine has come. */
  @GET
  @Path("restores/{restoreId}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "A restore of the import and its progress",
      description = "As POST imports/{id}/restore answered, now. Needs view-users.")
  @APIResponse(
      responseCode = "200",
      description = "The restore",
      content = @Content(schema = @Schema(implementation = RestoreRepresentation.class)))
  @APIResponse(
      responseCode = "404",
      description = "bulk.restore-not-found",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public RestoreRepresentation restoreProgress(@PathParam("restoreId") String restoreId) {
    return new RestoreAction(session, realm, auth, adminEvent, entity).get(restoreId);
  }

  @GET
  @Path("report")
  @Operation(
      summary = "The report: one line per input row",
      description =
          "Row number, identifier, status, outcome, message,"
              + " user id; format xlsx (default) or csv.")
  @APIResponse(
      responseCode = "200",
      description = "The report file",
      content = {
        @Content(
            mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "text/csv",
            schema = @Schema(type = SchemaType.STRING, format = "binary"))
      })
  @APIResponse(
      responseCode = "410",
      description =
          "bulk.report-expired: the import ended more than history-retention ago and its rows'"
              + " identifiers are erased",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response report(@QueryParam("format") String format) {
    boolean csv = "csv".equalsIgnoreCase(format);
    if (format != null && !csv && !"xlsx".equalsIgnoreCase(format)) {
      throw AcademyException.badRequest("bulk.invalid-format", "format must be xlsx or csv.");
    }
    if (historyGone()) {
      throw AcademyException.gone(
          "bulk.report-expired",
          "The report is no longer available: the import ended more than "
              + HistoryRetention.describe(
                  RealmHistoryRetention.of(realm, settings.historyRetention()))
              + " ago, and its rows' identifiers are erased (history-retention).");
    }
    // Written to a temporary file inside the request, while the database session is open, then
    // streamed; the file goes when streaming ends, however it ends, or at once if writing fails.
    TemporaryReport report;
    try {
      report =
          TemporaryReport.write(
              csv ? ".csv" : ".xlsx",
              out -> {
                if (csv) {
                  ReportWriter.writeCsv(lines(), out);
                } else {
                  ReportWriter.writeXlsx(lines(), out);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StreamingOutput body = report::streamTo;
    String name = "offboarding-report-" + entity.getId().substring(0, 8) + (csv ? ".csv" : ".xlsx");
    return Response.ok(
            body,
            csv
                ? "text/csv; charset=UTF-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }

  @GET
  @Path("academy-data")
  @Operation(
      summary = "The learning records and certificates that a DELETE import will delete",
      description =
          "Of a preview: the users of its rows to process; of a running or scheduled import: its users"
              + " still pending deletion. Users the caller may not view are left out. xlsx (default): sheets"
              + " 'Learning records' and 'Certificates'; csv: one file whose first column, kind, is"
              + " learning-record or certificate. Each line has the user's id, username and e-mail. Needs"
              + " view-users.")
  @APIResponse(
      responseCode = "200",
      description = "The export file",
      content = {
        @Content(
            mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "text/csv",
            schema = @Schema(type = SchemaType.STRING, format = "binary"))
      })
  @APIResponse(
      responseCode = "400",
      description = "bulk.invalid-format",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "bulk.academy-data-not-delete: the import does not delete; bulk.academy-data-unavailable:"
              + " the import has ended (completed, cancelled, expired, failed) and deletes nothing more",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ErrorRepresentation.class)))
  public Response academyData(@QueryParam("format") String format) {
    boolean csv = "csv".equalsIgnoreCase(format);
    if (format != null && !csv && !"xlsx".equalsIgnoreCase(format)) {
      throw AcademyException.badRequest("bulk.invalid-format", "format must be xlsx or csv.");
    }
    if (!BulkAction.DELETE.name().equals(entity.getAction())) {
      throw AcademyException.conflict(
          "bulk.academy-data-not-delete", "This import does not delete users.");
    }
    AcademyDataSource.Users users = academyDataUsers();
    if (users == null) {
      throw AcademyException.conflict(
          "bulk.academy-data-unavailable",
          "This import has ended: it deletes no more users, so there is no academy data to export.");
    }
    AcademyDataSource source = new AcademyDataSource(session, realm, auth, entity.getId(), users);
    AcademyDataWriter writer = new AcademyDataWriter();
    // As the report: written while the database session is open, then streamed.
    TemporaryReport export;
    try {
      export =
          TemporaryReport.write(
              csv ? ".csv" : ".xlsx",
              out -> {
                if (csv) {
                  writer.writeCsv(source.learningRecords(), source.certificates(), out);
                } else {
                  writer.writeXlsx(source.learningRecords(), source.certificates(), out);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StreamingOutput body = export::streamTo;
    return Response.ok(
            body,
            csv
                ? "text/csv; charset=UTF-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(
            "Content-Disposition",
            "attachment; filename=\"academy-data-"
                + entity.getId()
                + (csv ? ".csv" : ".xlsx")
                + "\"")
        .build();
  }

  /** Whose academy data the import will still delete, or null when it will delete no more. */
  private AcademyDataSource.Users academyDataUsers() {
    if (ImportLife.isPreview(entity)
        && !ImportLife.isExpiredPreview(entity, System.currentTimeMillis())) {
      return AcademyDataSource.Users.PREVIEW_ROWS;
    }
    if (ImportLife.mayStillDelete(entity)) {
      return AcademyDataSource.Users.PENDING_DELETIONS;
    }
    return null;
  }

  /** The rows in file order, read a page at a time. */
  private Iterator<ReportLine> lines() {
    return new Iterator<>() {
      private int offset;
      private List<BulkImportRowEntity> page = List.of();
      private int index;
      private boolean exhausted;

      @Override
      public boolean hasNext() {
        if (index < page.size()) {
          return true;
        }
        if (exhausted) {
          return false;
        }
        page.forEach(em()::detach);
        page =
            em().createNamedQuery("academyBulkRows", BulkImportRowEntity.class)
                .setParameter("importId", entity.getId())
                .setFirstResult(offset)
                .setMaxResults(REPORT_PAGE)
                .getResultList();
        offset += page.size();
        index = 0;
        exhausted = page.size() < REPORT_PAGE;
        return !page.isEmpty();
      }

      @Override
      public ReportLine next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        BulkImportRowEntity r = page.get(index++);
        return ReportLine.of(
                r.getRowNo(),
                r.getIdentifier(),
                r.getStatus(),
                r.getOutcome(),
                r.getMessageKey(),
                r.getMessageParam(),
                r.getMessage(),
                r.getUserId())
            .withDates(r.getLeaveDate(), r.getUntilDate(), IsoTimes.format(r.getDueAt()));
      }
    };
  }

  /**
   * Whether the rows' personal columns are erased, or due to be: from the moment the retention
   * ends, not from when a node's purge gets to it.
   */
  private boolean historyGone() {
    return HistoryRetention.isPastRetention(
        entity,
        RealmHistoryRetention.of(realm, settings.historyRetention()),
        System.currentTimeMillis());
  }

  /** A row; once the history is gone, without what named the user, whatever the purge did yet. */
  private static BulkImportRowRepresentation row(BulkImportRowEntity e, boolean erased) {
    BulkImportRowRepresentation r = BulkImportRowRepresentation.of(e);
    if (erased) {
      r.identifier = null;
      r.userId = null;
      r.message = null;
      r.messageParams = List.of();
    }
    return r;
  }

  private BulkImportRepresentation representation() {
    Map<String, Long> outcomes = null;
    if (entity.getCommittedAt() != null) {
      outcomes = new LinkedHashMap<>();
      for (Object[] row :
          em().createNamedQuery("academyBulkRowsOutcomeCounts", Object[].class)
              .setParameter("importId", entity.getId())
              .getResultList()) {
        outcomes.put((String) row[0], ((Number) row[1]).longValue());
      }
    }
    return BulkImportRepresentation.of(entity, System.currentTimeMillis(), outcomes)
        .withPending(em(), entity)
        .withRestore(em(), entity)
        .withCalendar(em(), entity)
        .withMoves(em(), entity);
  }

  private static List<String> statuses(List<String> values) {
    List<String> statuses = new ArrayList<>();
    if (values == null) {
      return statuses;
    }
    for (String value : values) {
      for (String s : value.split(",")) {
        if (s.isBlank()) {
          continue;
        }
        try {
          statuses.add(RowStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)).name());
        } catch (IllegalArgumentException e) {
          throw AcademyException.badRequest(
              "bulk.invalid-status",
              "status must be one of " + Arrays.toString(RowStatus.values()) + ".");
        }
      }
    }
    return statuses;
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
