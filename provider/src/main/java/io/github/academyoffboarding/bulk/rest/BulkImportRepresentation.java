package io.github.academyoffboarding.bulk.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.schedule.Schedules;
import io.github.academyoffboarding.common.IsoTimes;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An import as the REST API shows it (docs/openapi.yaml, "BulkImportRepresentation"). */
public final class BulkImportRepresentation {

  public String id;
  public String action;
  public String matchBy;

  @Schema(
      description =
          "Where the import comes from: FILE (an upload), API (a JSON body), USER_LIST (the"
              + " console's delete, deactivate or reactivate of chosen users) or ATTRIBUTE (the"
              + " leave-date sweep).",
      enumeration = {"FILE", "API", "USER_LIST", "ATTRIBUTE"})
  public String origin;

  public String status;
  public String fileName;
  public String createdBy;
  public String createdById;
  public String createdAt;
  public String expiresAt;
  public String committedAt;
  public String finishedAt;
  public String errorMessage;

  /** The upload asked for rows hidden in the spreadsheet to be acted on too. */
  public boolean includeHidden;

  @Schema(
      description =
          "An xlsx upload: the sheet the rows were read from (the one named users, else the first"
              + " visible sheet with a header). Absent for CSV and without a file.")
  public String sheet;

  @Schema(
      description =
          "An xlsx upload: how many visible sheets the workbook has. Absent for CSV and without a"
              + " file.")
  public Integer sheetCount;

  @Schema(
      description =
          "An upload: the row number of the header (1 is the first row, as the spreadsheet shows"
              + " it). The header is the first row naming an email, username or id column among"
              + " the first 20 rows with content; rows above it are not read. Absent without a"
              + " file.")
  public Integer headerRow;

  /**
   * When the rows' identifiers, user ids and messages were erased (history-retention); the report
   * is gone from then on.
   */
  public String historyErasedAt;

  /**
   * A DELETE import's restore window (ISO-8601: the upload's, the commit's or the server's default
   * {@code restore-window}); {@code PT0S} deletes at once. Null for other actions.
   */
  public String deleteAfter;

  /**
   * When the users the import scheduled are deleted for good; null until committed with a window.
   */
  public String deletionDueAt;

  /** Users of this import still pending deletion (deactivated, restorable). */
  public long pendingDeletions;

  @Schema(
      description =
          "Users of this import with a dated action or a return from leave still waiting (the"
              + " Scheduled list's DATED and RETURN entries).")
  public long waiting;

  public Summary summary;
  public Progress progress;

  /** The import's restores summed up (POST imports/{id}/restore); absent when never restored. */
  public RestoreRepresentation restore;

  /** Rows per outcome, once the job has started: e.g. {"DELETED": 120, "GONE": 1}. */
  public Map<String, Long> outcomes;

  @Schema(
      description =
          "The dated rows by day: MATCHED rows with a date, one entry per date with the import's"
              + " action, and the returns of leaves (until) as REACTIVATE; sorted by dueAt. Empty"
              + " without dated rows. Shown for one import (its preview, GET imports/{id}), not in"
              + " the list of imports.")
  public List<CalendarEntry> calendar;

  /** One day of the calendar. */
  @Schema(name = "BulkImportCalendarEntry")
  public static final class CalendarEntry {
    @Schema(description = "The date as written in the rows (YYYY-MM-DD).")
    public String date;

    @Schema(
        description =
            "What happens that day: the import's action, or REACTIVATE for the end of a leave.",
        enumeration = {"DEACTIVATE", "DELETE", "REACTIVATE"})
    public String action;

    @Schema(description = "When it happens (ISO-8601 instant).")
    public String dueAt;

    @Schema(description = "How many users.")
    public long users;
  }

  public static final class Summary {
    public int totalRows;
    public int toProcess;
    public int notFound;
    public int duplicate;
    public int invalid;

    /** "protected" is a Java keyword; the JSON field keeps the contract's name. */
    @JsonProperty("protected")
    public int protectedUsers;

    public int unchanged;
    public int hidden;
    public int ambiguous;
    public long learningRecords;
    public long certificates;

    @Schema(
        description =
            "MATCHED rows with a date (acted on at its end, or start for REACTIVATE); shown with"
                + " the calendar, absent in the list of imports.")
    public Long dated;

    @Schema(
        description =
            "A preview's MATCHED rows whose user another import has scheduled for the same action:"
                + " this one replaces those schedules at commit (the rows' replacesImportId and"
                + " replacesDueAt name them). Absent in the list of imports and after commit.")
    public Long moves;
  }

  public static final class Progress {
    public int total;
    public int processed;
    public int succeeded;
    public int failed;
  }

