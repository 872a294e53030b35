package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.common.IsoTimes;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of an import: what the preview found and, after the job, what happened. */
public final class BulkImportRowRepresentation {

  public int rowNumber;
  public String identifier;
  public String status;
  public String userId;
  public int learningRecords;
  public int certificates;
  public String outcome;

  /** AMBIGUOUS: how many users the identifier matched. */
  public Integer matchCount;

  /** The message in English; {@code messageKey} and {@code messageParams} let the UI translate. */
  public String message;

  public String messageKey;
  public List<String> messageParams;

  @Schema(description = "The row's date (ISO YYYY-MM-DD) when it has a valid one.")
  public String date;

  @Schema(description = "DEACTIVATE: the row's until (ISO YYYY-MM-DD) when it has a valid one.")
  public String until;

  @Schema(
      description =
          "MATCHED with a date: when its action is due (ISO-8601 instant): the end of the date in"
              + " the server's time-zone, the start of it for REACTIVATE. Absent: at commit. A"
              + " time already past at commit acts at commit.")
  public String dueAt;

  @Schema(
      description =
          "MATCHED DEACTIVATE with an until: when the user is reactivated (ISO-8601 instant, the"
              + " end of until).")
  public String untilAt;

  @Schema(
      description =
          "A preview's MATCHED row whose user another import has scheduled for the same action:"
              + " that import, whose schedule this one replaces at commit (its row then reads"
              + " MOVED).")
  public String replacesImportId;

  @Schema(description = "When that earlier schedule was due (ISO-8601 instant).")
  public String replacesDueAt;

  static BulkImportRowRepresentation of(BulkImportRowEntity e) {
    BulkImportRowRepresentation r = new BulkImportRowRepresentation();
    r.rowNumber = e.getRowNo();
    r.identifier = e.getIdentifier();
    r.status = e.getStatus();
    r.userId = e.getUserId();
    r.learningRecords = e.getLearningRecords();
    r.certificates = e.getCertificates();
    r.outcome = e.getOutcome();
    r.matchCount = e.getMatchCount();
    r.message = RowMessage.englishOf(e.getMessageKey(), e.getMessageParam(), e.getMessage());
    r.messageKey = e.getMessageKey();
    r.messageParams =
        e.getMessageParam() == null ? List.of() : List.of(e.getMessageParam().split("\\|", -1));
    r.date = e.getLeaveDate();
    r.until = e.getUntilDate();
    r.dueAt = IsoTimes.format(e.getDueAt());
    r.untilAt = IsoTimes.format(e.getUntilAt());
    return r;
  }
}