  static BulkImportRepresentation of(BulkImportEntity e, long now, Map<String, Long> outcomes) {
    BulkImportRepresentation r = new BulkImportRepresentation();
    r.id = e.getId();
    r.action = e.getAction();
    r.matchBy = e.getMatchBy();
    r.origin = e.getOrigin();
    r.status = ImportLife.shown(e, now);
    r.fileName = e.getFileName();
    r.createdBy = e.getCreatedByUsername();
    r.createdById = e.getCreatedBy();
    r.createdAt = IsoTimes.format(e.getCreatedAt());
    r.expiresAt = ImportLife.isPreview(e) ? IsoTimes.format(e.getExpiresAt()) : null;
    r.committedAt = IsoTimes.format(e.getCommittedAt());
    r.finishedAt = IsoTimes.format(e.getFinishedAt());
    r.errorMessage = e.getErrorMessage();
    r.includeHidden = e.isIncludeHidden();
    r.sheet = e.getSheetName();
    r.sheetCount = e.getSheetCount();
    r.headerRow = e.getHeaderRow();
    r.historyErasedAt = IsoTimes.format(e.getHistoryErasedAt());
    r.deleteAfter = e.getDeleteAfter();
    r.deletionDueAt = IsoTimes.format(e.getDeletionDueAt());
    Summary s = new Summary();
    s.totalRows = e.getTotalRows();
    s.toProcess = e.getToProcess();
    s.notFound = e.getNotFound();
    s.duplicate = e.getDuplicates();
    s.invalid = e.getInvalid();
    s.protectedUsers = e.getProtectedRows();
    s.unchanged = e.getUnchanged();
    s.hidden = e.getHidden();
    s.ambiguous = e.getAmbiguous();
    s.learningRecords = e.getLearningRecords();
    s.certificates = e.getCertificates();
    r.summary = s;
    Progress p = new Progress();
    p.total = e.getToProcess();
    p.processed = e.getProcessed();
    p.succeeded = e.getSucceeded();
    p.failed = e.getFailed();
    r.progress = p;
    r.outcomes = outcomes;
    return r;
  }

  /**
   * Adds the counts of users still pending deletion and of users waiting for a date, for imports
   * that may have some (one count on an index each).
   */
  BulkImportRepresentation withPending(jakarta.persistence.EntityManager em, BulkImportEntity e) {
    if (e.getCommittedAt() != null && e.getFinishedAt() == null) {
      waiting = new Schedules(em).countOf(e.getId());
    }
    if (e.getDeletionDueAt() != null && e.getFinishedAt() == null) {
      pendingDeletions =
          em.createNamedQuery("academyPendingCountByImport", Long.class)
              .setParameter("importId", e.getId())
              .getSingleResult();
    }
    return this;
  }

  /**
   * Adds the calendar and {@code summary.dated}: one GROUP BY query for the dates, one for the
   * returns (each on the import's rows only: its primary key's prefix).
   */
  BulkImportRepresentation withCalendar(EntityManager em, BulkImportEntity e) {
    List<CalendarEntry> entries = new ArrayList<>();
    long dated = 0;
    for (Object[] day :
        em.createNamedQuery("academyBulkRowsCalendar", Object[].class)
            .setParameter("importId", e.getId())
            .getResultList()) {
      CalendarEntry entry = entry(day, e.getAction());
      dated += entry.users;
      entries.add(entry);
    }
    if (BulkAction.DEACTIVATE.name().equals(e.getAction())) {
      for (Object[] day :
          em.createNamedQuery("academyBulkRowsCalendarReturns", Object[].class)
              .setParameter("importId", e.getId())
              .getResultList()) {
        entries.add(entry(day, BulkAction.REACTIVATE.name()));
      }
    }
    entries.sort(
        Comparator.comparing((CalendarEntry c) -> c.dueAt == null ? "" : c.dueAt)
            .thenComparing(c -> c.action));
    calendar = entries;
    summary.dated = dated;
    return this;
  }

  /** Adds {@code summary.moves} to a preview: one join of its rows with the waiting schedules. */
  BulkImportRepresentation withMoves(EntityManager em, BulkImportEntity e) {
    if (ImportLife.isPreview(e)) {
      summary.moves =
          new Schedules(em)
              .countReplaced(e.getRealmId(), e.getId(), BulkAction.valueOf(e.getAction()));
    }
    return this;
  }

  private static CalendarEntry entry(Object[] day, String action) {
    CalendarEntry c = new CalendarEntry();
    c.date = (String) day[0];
    c.action = action;
    c.dueAt = IsoTimes.format(day[1] == null ? null : ((Number) day[1]).longValue());
    c.users = ((Number) day[2]).longValue();
    return c;
  }

  /** Adds the sum of the import's restores, if it had any. */
  BulkImportRepresentation withRestore(jakarta.persistence.EntityManager em, BulkImportEntity e) {
    if (e.getDeletionDueAt() != null) {
      io.github.academyoffboarding.bulk.restore.Restores.Progress p =
          new io.github.academyoffboarding.bulk.restore.Restores(em).ofImport(e.getId());
      restore = p == null ? null : RestoreRepresentation.of(p);
    }
    return this;
  }

  static boolean isExpired(BulkImportEntity e, long now) {
    return ImportLife.isExpiredPreview(e, now);
  }
}
